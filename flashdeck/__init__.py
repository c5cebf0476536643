"""FlashDeck: offline interview rehearsal with spaced repetition."""

from flashdeck.core.version import __version__

__all__ = ["__version__"]
