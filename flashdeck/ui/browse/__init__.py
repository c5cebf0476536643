"""The Browse screen: the searchable card table (``screen``, ``model``) and the note editor."""
