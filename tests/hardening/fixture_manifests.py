"""The migration fixtures' manifests, and comparing a collection with one (see tests/data/migrations)."""

from __future__ import annotations

import json
from typing import Any

from helpers import DATA

from flashdeck import __version__
from flashdeck.collection import Collection
from flashdeck.storage import migrations

__all__ = ["FIXTURES", "assert_everything_kept", "expected_cards", "load_manifest", "table_rows"]

FIXTURES = DATA / "migrations"


def load_manifest(revision: str) -> dict[str, Any]:
    return json.loads((FIXTURES / f"{revision}.json").read_text(encoding="utf-8"))


def _plain(value: Any) -> Any:
    return int(value) if isinstance(value, bool) else value


def table_rows(col: Collection, table: str, columns: list[str]) -> list[list[Any]]:
    rows = col.store.fetchall(f"SELECT {', '.join(columns)} FROM {table} ORDER BY {columns[0]}")
    return [[_plain(v) for v in row] for row in rows]


def _columns_now(col: Collection, table: str) -> list[str]:
    if col.store.sqlite:
        return [r[1] for r in col.store.fetchall(f"PRAGMA table_info({table})")]
    return [r[0] for r in col.store.fetchall(
        "SELECT column_name FROM information_schema.columns WHERE table_name = ? "
        "AND table_schema = current_schema() ORDER BY ordinal_position", (table,))]


def expected_cards(manifest: dict[str, Any]) -> list[list[Any]]:
    """The fixture's cards, plus the new first card 0006 gives each note that had none."""
    cards = manifest["tables"]["cards"]
    columns, rows = cards["columns"], [list(r) for r in cards["rows"]]
    notes = manifest["tables"]["notes"]
    deck_of = {r[0]: r[notes["columns"].index("deck_id")] for r in notes["rows"]}
    next_id = max(r[0] for r in rows) + 1
    for offset, note_id in enumerate(manifest["notes_without_cards"]):
        new = dict.fromkeys(columns, None) | {"id": next_id + offset, "note_id": note_id, "deck_id": deck_of[note_id],
                                               "ord": 0, "phase": 0, "due": 0, "reps": 0, "lapses": 0,
                                               "suspended": 0, "buried_until": 0}
        rows.append([new[c] for c in columns])
    return rows


def assert_everything_kept(col: Collection, manifest: dict[str, Any]) -> None:
    assert col.store.version() == migrations.HEAD
    for table, content in manifest["tables"].items():
        expected = expected_cards(manifest) if table == "cards" else content["rows"]
        rows = table_rows(col, table, content["columns"])
        if table == "config":  # the upgrade signs the schema with the version that wrote it
            assert ["written_by", f'"FlashDeck {__version__}"'] in [list(r) for r in rows]
            rows = [r for r in rows if r[0] != "written_by"]
            # From 0007 the old version signed its own schema too: that signature is the one replaced.
            expected = [r for r in expected if r[0] != "written_by"]
        assert rows == expected, f"{table} changed"
        # Columns added since are empty for the old rows (e.g. attempts.self_grade from 0004).
        added = [c for c in _columns_now(col, table) if c not in content["columns"]]
        for column in added:
            values = {r[0] for r in col.store.fetchall(f"SELECT {column} FROM {table}")}
            assert values <= {None}, f"{table}.{column} got values from nowhere: {values}"
    for table in ("attempts",):
        if table not in manifest["tables"]:
            assert col.store.scalar(f"SELECT count(*) FROM {table}") == 0
    assert col.check() == []
