"""FlashDeck's version, where every layer may read it (the storage layer signs the schema with it)."""

__version__ = "0.1.0"
