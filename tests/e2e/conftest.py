"""Tests that run the real app in a real window: they use the ``xvfb_display`` fixture (tests/conftest.py)."""
