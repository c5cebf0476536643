"""Deleting a deck: counts named first, a backup before, everything of it gone, nothing else (issue #14)."""

from __future__ import annotations

from pathlib import Path

import pytest

from flashdeck.collection import Collection, deck_removal, rehearsing
from flashdeck.collection.backup import BackupError
from flashdeck.collection.restoring import restore
from flashdeck.core.notes import NoteDraft
from flashdeck.core.scheduling import Rating

STORY = {"title": "Night batch", "use_for": "Performance", "anchor": "6 h to 40 min", "situation": "S", "task": "T",
         "action": "A", "result": "R"}


def _fill(col: Collection) -> None:
    col.add_notes([NoteDraft("story", STORY)], deck="Stories")
    col.add_notes([NoteDraft("basic", {"front": f"Sub {i}", "back": "x"}) for i in range(2)], deck="Stories::Old")
    col.add_notes([NoteDraft("basic", {"front": f"Keep {i}", "back": "y"}) for i in range(3)], deck="Stories 2")
    for card_id in col.search("deck:Stories"):
        col.answer(card_id, Rating.GOOD)


def test_contents_name_what_goes_with_the_deck_and_its_sub_decks(any_col: Collection) -> None:
    _fill(any_col)
    story = any_col.search("kind:story")[0]
    rehearsing.record_attempt(any_col, story, duration_ms=150_000)
    contents = deck_removal.deck_contents(any_col, "Stories")
    assert contents.decks == ("Stories", "Stories::Old")  # not "Stories 2": a sub-deck is "Stories::…"
    assert (contents.notes, contents.cards, contents.reviews, contents.attempts) == (3, 5, 5, 1)
    assert contents.summary() == "3 notes, 5 cards, 5 reviews and 1 rehearsal"
    any_col.delete_deck("Stories")
    assert any_col.deck_names() == ["Stories 2"]
    assert len(any_col.search("")) == 3
    counts = any_col.store.fetchall("SELECT (SELECT count(*) FROM notes), (SELECT count(*) FROM revlog), "
                                    "(SELECT count(*) FROM attempts)")[0]
    assert tuple(counts) == (3, 0, 0)
    with pytest.raises(LookupError):
        deck_removal.deck_contents(any_col, "Stories")


def test_a_backup_comes_first_and_brings_the_deck_back(col: Collection, db_path: Path) -> None:
    _fill(col)
    story = col.search("kind:story")[0]
    recording = rehearsing.new_recording_path(col, story)
    recording.write_bytes(b"RIFF")
    rehearsing.record_attempt(col, story, duration_ms=1000, audio_path=recording)
    contents, backup = deck_removal.delete_deck(col, "Stories")
    assert contents.notes == 3 and backup is not None and backup.is_file()
    assert not recording.exists()  # its recording went with it
    assert col.deck_names() == ["Stories 2"]
    col.close()
    restore(db_path, backup)
    with Collection.open(db_path) as back:
        assert back.deck_names() == ["Stories", "Stories 2", "Stories::Old"]
        assert len(back.search("deck:Stories")) == 5


def test_no_backup_no_delete(col: Collection, db_path: Path) -> None:
    _fill(col)
    (db_path.parent / "backups").write_text("a file where the backups folder should be")
    with pytest.raises(BackupError):
        deck_removal.delete_deck(col, "Stories")
    assert col.deck_names() == ["Stories", "Stories 2", "Stories::Old"]


def test_a_collection_on_a_server_is_deleted_without_a_backup_and_says_so(any_col: Collection) -> None:
    _fill(any_col)
    contents, backup = deck_removal.delete_deck(any_col, "Stories 2")
    assert contents.notes == 3
    assert (backup is None) == (not deck_removal.can_back_up(any_col))
    assert "Stories 2" not in any_col.deck_names()


def test_the_studied_deck_going_leaves_the_queue_on_every_deck(col: Collection) -> None:
    _fill(col)
    col.add_notes([NoteDraft("basic", {"front": "Elsewhere", "back": "z"})], deck="Other")
    col.select_deck("Stories 2")
    assert col.counts().new == 3
    col.delete_deck("Stories 2")
    assert col.counts() == col.due_counts()  # every deck again, not the deleted one's ids
    card = col.next_card()
    assert card is not None and card.fields.get("front") != "Keep 0"
