"""What importers produce and the Collection consumes: notes as plain data.

A :class:`NoteDraft` is a note before it has a database id: its kind, its named
fields (Markdown text), its tags and, when the source gives one, an explicit
stable id. Importers are pure functions from text to a :class:`ParseResult`.
"""

from __future__ import annotations

import functools
import gc
import hashlib
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import repeat
from typing import Any, TypeVar

from flashdeck.core.errors import ImportFormatError
from flashdeck.core.kinds import kind_by_name

__all__ = [
    "MAX_IMPORT_NOTES",
    "TYPED_IN_APP",
    "DeckMeta",
    "ImportFormatError",
    "NoteDraft",
    "ParseResult",
    "Unmapped",
    "convert_draft",
    "derive_guid",
    "derive_guids",
    "gc_paused",
    "guid_deriver",
    "normalise_tag",
    "normalise_title",
    "too_many_notes",
]


# Far above any real prep material (50,000 TSV cards are ~10 MB); the readers bound bytes and lines.
MAX_IMPORT_NOTES = 100_000


def too_many_notes(count: int, source: str) -> ImportFormatError:
    return ImportFormatError(f"{count:,} notes in one file; the limit is {MAX_IMPORT_NOTES:,} (split the file)",
                             source=source)


@dataclass(frozen=True)
class DeckMeta:
    """The header of a deck file, or what an importer knows about its deck."""

    name: str | None = None
    description: str = ""
    default_kind: str | None = None
    target: tuple[int, int] | None = None  # seconds (low, high)
    tags: tuple[str, ...] = ()


@dataclass(slots=True)  # (an import makes one a row: slots make that a third cheaper)
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


# The ``ParseResult.format`` of notes typed in the app (the editor, ``Collection.add_notes``), not read from a
# file: they have no "as imported" version to remember, and no format in the registry.
TYPED_IN_APP = "api"


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
    # Every draft is as an import would store it already: a known kind, only its fields, each stripped
    # and not empty, in the kind's order, the title there, tags without repeats, no target. The planner
    # then takes the drafts as they are (a CSV's 50,000 rows need not be copied to be checked).
    clean: bool = False


# Punctuation that tells titles apart ("C#" is not "C", "40%" is not "40"); the rest of Unicode's
# punctuation (".", ",", "'", "-", brackets, quotes …) only separates words.
_KEPT_PUNCTUATION = frozenset("#%&@")
# The same rule for ASCII: letters (lower-cased), digits, the symbols ($+<=>^`|~) and the kept punctuation
# stay; every other character becomes a space. One table lookup a character (a regular expression's
# replacement per run of punctuation costs twice as much; an import derives an id per note).
_ASCII_KEPT = frozenset("abcdefghijklmnopqrstuvwxyz0123456789$+<=>^`|~#%&@")
_ASCII_FOLD = str.maketrans({chr(c): (chr(c).lower() if chr(c).lower() in _ASCII_KEPT else " ") for c in range(128)})
# The same table for the title's bytes: ``bytes.translate`` reads a table where ``str.translate`` looks up a
# dict per character (2.5x slower), and the id's hash wants bytes anyway.
_ASCII_FOLD_BYTES = bytes(ord(_ASCII_FOLD[c]) for c in range(128)) + bytes(range(128, 256))


def _fold_ascii(title: str) -> bytes:
    """``normalise_title`` of an ASCII title, as bytes (after the table only spaces separate words)."""
    return b" ".join(title.encode().translate(_ASCII_FOLD_BYTES).split())


@lru_cache(maxsize=256)
def _normalised_deck(deck: str) -> str:
    return normalise_title(deck)


def normalise_title(title: str) -> str:
    """A title as identity sees it: NFKC, case-folded, punctuation and spacing reduced to single spaces.

    Letters and digits of every script, combining marks and symbols (``+``, ``$``, emoji) count, as do
    ``# % & @``: "Explain C++ templates" and "Explain C# templates" differ, and so do two Chinese or
    Russian titles; "Tell me about a time you failed." and "tell me about a time you FAILED" do not.
    For a title of ASCII letters, digits and ordinary punctuation this is what ids were derived from
    before (``[^a-z0-9]+`` → one space), so those ids did not change.
    """
    if title.isascii():  # the common case, by a translation table (a loop over characters is 10x slower)
        return _fold_ascii(title).decode()
    text = unicodedata.normalize("NFKC", title).casefold()
    kept = [ch if unicodedata.category(ch)[0] in "LNMS" or ch in _KEPT_PUNCTUATION else " " for ch in text]
    return " ".join("".join(kept).split())


