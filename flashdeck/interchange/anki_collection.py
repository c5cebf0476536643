"""Reading an Anki collection file (SQLite) into plain data: note types, decks, notes, cards, reviews.

Two schemas exist: the legacy one (schema 11: note types and decks as JSON in
the ``col`` row), written by ``collection.anki2``/``collection.anki21`` and by
Anki's "support older versions" export; and the modern one (schema 18: tables
``notetypes``, ``fields``, ``templates``, ``decks``), inside ``collection.anki21b``.
The file is opened read-only and immutable; every value is type-checked, so a
damaged or hostile database gives an ``ImportFormatError``, never a crash.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from flashdeck.core.notes import ImportFormatError
from flashdeck.interchange import wire
from flashdeck.interchange.safe_zip import Limits

# Anki's schema, not ours: its SQL stays beside the format it reads (tests/test_layering.py allows it here).
__all__ = ["AnkiCard", "AnkiCollection", "AnkiNote", "AnkiNotetype", "AnkiReview", "read_collection"]

SQLITE_MAGIC = b"SQLite format 3\x00"
# Anki's queue numbers: -1 suspended, -2/-3 buried; revlog types: 4 manual, 5 rescheduled.
QUEUE_SUSPENDED = -1


@dataclass(frozen=True)
class AnkiNotetype:
    id: int
    name: str
    cloze: bool
    fields: tuple[str, ...]
    templates: tuple[str, ...]


@dataclass(frozen=True)
class AnkiNote:
    id: int
    guid: str
    notetype_id: int
    tags: tuple[str, ...]
    fields: tuple[str, ...]


@dataclass(frozen=True)
class AnkiCard:
    id: int
    note_id: int
    deck_id: int
    ord: int
    queue: int


@dataclass(frozen=True)
class AnkiReview:
    """One revlog row: ``time_ms`` is when (the row id), ``ease`` 0-4, ``kind`` Anki's revlog type."""

    card_id: int
    time_ms: int
    ease: int
    kind: int
    duration_ms: int


@dataclass
class AnkiCollection:
    schema: int
    notetypes: dict[int, AnkiNotetype]
    decks: dict[int, str]
    notes: list[AnkiNote]
    cards: list[AnkiCard]
    reviews: dict[int, list[AnkiReview]] = field(default_factory=dict)  # card id -> oldest first


def _int(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"expected an integer, found {value!r:.40}")
    return value


