"""FlashDeck: offline interview rehearsal with spaced repetition."""

__version__ = "0.1.0"
