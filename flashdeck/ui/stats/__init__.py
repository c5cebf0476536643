"""The Statistics screen and its charts."""
