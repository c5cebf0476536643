"""Dialogs opened from the main window: settings (with personal parameters), the speech-model download, failures."""
