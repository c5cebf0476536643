"""The FlashDeckError family: what is a user error (one line) and what is a bug (the bug line and a log)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from flashdeck.cli.commands import UserError
from flashdeck.collection import CardChangedError, Collection
from flashdeck.collection.backup import BackupError
from flashdeck.collection.failures import describe_failure, is_user_error
from flashdeck.collection.safe_output import OutputRefused
from flashdeck.core.clock import ClockError
from flashdeck.core.errors import CardChanged, FlashDeckError, ImportFormatError, InvalidInput, NotFound
from flashdeck.core.notes import ImportFormatError as NotesImportFormatError
from flashdeck.core.search import SearchError, parse_search
from flashdeck.storage.errors import StorageError, locked


def raised(action: Callable[[], object]) -> BaseException:
    """The exception a real call raises, with its traceback."""
    try:
        action()
    except Exception as exc:  # the point is to catch whatever it is
        return exc
    raise AssertionError("nothing was raised")


def test_the_family_keeps_the_built_in_bases_callers_catch() -> None:
    assert issubclass(NotFound, LookupError) and issubclass(CardChanged, LookupError)
    assert issubclass(InvalidInput, ValueError) and issubclass(ImportFormatError, InvalidInput)
    assert CardChangedError is CardChanged and NotesImportFormatError is ImportFormatError
    for cls in (NotFound, InvalidInput, CardChanged, ImportFormatError, StorageError, BackupError, UserError,
                OutputRefused, ClockError, SearchError):
        assert issubclass(cls, FlashDeckError), cls


def test_the_facade_raises_the_family(tmp_path: Path) -> None:
    with Collection.open(tmp_path / "c.db") as col:
        missing_deck = raised(lambda: col.rename_deck("Nowhere", "Elsewhere"))
        missing_card = raised(lambda: col.card(424242))
        bad_hour = raised(lambda: col.set_day_start_hour(31))
    assert isinstance(missing_deck, NotFound) and str(missing_deck).startswith("no deck named 'Nowhere'")
    assert isinstance(missing_card, NotFound) and str(missing_card) == "no card with id 424242"
    assert isinstance(bad_hour, InvalidInput)
    assert isinstance(raised(lambda: parse_search("is:nonsense")), SearchError)


def test_a_user_error_is_its_own_line_and_writes_no_log(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    for exc in (NotFound("no deck named 'X'"), InvalidInput("daily limits cannot be negative"),
                ImportFormatError("unknown field 'Situaton'", source="s.md", line=12), locked("c.db")):
        failure = describe_failure(exc)
        assert is_user_error(exc) and failure.log is None and failure.message == str(exc).splitlines()[0]
    assert not (tmp_path / "state").exists()


EMPTY: dict[str, int] = {}
NUMBERS: list[Any] = [1]


@pytest.mark.parametrize("action", [lambda: EMPTY["deck"], lambda: NUMBERS[3], lambda: int("dawn"),
                                    lambda: next(iter(())), lambda: "".join(NUMBERS)],
                         ids=["KeyError", "IndexError", "ValueError", "StopIteration", "TypeError"])
def test_a_built_in_error_is_a_bug_with_its_traceback_logged(action: Callable[[], object], tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    exc = raised(action)
    failure = describe_failure(exc)
    assert not is_user_error(exc)
    assert failure.message.startswith(f"unexpected error ({type(exc).__name__}")
    assert failure.message.endswith(f"this is a bug in FlashDeck: the details are in {failure.log}")
    assert failure.log == tmp_path / "state" / "flashdeck" / "log" / "errors.log"
    assert "Traceback (most recent call last)" in failure.log.read_text(encoding="utf-8")


def test_a_bare_lookup_error_is_a_bug_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Before the family, any LookupError but KeyError/IndexError was printed as the user's mistake."""
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    exc = raised(lambda: "abc".encode("no-such-codec"))  # LookupError: unknown encoding
    assert type(exc) is LookupError
    assert describe_failure(exc).message.startswith("unexpected error (LookupError: unknown encoding")