def _str(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError(f"expected text, found {value!r:.40}")
    return value


def read_collection(path: Path, *, source: str, limits: Limits) -> AnkiCollection:
    """Read the collection at ``path`` (a temporary file); errors name ``source``, the package."""
    with open(path, "rb") as fh:
        if fh.read(len(SQLITE_MAGIC)) != SQLITE_MAGIC:
            raise ImportFormatError("the collection inside is not a SQLite database", source=source)
    try:
        conn = sqlite3.connect(f"{path.as_uri()}?mode=ro&immutable=1", uri=True)
    except sqlite3.Error as err:
        raise ImportFormatError(f"the collection inside cannot be opened ({err})", source=source) from None
    try:
        # Views and triggers in a hostile file must not run functions with side effects.
        conn.execute("PRAGMA trusted_schema=OFF")
        return _read(conn, limits, source)
    except (sqlite3.Error, ValueError, TypeError, KeyError, AttributeError) as err:
        raise ImportFormatError(f"the collection inside is damaged or not an Anki collection ({err})",
                                source=source) from None
    finally:
        conn.close()


def _read(conn: sqlite3.Connection, limits: Limits, source: str) -> AnkiCollection:
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    missing = {"col", "notes", "cards", "revlog"} - tables
    if missing:
        raise ValueError(f"no table {', '.join(sorted(missing))}")
    notes_count = _int(conn.execute("SELECT count(*) FROM notes").fetchone()[0])
    if notes_count > limits.notes:
        raise ImportFormatError(f"the package holds {notes_count} notes; the limit is {limits.notes}", source=source)
    reviews_count = _int(conn.execute("SELECT count(*) FROM revlog").fetchone()[0])
    if reviews_count > limits.reviews:
        raise ImportFormatError(f"the package holds {reviews_count} reviews; the limit is {limits.reviews}",
                                source=source)
    if "notetypes" in tables:
        schema, notetypes, decks = 18, _modern_notetypes(conn), _modern_decks(conn)
    else:
        schema = 11
        models, deck_json = conn.execute("SELECT models, decks FROM col").fetchone()
        notetypes, decks = _legacy_notetypes(_str(models)), _legacy_decks(_str(deck_json))
    notes = []
    for nid, guid, mid, tags, flds in conn.execute("SELECT id, guid, mid, tags, flds FROM notes ORDER BY id"):
        notetype = notetypes.get(_int(mid))
        if notetype is None:
            raise ValueError(f"note {nid} uses note type {mid}, which the collection does not define")
        values = tuple(_str(flds).split("\x1f"))
        notes.append(AnkiNote(_int(nid), _str(guid), notetype.id, tuple(_str(tags).split()), values))
    cards = [
        # A card in a filtered deck remembers its home deck in odid.
        AnkiCard(_int(cid), _int(nid), _int(odid) or _int(did), _int(ord_), _int(queue))
        for cid, nid, did, ord_, queue, odid in conn.execute(
            "SELECT id, nid, did, ord, queue, odid FROM cards ORDER BY id")
    ]
    reviews: dict[int, list[AnkiReview]] = {}
    for rid, cid, ease, kind, time in conn.execute("SELECT id, cid, ease, type, time FROM revlog ORDER BY id"):
        reviews.setdefault(_int(cid), []).append(
            AnkiReview(_int(cid), _int(rid), _int(ease), _int(kind), max(0, _int(time))))
    return AnkiCollection(schema, notetypes, decks, notes, cards, reviews)


def _modern_notetypes(conn: sqlite3.Connection) -> dict[int, AnkiNotetype]:
    field_names: dict[int, list[str]] = {}
    for ntid, name in conn.execute("SELECT ntid, name FROM fields ORDER BY ntid, ord"):
        field_names.setdefault(_int(ntid), []).append(_str(name))
    template_names: dict[int, list[str]] = {}
    for ntid, name in conn.execute("SELECT ntid, name FROM templates ORDER BY ntid, ord"):
        template_names.setdefault(_int(ntid), []).append(_str(name))
    out = {}
    for ntid, name, config in conn.execute("SELECT id, name, config FROM notetypes"):
        if not isinstance(config, bytes):
            raise ValueError(f"note type {name!r} has no config")
        # NotetypeConfig field 1 is the kind: 0 normal, 1 cloze.
        cloze = wire.first_int(config, 1) == 1
        out[_int(ntid)] = AnkiNotetype(_int(ntid), _str(name), cloze, tuple(field_names.get(ntid, ())),
                                       tuple(template_names.get(ntid, ())))
    return out


def _modern_decks(conn: sqlite3.Connection) -> dict[int, str]:
    # Modern Anki separates deck levels with \x1f where the user sees "::".
    return {_int(did): _str(name).replace("\x1f", "::") for did, name in conn.execute("SELECT id, name FROM decks")}


def _legacy_notetypes(models_json: str) -> dict[int, AnkiNotetype]:
    models = json.loads(models_json)
    if not isinstance(models, dict):
        raise ValueError("the note types are not a JSON object")
    out = {}
    for model in models.values():
        flds = sorted(model["flds"], key=lambda f: _int(f["ord"]))
        tmpls = sorted(model["tmpls"], key=lambda t: _int(t["ord"]))
        ntid = _int(model["id"])
        out[ntid] = AnkiNotetype(ntid, _str(model["name"]), model.get("type") == 1,
                                 tuple(_str(f["name"]) for f in flds), tuple(_str(t["name"]) for t in tmpls))
    return out


def _legacy_decks(decks_json: str) -> dict[int, str]:
    decks = json.loads(decks_json)
    if not isinstance(decks, dict):
        raise ValueError("the decks are not a JSON object")
    return {_int(deck["id"]): _str(deck["name"]) for deck in decks.values()}
