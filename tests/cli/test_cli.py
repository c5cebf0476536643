"""The command line is a contract: every command, its JSON, and each error path."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from helpers import REPO, run_cli

from flashdeck import __version__
from flashdeck.cli import main

CSV = "front,back,tags\nWhat is STAR?,Situation Task Action Result,star\nWhat is FSRS?,A scheduler,\n"


def cli(capsys: pytest.CaptureFixture[str], *args: str, stdin: str = "") -> tuple[int, str, str]:
    err = io.StringIO()
    if stdin:
        import sys

        old = sys.stdin
        sys.stdin = io.StringIO(stdin)
        try:
            code = main(list(args), stderr=err)
        finally:
            sys.stdin = old
    else:
        code = main(list(args), stderr=err)
    return code, capsys.readouterr().out, err.getvalue()


@pytest.fixture
def db(tmp_path: Path) -> str:
    return str(tmp_path / "c.db")


@pytest.fixture
def csv_file(tmp_path: Path) -> Path:
    path = tmp_path / "cards.csv"
    path.write_text(CSV, encoding="utf-8")
    return path


def test_version_in_a_real_process() -> None:
    done = run_cli("--version")
    assert done.returncode == 0
    assert done.stdout.strip() == f"flashdeck {__version__}"


def test_import_json_counts_and_reimport(capsys: pytest.CaptureFixture[str], db: str, csv_file: Path) -> None:
    code, out, _ = cli(capsys, "--db", db, "import", str(csv_file), "--json")
    assert code == 0
    report = json.loads(out)
    assert (report["added"], report["updated"], report["unchanged"]) == (2, 0, 0)
    assert report["format"] == "csv" and report["deck"] == "cards"
    code, out, _ = cli(capsys, "--db", db, "import", str(csv_file), "--json")
    assert json.loads(out)["added"] == 0 and json.loads(out)["unchanged"] == 2


def test_import_dry_run_lists_notes_and_writes_nothing(
    capsys: pytest.CaptureFixture[str], db: str, csv_file: Path
) -> None:
    code, out, _ = cli(capsys, "--db", db, "import", str(csv_file), "--dry-run", "--json", "--deck", "Prep")
    assert code == 0
    report = json.loads(out)
    assert report["format"] == "csv" and report["deck"] == "Prep"
    assert [n["title"] for n in report["notes"]] == ["What is STAR?", "What is FSRS?"]
    assert report["notes"][0]["fields"] == {"front": "What is STAR?", "back": "Situation Task Action Result"}
    assert report["notes"][0]["tags"] == ["star"]
    assert set(report["notes"][0]) == {"id", "kind", "title", "fields", "tags", "index", "action", "edited"}
    assert [(n["index"], n["action"]) for n in report["notes"]] == [(1, "add"), (2, "add")]
    assert report["warnings"] == []
    code, out, _ = cli(capsys, "--db", db, "stats", "--json")
    assert json.loads(out)["notes"] == 0


def test_decks_due_and_stats(capsys: pytest.CaptureFixture[str], db: str, csv_file: Path) -> None:
    cli(capsys, "--db", db, "import", str(csv_file), "--deck", "Prep")
    code, out, _ = cli(capsys, "--db", db, "decks", "--json")
    assert code == 0
    assert json.loads(out) == [{"name": "Prep", "new": 2, "learning": 0, "review": 0}]
    code, out, _ = cli(capsys, "--db", db, "decks")
    assert "Prep" in out and "new" in out
    code, out, _ = cli(capsys, "--db", db, "due", "--deck", "Prep", "--json")
    assert json.loads(out) == {"new": 2, "learning": 0, "review": 0}
    code, out, _ = cli(capsys, "--db", db, "stats", "--json")
    stats = json.loads(out)
    assert (stats["notes"], stats["cards"], stats["reviews"], stats["reviews_today"]) == (2, 2, 0, 0)
    assert stats["due"] == {"new": 2, "learning": 0, "review": 0}


def test_piped_review_answers_two_cards_good(db: str, csv_file: Path) -> None:
    assert run_cli("import", str(csv_file), db=Path(db)).returncode == 0
    done = run_cli("review", db=Path(db), stdin="\n3\n\n3\n")
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("answered good") == 2
    stats = json.loads(run_cli("stats", "--json", db=Path(db)).stdout)
    assert stats["reviews"] == 2 and stats["ratings_today"]["good"] == 2


def test_review_words_undo_suspend_quit(capsys: pytest.CaptureFixture[str], db: str, csv_file: Path) -> None:
    cli(capsys, "--db", db, "import", str(csv_file))
    code, out, _ = cli(capsys, "--db", db, "review", stdin="\neasy\nu\n\nbogus\n4\ns\nq\n")
    assert code == 0
    assert "undone: answer" in out
    assert "not a rating" in out
    assert "suspended card" in out
    code, out, _ = cli(capsys, "--db", db, "stats", "--json")
    stats = json.loads(out)
    assert stats["reviews"] == 1  # easy, undone, then easy again
    assert stats["states"]["suspended"] == 1


def test_review_limit(capsys: pytest.CaptureFixture[str], db: str, csv_file: Path) -> None:
    cli(capsys, "--db", db, "import", str(csv_file))
    code, out, _ = cli(capsys, "--db", db, "review", "--limit", "1", stdin="\n3\n\n3\n")
    assert code == 0 and out.count("answered good") == 1


def test_export_round_trip(capsys: pytest.CaptureFixture[str], db: str, tmp_path: Path) -> None:
    source = REPO / "decks" / "curveballs-recovery.md"
    _code, out, _ = cli(capsys, "--db", db, "import", str(source), "--json")
    deck = json.loads(out)["deck"]
    target = tmp_path / "out.md"
    assert cli(capsys, "--db", db, "export", "--deck", deck, "--format", "deck", "-o", str(target))[0] == 0
    assert target.read_text(encoding="utf-8") == source.read_text(encoding="utf-8")


def test_check_ok_and_findings(capsys: pytest.CaptureFixture[str], db: str, csv_file: Path) -> None:
    cli(capsys, "--db", db, "import", str(csv_file))
    code, out, _ = cli(capsys, "--db", db, "check", "--json")
    assert code == 0 and json.loads(out) == {"ok": True, "problems": []}
    import sqlite3

    with sqlite3.connect(db) as raw:
        raw.execute("UPDATE cards SET reps = 5 WHERE id = 1")
    code, out, _ = cli(capsys, "--db", db, "check")
    assert code == 1 and "card 1: 5 repetitions" in out


def test_env_var_selects_the_database(tmp_path: Path, csv_file: Path) -> None:
    env_db = tmp_path / "env.db"
    done = run_cli("import", str(csv_file), env={"FLASHDECK_DB": str(env_db)})
    assert done.returncode == 0 and env_db.exists()


@pytest.mark.parametrize(
    ("args", "content", "message"),
    [
        (["import", "{missing}"], None, "No such file or directory"),
        (["import", "{file}"], "---\ndeck: X\n---\n\n## A\n\n### Wrong field\n\nx\n", "bad.md:7: unknown field"),
        (["import", "{file}", "--format", "nope"], "x", "unknown format 'nope'"),
        (["due", "--deck", "Nope"], None, "no deck named 'Nope'"),
        (["export", "--deck", "Nope", "-o", "{out}"], None, "no deck named 'Nope'"),
    ],
)
def test_user_errors_exit_1_with_one_line(
    capsys: pytest.CaptureFixture[str], db: str, tmp_path: Path, args: list[str], content: str | None, message: str
) -> None:
    bad = tmp_path / "bad.md"
    if content is not None:
        bad.write_text(content)
    args = [a.format(missing=tmp_path / "missing.csv", file=bad, out=tmp_path / "o.md") for a in args]
    code, _out, err = cli(capsys, "--db", db, *args)
    assert code == 1
    assert len(err.strip().splitlines()) == 1
    assert message in err


def test_failed_import_of_several_files_names_the_bad_one(
    capsys: pytest.CaptureFixture[str], db: str, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("front,back\nfine,yes\nonly-one-column\n")
    code, _, err = cli(capsys, "--db", db, "import", str(bad))
    assert code == 1 and f"{bad}:3:" in err
    code, out, _ = cli(capsys, "--db", db, "stats", "--json")
    assert json.loads(out)["notes"] == 0


def test_bad_usage_exits_2() -> None:
    assert run_cli("frobnicate").returncode == 2
    assert run_cli("review", "--limit", "x").returncode == 2


def test_piped_review_carries_on_when_another_process_answered_the_card(db: str, csv_file: Path) -> None:
    """The shown card is answered by another process while the rating is being typed: a message, then the next card."""
    import io

    from flashdeck.cli.review import TerminalReview
    from flashdeck.collection import Collection

    assert run_cli("--db", db, "import", str(csv_file)).returncode == 0
    with Collection.open(db) as col, Collection.open(db) as other:
        lines = iter(["\n", "4\n", "\n", "3\n", "q\n"])
        answered_elsewhere: list[int] = []

        class Typist(io.StringIO):
            def readline(self, size: int | None = -1) -> str:  # type: ignore[override]
                line = next(lines, "")
                if line == "4\n":  # while this person reads the back, the other window answers the card
                    shown = col.next_card()
                    assert shown is not None
                    other.answer(shown.id, 3)
                    answered_elsewhere.append(shown.id)
                return line

        out = io.StringIO()
        assert TerminalReview(col, Typist(), out).run() == 0
        assert "answered in another window or process" in out.getvalue()
        assert "1 card(s) answered." in out.getvalue()
        [card_id] = answered_elsewhere
        assert [r[0] for r in col.store.fetchall("SELECT rating FROM revlog WHERE card_id=?", (card_id,))] == [3]
