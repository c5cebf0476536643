"""Writing a deck as an Anki package (.apkg) that every Anki since 2.1 opens.

The package is the legacy format (``collection.anki2``, schema 11, media list as
JSON), which needs neither zstd nor protobuf and which Anki still imports.
Each kind used becomes one note type ``FlashDeck <Label>``: its fields are the
kind's field labels in order, its card templates the kind's templates (front
prompt; back = front, a rule, then each answer field under its label). Card
templates are wrapped in conditionals on the fields the kind requires, so Anki
makes the same cards FlashDeck does. Cards go over as new: scheduling stays here.
Images and sounds the fields name are taken from the media folder.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from flashdeck.collection.gather import ExportNote, deck_notes
from flashdeck.core.kinds import KINDS, CardTemplate, NoteKind, kind_by_name
from flashdeck.interchange.anki_schema import (
    DEFAULT_COL_CONF,
    DEFAULT_DECK_CONF,
    INSERT_CARD,
    INSERT_COL,
    INSERT_NOTE,
    SCHEMA_SQL,
    SCHEMA_VERSION,
    legacy_deck,
)
from flashdeck.interchange.apkg_read import check_media_name
from flashdeck.interchange.kinds_map import markdown_to_anki, notetype_name
from flashdeck.storage.sqlite_driver import sqlite3

if TYPE_CHECKING:
    from flashdeck.collection.protocol import CollectionLike

__all__ = ["export_apkg", "notetype_id", "write_package"]

# Stable ids, so a second export updates the same note types in Anki instead of adding copies.
_NOTETYPE_ID_BASE = 1_600_000_000_000
_DECK_ID_BASE = 1_600_000_100_000
_BOLD = re.compile(r"\*\*(.+?)\*\*")
_PLACEHOLDER = re.compile(r"\{(\w+)\}")
_MEDIA_REFS = re.compile(r"""<img\b[^>]*?\bsrc=["']([^"']+)["']|\[sound:([^\]]+)\]""", re.IGNORECASE)
_TAGS = re.compile(r"<[^>]*>")
CARD_CSS = (".card { font-family: sans-serif; font-size: 20px; line-height: 1.45; text-align: left; "
            "color: black; background-color: white; }\nh4 { margin: 14px 0 4px 0; font-size: small; "
            "text-transform: uppercase; letter-spacing: 1px; opacity: 0.7; }\n")


def notetype_id(kind: NoteKind) -> int:
    return _NOTETYPE_ID_BASE + list(KINDS).index(kind.name)


def _qfmt(kind: NoteKind, template: CardTemplate) -> str:
    front = _BOLD.sub(r"<b>\1</b>", template.front)
    front = _PLACEHOLDER.sub(lambda m: "{{" + kind.label_of(m.group(1)) + "}}", front)
    for name in reversed(template.requires):
        label = kind.label_of(name)
        front = "{{#" + label + "}}" + front + "{{/" + label + "}}"
    return front


def _afmt(kind: NoteKind, template: CardTemplate) -> str:
    parts = ["{{FrontSide}}", "<hr id=answer>"]
    for name in template.back:
        label = kind.label_of(name)
        parts.append("{{#" + label + "}}<div class=field><h4>" + label + "</h4>{{" + label + "}}</div>{{/"
                     + label + "}}")
    return "\n".join(parts)


def _notetype(kind: NoteKind, mod: int) -> dict[str, Any]:
    ntid = notetype_id(kind)
    index = {name: i for i, name in enumerate(kind.field_names)}
    return {
        "id": ntid, "name": notetype_name(kind), "type": 0, "mod": mod, "usn": -1, "sortf": 0, "did": None,
        "tmpls": [{"name": t.name, "ord": i, "qfmt": _qfmt(kind, t), "afmt": _afmt(kind, t), "bqfmt": "",
                   "bafmt": "", "did": None, "bfont": "", "bsize": 0} for i, t in enumerate(kind.templates)],
        "flds": [{"name": f.label, "ord": i, "sticky": False, "rtl": False, "font": "Arial", "size": 20,
                  "description": ""} for i, f in enumerate(kind.fields)],
        "css": CARD_CSS, "latexPre": "", "latexPost": "", "latexsvg": False, "tags": [], "vers": [],
        "req": [[i, "all", [index[n] for n in t.requires]] for i, t in enumerate(kind.templates)],
    }


def _sort_field(html: str) -> str:
    return _TAGS.sub(" ", html).strip()


def media_names(notes: Sequence[ExportNote]) -> list[str]:
    """Plain file names that the notes' fields show (``<img src>``) or play (``[sound:]``)."""
    names: dict[str, None] = {}
    for note in notes:
        for value in note.fields.values():
            for match in _MEDIA_REFS.finditer(value):
                name = match.group(1) or match.group(2)
                if check_media_name(name) is None:
                    names[name] = None
    return list(names)


