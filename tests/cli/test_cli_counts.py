"""`flashdeck review` and `flashdeck due` tell the same counts, step after step (real processes, real clock).

Each step is one `flashdeck review` session that does one thing (answer a story card, suspend a
new card, answer and undo) and quits; the counts it shows last must be what `flashdeck due`
says right after, and what a Collection recounts.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from helpers import run_cli

from flashdeck.collection import Collection

DATA = Path(__file__).resolve().parents[1] / "data"
HEADER = re.compile(r"^— new (\d+) · learning (\d+) · review (\d+) —$", re.MULTILINE)


def _last_header(stdout: str) -> dict[str, int]:
    found = HEADER.findall(stdout)
    assert found, stdout
    new, learning, review = (int(n) for n in found[-1])
    return {"new": new, "learning": learning, "review": review}


def _due(db: Path) -> dict[str, int]:
    result = run_cli("due", "--json", db=db)
    assert result.returncode == 0, result.stderr
    return dict(json.loads(result.stdout))


def test_review_and_due_agree_after_each_step(tmp_path: Path) -> None:
    db = tmp_path / "prep.db"
    with Collection.open(db) as col:
        col.import_file(DATA / "star" / "three_stories_by_heading.md", deck="Prep")
        col.import_file(DATA / "questions" / "fifteen_questions.md", deck="Prep")
        col.set_deck_limits("Prep", new_per_day=8, reviews_per_day=200)
    shown = []
    # Show + Good on a story card (its siblings buried), suspend a new card, answer and undo, answer Again.
    for script in ("\n3\nq\n", "s\nq\n", "\n3\nu\nq\n", "\n1\nq\n"):
        result = run_cli("review", "--deck", "Prep", stdin=script, db=db)
        assert result.returncode == 0, result.stderr
        counts = _last_header(result.stdout)
        assert counts == _due(db)
        with Collection.open(db) as col:
            assert counts == col.due_counts("Prep").to_dict()
        shown.append(counts)
    # A story's answer uses one of today's 8 new cards, not three; the suspended card's place is taken.
    assert [c["new"] for c in shown] == [7, 7, 7, 6]
