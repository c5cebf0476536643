"""``flashdeck check``: database integrity plus the collection's own invariants."""

from __future__ import annotations

import json

from flashdeck.core.kinds import KINDS
from flashdeck.storage.store import Store

__all__ = ["check_collection"]


def check_collection(store: Store) -> list[str]:
    """Every problem found, as one line each; an empty list means sound."""
    problems: list[str] = []
    if store.sqlite:
        result = store.fetchall("PRAGMA integrity_check")
        if [r[0] for r in result] != ["ok"]:
            problems += [f"sqlite integrity: {r[0]}" for r in result]
        broken = store.fetchall("PRAGMA foreign_key_check")
        problems += [f"foreign key broken: {r[0]} row {r[1]} -> {r[2]}" for r in broken]
    for note_id, kind, fields in store.fetchall("SELECT id, kind, fields FROM notes"):
        if kind not in KINDS:
            problems.append(f"note {note_id}: unknown kind {kind!r}")
            continue
        try:
            if not isinstance(json.loads(fields), dict):
                problems.append(f"note {note_id}: fields are not an object")
        except ValueError:
            problems.append(f"note {note_id}: fields are not valid JSON")
    orphans = store.scalar(
        "SELECT count(*) FROM notes n WHERE NOT EXISTS (SELECT 1 FROM cards c WHERE c.note_id = n.id)"
    )
    if orphans:
        problems.append(f"{orphans} note(s) without any card")
    for card_id, kind, ordinal in store.fetchall(
        "SELECT c.id, n.kind, c.ord FROM cards c JOIN notes n ON n.id = c.note_id"
    ):
        if kind in KINDS and not 0 <= ordinal < len(KINDS[kind].templates):
            problems.append(f"card {card_id}: template {ordinal} does not exist for kind {kind!r}")
    for card_id, phase, stability, last_review in store.fetchall(
        "SELECT id, phase, stability, last_review FROM cards WHERE phase NOT IN (0, 1, 2, 3) "
        "OR (phase > 0 AND (stability IS NULL OR last_review IS NULL)) OR (phase = 0 AND last_review IS NOT NULL)"
    ):
        problems.append(
            f"card {card_id}: inconsistent state (phase {phase}, stability {stability}, last review {last_review})"
        )
    for card_id, reps, logged in store.fetchall(
        "SELECT c.id, c.reps, (SELECT count(*) FROM revlog r WHERE r.card_id = c.id) AS n FROM cards c "
        "WHERE c.reps <> (SELECT count(*) FROM revlog r WHERE r.card_id = c.id)"
    ):
        problems.append(f"card {card_id}: {reps} repetitions but {logged} review log entries")
    return problems
