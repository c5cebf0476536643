"""The Import dialog: sources (files, pasted text), the notes it would write, and the worker thread that reads them."""
