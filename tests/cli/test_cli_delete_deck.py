"""``flashdeck decks --delete NAME [--yes]`` in a real process (issue #14)."""

from __future__ import annotations

import json
from pathlib import Path

from helpers import run_cli

DECK = """---
deck: Behavioural
---

## Tell me about a conflict

Two leads disagreed on the schema.

## Tell me about a failure

A release slipped a week.
"""


def test_delete_asks_for_yes_then_backs_up_and_deletes(tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    deck = tmp_path / "behavioural.md"
    deck.write_text(DECK, encoding="utf-8")
    other = tmp_path / "other.csv"
    other.write_text("front,back\nQ,A\n", encoding="utf-8")
    assert run_cli("import", str(deck), db=db).returncode == 0
    assert run_cli("import", str(other), db=db).returncode == 0

    asked = run_cli("decks", "--delete", "Behavioural", db=db)
    assert asked.returncode == 1
    assert asked.stdout.strip() == ("would delete 'Behavioural': 2 notes, 2 cards and 0 reviews; nothing deleted "
                                    "(add --yes to delete)")
    assert [d["name"] for d in json.loads(run_cli("decks", "--json", db=db).stdout)] == ["Behavioural", "other"]

    done = run_cli("decks", "--delete", "Behavioural", "--yes", "--json", db=db)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert (report["deleted"], report["notes"], report["cards"]) == (True, 2, 2)
    assert Path(report["backup"]).is_file() and Path(report["backup"]).parent == tmp_path / "backups"
    assert [d["name"] for d in json.loads(run_cli("decks", "--json", db=db).stdout)] == ["other"]

    restored = run_cli("restore", report["backup"], db=db)
    assert restored.returncode == 0, restored.stderr
    assert [d["name"] for d in json.loads(run_cli("decks", "--json", db=db).stdout)] == ["Behavioural", "other"]


def test_deleting_a_deck_that_is_not_there_is_one_line(tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    done = run_cli("decks", "--delete", "Nope", "--yes", db=db)
    assert done.returncode == 1
    assert done.stderr.startswith("flashdeck: no deck named 'Nope'") and len(done.stderr.splitlines()) == 1
    assert "Traceback" not in done.stderr
