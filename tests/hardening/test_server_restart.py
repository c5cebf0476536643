"""A PostgreSQL server restarted mid-session: the next action reconnects, once; no answer is lost or doubled.

Found by trying: after a restart of the server every action failed with "the connection is lost"
(a traceback) until FlashDeck was started again.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time

import psycopg
import pytest
from helpers import basic_notes
from pgserver import PgServer

from flashdeck.collection import Collection
from flashdeck.core.clock import ManualClock
from flashdeck.core.scheduling import Rating
from flashdeck.storage.errors import ConnectionLostError


def _answer(col: Collection, times: int) -> None:
    for _ in range(times):
        card = col.next_card()
        assert card is not None
        col.answer(card.id, Rating.GOOD)


def _reviews(postgres: PgServer, url: str) -> int:
    with psycopg.connect(postgres.dsn(url.rsplit("/", 1)[1])) as conn:
        return int(conn.execute("SELECT count(*) FROM revlog").fetchone()[0])  # type: ignore[index]


def test_a_restarted_server_is_reconnected_and_no_answer_is_lost_or_doubled(postgres: PgServer, pg_url: str,
                                                                            clock: ManualClock) -> None:
    with Collection.open(pg_url, clock=clock, fuzz=False) as col:
        col.add_notes(basic_notes(10), deck="D")
        _answer(col, 3)
        postgres.restart()
        _answer(col, 3)  # the first action after the restart takes a new connection, and goes through
        assert _reviews(postgres, pg_url) == 6
        card = col.next_card()  # on screen when the server goes away
        assert card is not None
        with postgres.down():
            with pytest.raises(ConnectionLostError, match=r"database server postgresql://postgres@127\.0\.0\.1"):
                col.answer(card.id, Rating.GOOD)
            with pytest.raises(ConnectionLostError):
                col.decks()
        _answer(col, 1)  # the server is back: the next action reconnects
        assert _reviews(postgres, pg_url) == 7
        assert col.store.scalar("SELECT sum(reps) FROM cards") == 7
        assert col.check() == []


def test_the_terminal_review_carries_on_across_a_restart(postgres: PgServer, pg_url: str) -> None:
    with Collection.open(pg_url) as col:
        col.add_notes(basic_notes(5), deck="D")
    review = subprocess.Popen([sys.executable, "-m", "flashdeck", "--db", pg_url, "review"], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                              env={**os.environ, "PYTHONUNBUFFERED": "1"})
    assert review.stdin is not None
    try:
        review.stdin.write("\n3\n")
        review.stdin.flush()
        deadline = time.monotonic() + 60
        while _reviews(postgres, pg_url) < 1:  # another process's progress: polled
            assert time.monotonic() < deadline and review.poll() is None
            time.sleep(0.01)
        postgres.restart()
        out, err = review.communicate("\n3\nq\n", timeout=60)
    finally:
        if review.poll() is None:
            review.kill()
            review.wait()
    assert (review.returncode, err) == (0, "")
    assert "2 card(s) answered." in out
    assert _reviews(postgres, pg_url) == 2


def test_a_server_that_is_down_is_one_line(postgres: PgServer, pg_url: str) -> None:
    with postgres.down():
        done = subprocess.run([sys.executable, "-m", "flashdeck", "--db", pg_url, "decks"], capture_output=True,
                              text=True, timeout=60, check=False)
    assert done.returncode == 1 and len(done.stderr.splitlines()) == 1, done.stderr
    assert done.stderr.startswith("flashdeck: cannot reach the database server postgresql://postgres@127.0.0.1:")
    assert "nothing was read or changed" in done.stderr