def derive_guid(deck: str, kind: str, title: str, occurrence: int = 1) -> str:
    """A stable id from deck + kind + title, insensitive to case, punctuation and spacing (any script).

    Re-importing an edited document whose titles did not change therefore
    updates the same notes and keeps their review history. ``occurrence`` tells
    apart notes of one document that share deck, kind and title (the second is 2).
    """
    return guid_deriver(deck, kind)(title, occurrence)


def guid_deriver(deck: str, kind: str) -> Callable[[str, int], str]:
    """``derive_guid`` for one deck and kind, the deck's part of the key made once: an import derives
    tens of thousands of ids for a few (deck, kind) pairs."""
    # The hash of the key's deck part, made once and copied per title (a third cheaper than hashing the
    # whole key anew: the same digest, blake2b being incremental).
    hashed_prefix = hashlib.blake2b(f"{_normalised_deck(deck)}\x1f{kind}\x1f".encode(), digest_size=8)
    table = _ASCII_FOLD_BYTES

    def derive(title: str, occurrence: int = 1) -> str:
        digest = hashed_prefix.copy()
        # (``_fold_ascii``, written out: an import derives an id per note)
        digest.update(b" ".join(title.encode().translate(table).split()) if title.isascii()
                      else normalise_title(title).encode())
        if occurrence > 1:
            digest.update(f"\x1f{occurrence}".encode())
        return "d:" + digest.hexdigest()

    return derive


def derive_guids(deck: str, kind: str, titles: list[str]) -> list[str]:
    """``derive_guid(deck, kind, title)`` of every title (first occurrences)."""
    return list(map(guid_deriver(deck, kind), titles, repeat(1)))


# The field each kind keeps its answer in (the deck file's "main field"): what a note's answer becomes
# when the user changes its kind in the import preview.
ANSWER_FIELD = {
    "basic": "back", "story": "notes", "question": "prep", "curveball": "framework", "pitch": "text",
    "bridge": "script", "concept": "definition", "probe": "strong", "ask": "why", "beats": "beats",
}


def convert_draft(draft: NoteDraft, kind: str) -> NoteDraft:
    """The note as another kind: the title stays the title, the answer stays the answer, fields both
    kinds have are kept, and every other field is added to the answer under its label."""
    if kind == draft.kind:
        return draft
    source, target = kind_by_name(draft.kind), kind_by_name(kind)
    fields: dict[str, str] = {target.title_field: draft.title}
    extra: list[str] = []
    answer = ANSWER_FIELD.get(draft.kind)
    for name in source.field_names:
        value = draft.fields.get(name, "").strip()
        if not value or name == source.title_field:
            continue
        if name == answer and not fields.get(ANSWER_FIELD[kind]):
            fields[ANSWER_FIELD[kind]] = value
        elif name in target.field_names and name != target.title_field and not fields.get(name):
            fields[name] = value
        else:
            extra.append(f"**{source.label_of(name)}**\n\n{value}")
    if extra:
        home = ANSWER_FIELD[kind]
        fields[home] = "\n\n".join(part for part in (fields.get(home, ""), *extra) if part)
    return NoteDraft(kind, fields, draft.tags, draft.guid, draft.deck, draft.target, draft.line)


_TAG_BAD = re.compile(r"[\s,;]+")


def normalise_tag(tag: str) -> str:
    """Tags are single tokens: spaces become hyphens, case is kept."""
    return _TAG_BAD.sub("-", tag.strip()).strip("-")


_F = TypeVar("_F", bound=Callable[..., Any])


def gc_paused(fn: _F) -> _F:
    """Run ``fn`` with the cyclic garbage collector paused (and restored after, whatever happens).

    Parsing and planning 50,000 notes makes hundreds of thousands of objects that live to the end,
    so the collector's full passes, each over every object alive, make the work grow faster than
    the notes (2× at 50,000 rows, measured); none of those objects form cycles.
    """
    @functools.wraps(fn)
    def paused(*args: Any, **kwargs: Any) -> Any:
        was_enabled = gc.isenabled()
        gc.disable()
        try:
            return fn(*args, **kwargs)
        finally:
            if was_enabled:
                gc.enable()

    return paused  # type: ignore[return-value]