def write_package(out: Path, notes: Sequence[ExportNote], media: Sequence[tuple[str, Path]], now_ms: int) -> None:
    """Write ``notes`` (and ``media``: name → file) as a package at ``out`` (replaced only when complete)."""
    now_s = now_ms // 1000
    kinds = [kind_by_name(k) for k in dict.fromkeys(n.kind for n in notes)]
    deck_names = list(dict.fromkeys(n.deck for n in notes))
    deck_ids = {name: _DECK_ID_BASE + i for i, name in enumerate(deck_names, start=1)}
    decks = {"1": legacy_deck(1, "Default", 0)} | {
        str(deck_ids[name]): legacy_deck(deck_ids[name], name, now_s) for name in deck_names}
    models = {str(notetype_id(k)): _notetype(k, now_s) for k in kinds}
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="flashdeck-export-") as tmp:
        db_path = Path(tmp) / "collection.anki2"
        conn = sqlite3.connect(db_path)
        try:
            conn.executescript(SCHEMA_SQL)
            conf = {**DEFAULT_COL_CONF, "curModel": notetype_id(kinds[0]) if kinds else None}
            conn.execute(INSERT_COL, (now_s, now_ms, now_ms, SCHEMA_VERSION, json.dumps(conf), json.dumps(models),
                                      json.dumps(decks), json.dumps({"1": DEFAULT_DECK_CONF})))
            note_rows, card_rows = [], []
            next_note = next_card = 0
            for position, note in enumerate(notes, start=1):
                kind = kind_by_name(note.kind)
                values = [markdown_to_anki(note.fields.get(name, "")) for name in kind.field_names]
                # Anki's ids are creation times in ms: keep ours, nudged apart where equal.
                next_note = max(note.created_ms, next_note + 1)
                sort_field = _sort_field(values[0])
                checksum = int(hashlib.sha1(sort_field.encode()).hexdigest()[:8], 16)
                tags = f" {' '.join(note.tags)} " if note.tags else ""
                note_rows.append((next_note, note.guid, notetype_id(kind), note.modified_ms // 1000, -1, tags,
                                  "\x1f".join(values), sort_field, checksum, 0, ""))
                for ordinal in note.ords:
                    next_card = max(note.created_ms, next_card + 1)
                    card_rows.append((next_card, next_note, deck_ids[note.deck], ordinal, now_s, -1, 0, 0,
                                      position, 0, 0, 0, 0, 0, 0, 0, 0, ""))
            conn.executemany(INSERT_NOTE, note_rows)
            conn.executemany(INSERT_CARD, card_rows)
            conn.commit()
        finally:
            conn.close()
        # Written beside the target and renamed over it only when complete.
        fd, partial_name = tempfile.mkstemp(prefix=".flashdeck-export-", suffix=".apkg", dir=out.parent)
        os.close(fd)
        partial = Path(partial_name)
        try:
            with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as zf:
                zf.write(db_path, "collection.anki2")
                zf.writestr("media", json.dumps({str(i): name for i, (name, _path) in enumerate(media)}))
                for i, (_name, path) in enumerate(media):
                    zf.write(path, str(i), compress_type=zipfile.ZIP_STORED)
            os.replace(partial, out)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise


def export_apkg(col: CollectionLike, deck: str, out: str | os.PathLike[str]) -> int:
    """Write ``deck`` and its sub-decks as an Anki package; returns the number of notes."""
    from flashdeck.collection.media import media_dir

    notes = deck_notes(col, deck)
    folder = media_dir(col)
    media = [(name, folder / name) for name in media_names(notes) if (folder / name).is_file()]
    write_package(Path(out), notes, media, int(col.clock.now().timestamp() * 1000))
    return len(notes)
