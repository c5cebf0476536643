"""What importers produce and the Collection consumes: notes as plain data.

A :class:`NoteDraft` is a note before it has a database id: its kind, its named
fields (Markdown text), its tags and, when the source gives one, an explicit
stable id. Importers are pure functions from text to a :class:`ParseResult`.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from flashdeck.core.kinds import kind_by_name

__all__ = [
    "DeckMeta",
    "ImportFormatError",
    "NoteDraft",
    "ParseResult",
    "Unmapped",
    "derive_guid",
    "normalise_tag",
]


class ImportFormatError(ValueError):
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


@dataclass(frozen=True)
class DeckMeta:
    """The header of a deck file, or what an importer knows about its deck."""

    name: str | None = None
    description: str = ""
    default_kind: str | None = None
    target: tuple[int, int] | None = None  # seconds (low, high)
    tags: tuple[str, ...] = ()


@dataclass
class NoteDraft:
    """A note as read from a source, before it is stored.

    ``fields`` maps the kind's field names to Markdown text; the kind's title
    field holds the title. ``guid`` is the explicit stable id if the source has
    one; otherwise the Collection derives one from deck + kind + title.
    ``line`` is where the note starts in its source (1-based), for messages.
    """

    kind: str
    fields: dict[str, str]
    tags: tuple[str, ...] = ()
    guid: str | None = None
    deck: str | None = None
    target: tuple[int, int] | None = None
    line: int | None = None

    @property
    def title(self) -> str:
        return self.fields.get(kind_by_name(self.kind).title_field, "")

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.guid,
            "kind": self.kind,
            "title": self.title,
            "fields": dict(self.fields),
            "tags": list(self.tags),
        }


@dataclass(frozen=True)
class Unmapped:
    """A line of the source that became no field of its own, and where it was kept instead."""

    line: int | None
    text: str  # the line, shortened
    kept_in: str  # e.g. "the notes of story 'X'", "note 'Other notes'"

    def describe(self, source: str = "") -> str:
        where = f"line {self.line}" if self.line is not None else "a line"
        if source and self.line is not None:
            where = f"{source}:{self.line}"
        return f"{where}: {self.text!r} → kept in {self.kept_in}"


@dataclass
class ParseResult:
    """What one importer made of one document.

    ``unmapped`` lists the source lines that went into no field of their own
    (prose beside a story, an introduction): they are kept in a note's notes or
    in a note of their own, and the import report lists them.
    """

    format: str
    notes: list[NoteDraft]
    deck: DeckMeta = field(default_factory=DeckMeta)
    warnings: list[str] = field(default_factory=list)
    unmapped: list[Unmapped] = field(default_factory=list)


_SLUG_STRIP = re.compile(r"[^a-z0-9]+")


@lru_cache(maxsize=256)
def _normalised_deck(deck: str) -> str:
    return _normalise_title(deck)


def _normalise_title(title: str) -> str:
    text = unicodedata.normalize("NFKC", title).casefold()
    return _SLUG_STRIP.sub(" ", text).strip()


def derive_guid(deck: str, kind: str, title: str) -> str:
    """A stable id from deck + kind + title, insensitive to case and punctuation.

    Re-importing an edited document whose titles did not change therefore
    updates the same notes and keeps their review history.
    """
    key = f"{_normalised_deck(deck)}\x1f{kind}\x1f{_normalise_title(title)}"
    return "d:" + hashlib.blake2b(key.encode(), digest_size=8).hexdigest()


_TAG_BAD = re.compile(r"[\s,;]+")


def normalise_tag(tag: str) -> str:
    """Tags are single tokens: spaces become hyphens, case is kept."""
    return _TAG_BAD.sub("-", tag.strip()).strip("-")
