"""Make one fixture collection with the FlashDeck code of an older revision, and its manifest.

Run by ``build.py`` (see README.md) with ``PYTHONPATH`` pointing at a checkout
of that revision, so ``import flashdeck`` is the old code, never today's. Uses
only the public ``Collection`` API every released version has; features a
version lacks (interview date, kind targets, attempts) are skipped when absent.

Usage: make_fixture.py DB_PATH_OR_URL MANIFEST.json COMMIT

The manifest records what the old code wrote: the schema revision, every row
of every table (columns named), the notes that ended up without a card (a
0001-era import could store those), and which card states are present.
"""

from __future__ import annotations

import json
import random
import sys
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import flashdeck
from flashdeck.collection import Collection
from flashdeck.core.clock import ManualClock
from flashdeck.core.notes import NoteDraft
from flashdeck.core.scheduling import Phase, Rating, SchedulerSettings

START = datetime(2026, 9, 7, 9, 30, tzinfo=UTC)  # a Monday morning, inside a study day


def _drafts() -> tuple[list[NoteDraft], list[NoteDraft]]:
    """Made-up interview material: plain recall notes, and richer kinds for a sub-deck."""
    basics = [NoteDraft("basic", {"front": f"Fixture prompt {i}", "back": f"Fixture answer {i}"},
                        tags=("fixture", f"group-{i % 3}")) for i in range(14)]
    rich = [
        NoteDraft("story", {
            "title": "Migrated the billing batch job",
            "anchor": "cut nightly run from 6 h to 40 min",
            "use_for": "a time you improved a process",
            "situation": "A nightly job kept missing its window.",
            "task": "Make it finish before the morning reports.",
            "action": "Profiled it, split it into parallel stages, added checkpoints.",
            "result": "Forty minutes a night, no missed report in a year.",
        }, tags=("story",)),
        NoteDraft("story", {
            "title": "Disagreed with a launch date",
            "anchor": "two weeks later, zero rollbacks",
            "use_for": "a time you pushed back",
            "situation": "A launch was planned before load tests were done.",
            "task": "Convince the team to wait without blocking them.",
            "action": "Showed the risk with numbers and offered a staged plan.",
            "result": "Launched two weeks later with no rollback.",
        }, target=(100, 160)),
        NoteDraft("question", {"prompt": "Why do you want this role?", "category": "behavioural",
                               "asking": "Motivation and fit.", "great": "Specific, honest, tied to the team."}),
        NoteDraft("question", {"prompt": "Design a URL shortener", "category": "system design",
                               "great": "Clarifies scale first."}),
        NoteDraft("pitch", {"label": "30-second pitch", "text": "I build reliable back-end systems ...",
                            "beats": "who I am; what I did; why here"}),
    ]
    return basics, rich


def _without_a_card_yet() -> list[NoteDraft]:
    # Before "every note has a card" (1fcb84e) a title alone made no card; such notes exist in old collections.
    return [NoteDraft("basic", {"front": "Fixture prompt with no answer yet"}),
            NoteDraft("pitch", {"label": "2-minute pitch"})]


def _study(col: Collection, clock: ManualClock, rng: random.Random, days: int) -> None:
    for _day in range(days):
        answered = 0
        while (card := col.next_card()) is not None and answered < 40:
            weights = (1, 1, 5, 2) if card.state.phase != Phase.NEW else (2, 1, 4, 2)
            rating = rng.choices(list(Rating), weights=weights)[0]
            col.answer(card.id, rating, duration_ms=rng.randrange(2_000, 40_000))
            answered += 1
            clock.advance(minutes=rng.choice((1, 2, 5, 11)))
        clock.advance(days=1)
        clock.set(clock.now().replace(hour=9, minute=30))


def build(db: str) -> dict[str, object]:
    clock = ManualClock(START, UTC)
    rng = random.Random(20260907)
    col = Collection.open(db, clock=clock, fuzz=False)
    basics, rich = _drafts()
    col.add_notes(basics, deck="Prep")
    col.add_notes(rich, deck="Prep::Stories")
    if not hasattr(col, "kind_targets"):  # the 0001-era rules
        col.add_notes(_without_a_card_yet(), deck="Prep")
    col.set_deck_limits("Prep", new_per_day=8, reviews_per_day=150)
    col.set_scheduler_settings(replace(SchedulerSettings(), desired_retention=0.88, enable_fuzzing=False))
    col.set_config("theme", "dark")
    if hasattr(col, "kind_targets"):
        col.set_config("kind_targets", {"story": [110, 170]})
    _study(col, clock, rng, days=9)
    # Leave cards in every phase: answer one new card Again (learning) and one review card Again (relearning).
    col.set_deck_limits("Prep", new_per_day=20, reviews_per_day=150)
    col.select_deck(None)
    states = {Phase.NEW: None, Phase.REVIEW: None}
    clock.advance(days=30)
    for card in _all_cards(col):
        if card.state.phase in states and states[card.state.phase] is None:
            states[card.state.phase] = card.id
    for card_id in states.values():
        assert card_id is not None, "the fixture needs a new and a review card"
        col.answer(card_id, Rating.AGAIN, duration_ms=9_000)
    # An answer undone (its log row goes), a note edited, a card suspended, one buried.
    spare = next(c for c in _all_cards(col) if c.state.phase == Phase.NEW)
    col.answer(spare.id, Rating.GOOD)
    col.undo()
    first_note = col.store.fetchall("SELECT min(id) FROM notes")[0][0]
    fields = dict(col.note(first_note).fields, back="Fixture answer 0, edited")
    col.update_note(first_note, fields)
    review_cards = [c for c in _all_cards(col) if c.state.phase == Phase.REVIEW]
    col.suspend([review_cards[0].id])
    col.bury([review_cards[1].id])
    if hasattr(col, "set_interview_date"):
        col.set_interview_date(date(2026, 12, 14))
    _record_attempt(col)
    problems = col.check()
    col.close()
    return {"problems": problems}


