"""The project's errors: a problem the user can act on, as one line.

Every error the user is meant to read derives from ``FlashDeckError``; the
command line prints its message and exits 1, the app shows it as a status
line or a dialog (``flashdeck.collection.failures.describe_failure``).
Nothing else is a "user error": a ``KeyError`` or a bare ``ValueError`` that
escapes is a bug of ours and is reported as one, with its traceback in the log.

The family lives in ``core`` because the lowest layer raises some of them
(bad input to a reader or a parser, an unknown search term, a clock that
cannot be right) and every layer above must be able to raise and catch them;
``flashdeck.storage.errors`` builds the storage failures on ``FlashDeckError``.

The classes keep their built-in bases (``LookupError``, ``ValueError``) so that
code and tests that catch the built-ins keep working.
"""

from __future__ import annotations

__all__ = [
    "CardChanged",
    "FlashDeckError",
    "ImportFormatError",
    "InvalidInput",
    "NotFound",
]


class FlashDeckError(Exception):
    """A problem the user can fix or must know of; ``str()`` is the one line shown to them."""


class NotFound(FlashDeckError, LookupError):
    """No deck, note, card or attempt with that name or id (deleted meanwhile, or mistyped)."""


class InvalidInput(FlashDeckError, ValueError):
    """A value the user gave that cannot be used: a setting out of range, a bad name, an unknown kind."""


class CardChanged(FlashDeckError, LookupError):
    """A card was answered (or an answer undone) by another window or process since this one read it.

    Nothing was written.
    """


class ImportFormatError(InvalidInput):
    """Bad input: names the file and, when known, the line.

    ``str(err)`` is the one line the command line prints, for example
    ``stories.md:12: unknown field 'Situaton' for kind 'story'``.
    """

    def __init__(self, message: str, *, source: str | None = None, line: int | None = None):
        self.message = message
        self.source = source
        self.line = line
        super().__init__(self.__str__())

    def __str__(self) -> str:
        where = self.source or "<input>"
        if self.line is not None:
            where = f"{where}:{self.line}"
        return f"{where}: {self.message}"

    def located(self, source: str) -> ImportFormatError:
        """The same error, naming ``source`` (used once the caller knows the path)."""
        return ImportFormatError(self.message, source=source, line=self.line)