def _all_cards(col: Collection) -> list:  # type: ignore[type-arg]
    return [col.card(r[0]) for r in col.store.fetchall("SELECT id FROM cards ORDER BY id")]


def _record_attempt(col: Collection) -> None:
    try:
        from flashdeck.core.rehearsal import Lap
        from flashdeck.storage import attempts
    except ImportError:  # before 0004_attempts
        return
    try:
        from flashdeck.collection import rehearsing
    except ImportError:  # before issue #16 made flashdeck.collection a package
        from flashdeck import rehearsing  # type: ignore[no-redef]
    story = col.store.fetchall("SELECT c.id FROM cards c JOIN notes n ON n.id = c.note_id "
                               "WHERE n.kind = 'story' AND c.ord = 0 ORDER BY c.id")[0][0]
    laps = [Lap("Situation", 0.0, 21.5), Lap("Task", 21.5, 38.25), Lap("Action", 38.25, 121.0),
            Lap("Result", 121.0, 151.5)]
    made = rehearsing.record_attempt(col, story, duration_ms=151_500, laps=laps)
    values = {"transcript": "so the nightly job kept missing its window", "analysis": json.dumps({"words": 8}),
              "words": 8, "wpm": 131.5, "coverage": 0.75, "suggested_grade": 3}
    with col.store.transaction() as tx:
        attempts.update_analysis(tx, made.id, values)
    if hasattr(rehearsing, "set_self_grade"):  # 0005_attempt_self_grade
        rehearsing.set_self_grade(col, made.id, 2)


def _scalar(value: object) -> object:
    return int(value) if isinstance(value, bool) else value  # SQLite has 0/1, PostgreSQL true/false


def dump(db: str) -> dict[str, object]:
    """Every table's rows, columns named, ordered by key: what a migration must keep."""
    from flashdeck.storage.store import Store

    store = Store(db)
    try:
        if store.sqlite:
            tables = [r[0] for r in store.fetchall(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite%' ORDER BY name")]
            columns = {t: [r[1] for r in store.fetchall(f"PRAGMA table_info({t})")] for t in tables}
        else:
            tables = [r[0] for r in store.fetchall(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() "
                "ORDER BY table_name")]
            columns = {t: [r[0] for r in store.fetchall(
                "SELECT column_name FROM information_schema.columns WHERE table_name = ? "
                "AND table_schema = current_schema() ORDER BY ordinal_position", (t,))] for t in tables}
        out: dict[str, object] = {}
        for table in tables:
            if table == "alembic_version":
                continue
            cols = columns[table]
            rows = store.fetchall(f"SELECT {', '.join(cols)} FROM {table} ORDER BY {cols[0]}")
            out[table] = {"columns": cols, "rows": [[_scalar(v) for v in row] for row in rows]}
        orphans = store.fetchall("SELECT id FROM notes n WHERE NOT EXISTS "
                                 "(SELECT 1 FROM cards c WHERE c.note_id = n.id) ORDER BY id")
        return {"revision": store.version(), "tables": out, "notes_without_cards": [r[0] for r in orphans]}
    finally:
        store.close()


def main(db: str, manifest: str, commit: str) -> None:
    made = build(db)
    content = dump(db)
    phases = {Phase(r[content["tables"]["cards"]["columns"].index("phase")]).name.lower()  # type: ignore[index]
              for r in content["tables"]["cards"]["rows"]}  # type: ignore[index]
    assert phases == {"new", "learning", "review", "relearning"}, phases
    record = {
        "made_by": {"commit": commit, "flashdeck_version": getattr(flashdeck, "__version__", "?")},
        "check_then": made["problems"],
        **content,
    }
    with open(manifest, "w", encoding="utf-8") as fh:
        fh.write(_readable_json(record) + "\n")


def _readable_json(value: object, indent: str = "") -> str:
    """JSON with one table row per line: small diffs, easy to read."""
    if isinstance(value, dict):
        inner = indent + "  "
        items = [f"{inner}{json.dumps(k)}: {_readable_json(v, inner)}" for k, v in sorted(value.items())]
        return "{\n" + ",\n".join(items) + "\n" + indent + "}" if items else "{}"
    if isinstance(value, list) and value and isinstance(value[0], list):
        inner = indent + "  "
        return "[\n" + ",\n".join(inner + json.dumps(row, ensure_ascii=False) for row in value) + "\n" + indent + "]"
    return json.dumps(value, ensure_ascii=False)


if __name__ == "__main__":
    if Path(flashdeck.__file__ or "").resolve().is_relative_to(Path(__file__).resolve().parents[3]):
        raise SystemExit(f"run me with PYTHONPATH at an old checkout, not today's code ({flashdeck.__file__})")
    main(sys.argv[1], sys.argv[2], sys.argv[3])
