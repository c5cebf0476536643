"""Every write on the façade says what it changed (``Changes``), grading an attempt from review is one
transaction, and undo says which card to show again."""

from __future__ import annotations

from datetime import timedelta

import pytest
from helpers import basic_notes

from flashdeck.collection import Collection, InvalidInput, NotFound, rehearsing
from flashdeck.collection.deck_removal import delete_deck
from flashdeck.core.changes import Answered, Changes, ChangesWithCount, DecksDeleted
from flashdeck.core.notes import NoteDraft
from flashdeck.core.scheduling import Phase, Rating, SchedulerSettings


def test_deck_and_setting_writes(col: Collection) -> None:
    made = col.ensure_deck("Prep")
    assert made.decks and made.new_id == col.store.deck_id("Prep")
    again = col.ensure_deck("Prep")
    assert not again and again.new_id == made.new_id  # found, not made: nothing changed
    assert col.set_deck_limits("Prep", new_per_day=5, reviews_per_day=50) == Changes(decks=True)
    assert col.rename_deck("Prep", "Prep") == Changes()
    assert col.rename_deck("Prep", "Interview") == Changes(decks=True)
    assert col.set_config("theme", "dark") == Changes(config=True)
    assert col.set_day_start_hour(5) == Changes(config=True)
    assert col.set_scheduler_settings(SchedulerSettings()) == Changes(config=True)
    cleared = col.set_interview_date(None)
    assert isinstance(cleared, ChangesWithCount) and cleared.count == 0 and cleared.changes == Changes(config=True)


def test_an_interview_date_that_moves_reviews_changes_cards(col: Collection) -> None:
    col.add_notes(basic_notes(2), deck="D")
    while (card := col.next_card()) is not None:
        col.answer(card.id, Rating.EASY)
    assert min(col.card(cid).state.due for cid in col.search("deck:D")) > col.today().end_ts + 5 * 86400
    moved = col.set_interview_date(col.today().date + timedelta(days=5))
    assert moved.count == 2 and moved.changes == Changes(config=True, cards=True)


def test_note_writes(col: Collection) -> None:
    report = col.add_notes(basic_notes(2), deck="D")
    assert report.changes == Changes(cards=True, notes=True, decks=True)
    dry = col.import_result(report_source(), deck="D", dry_run=True)
    assert not dry.changes
    unchanged = col.add_notes(basic_notes(2), deck="D")
    assert unchanged.unchanged == 2 and unchanged.changes == Changes(decks=True)
    note_id = col.card(col.search("deck:D")[0]).note_id
    fields = dict(col.note(note_id).fields)
    assert col.update_note(note_id, {**fields, "back": "edited"}) == Changes(notes=True)
    story = col.add_notes([NoteDraft("story", {"title": "T", "situation": "S"})], deck="D")
    story_note = col.card(col.search("kind:story")[0]).note_id
    assert story.changes.cards
    # Filling a field that a template needs makes a card: cards changed too.
    assert col.update_note(story_note, {"title": "T", "situation": "S", "anchor": "A"}).cards
    assert col.delete_notes([note_id]) == Changes(notes=True, cards=True, reviews=True, attempts=True)


def report_source():  # a parsed document with the same two notes
    from flashdeck.core.notes import DeckMeta, ParseResult

    return ParseResult("api", basic_notes(2), DeckMeta("D"))


def test_deleting_decks(col: Collection) -> None:
    col.add_notes(basic_notes(1), deck="A")
    col.add_notes(basic_notes(1, "Q1"), deck="A::B")
    col.add_notes(basic_notes(1, "Q2"), deck="C")
    deleted = col.delete_deck("A")
    assert isinstance(deleted, DecksDeleted) and deleted.names == ("A", "A::B")
    assert deleted.changes.decks and deleted.changes.cards and deleted.changes.reviews
    removal = delete_deck(col, "C")
    contents, _backup = removal  # still a pair for its callers
    assert contents.decks == ("C",) and removal.changes == deleted.changes


def test_answers_flags_and_optimizing(col: Collection) -> None:
    col.add_notes(basic_notes(2), deck="D")
    card = col.next_card()
    assert card is not None
    answered = col.answer(card.id, Rating.GOOD)
    assert isinstance(answered, Answered) and answered.changes == Changes(cards=True, reviews=True)
    assert answered.state.reps == 1 and answered.revlog_id > 0
    assert col.suspend([card.id]) == Changes(cards=True)
    assert col.unsuspend([card.id]) == Changes(cards=True)
    assert col.bury([card.id]) == Changes(cards=True)
    assert col.unbury([card.id]) == Changes(cards=True)
    assert not col.optimize().changes  # too few reviews to fit: nothing written (test_optimize: a real fit)


def _attempt(col: Collection, card_id: int) -> int:
    return rehearsing.record_attempt(col, card_id, duration_ms=30_000).id


def test_grading_an_attempt_is_one_transaction(any_col: Collection) -> None:
    col = any_col
    col.add_notes(basic_notes(1), deck="D")
    card = col.next_card()
    assert card is not None
    kept = _attempt(col, card.id)
    graded = col.answer(card.id, Rating.HARD, 5000, attempt_id=kept)
    assert graded.changes == Changes(cards=True, reviews=True, attempts=True)
    assert rehearsing.attempt(col, kept).self_grade == int(Rating.HARD)
    undone = col.undo()  # both go back: the card's state and the attempt's grade
    assert undone is not None and undone.answer and undone.changes.attempts
    assert rehearsing.attempt(col, kept).self_grade is None
    assert col.card(card.id).state.phase == Phase.NEW


def test_a_failed_second_half_writes_neither(any_col: Collection) -> None:
    col = any_col
    col.add_notes(basic_notes(1), deck="D")
    card = col.next_card()
    assert card is not None
    doomed = _attempt(col, card.id)

    def delete_it_meanwhile(tx: object, _revlog_id: int) -> None:
        # Another window deletes the attempt once the answer is read: the grade finds no attempt.
        rehearsing.sql.delete_attempt(tx, doomed)  # type: ignore[arg-type]

    with pytest.raises(NotFound):
        # The attempt is checked before anything is written, then graded inside the answer's transaction.
        col.answer(card.id, Rating.GOOD, attempt_id=doomed + 1000)
    # A grade that fails inside the transaction: the card's answer, written first, goes too.
    from flashdeck.collection import facade

    failing = facade._grading_attempt(doomed, int(Rating.GOOD), None)

    def both(tx: object, revlog_id: int) -> None:
        delete_it_meanwhile(tx, revlog_id)
        failing(tx, revlog_id)  # type: ignore[arg-type]

    with pytest.raises(NotFound):
        col.answer(card.id, Rating.GOOD, also=both)
    assert col.store.scalar("SELECT count(*) FROM revlog") == 0
    assert col.card(card.id).state.reps == 0
    assert rehearsing.attempt(col, doomed).self_grade is None  # the delete rolled back with the rest

    def refuse(_tx: object, _revlog_id: int) -> None:
        raise InvalidInput("refused after the grade was written")

    with pytest.raises(InvalidInput):  # the grade written, then a failure: the grade goes with the answer
        col.answer(card.id, Rating.GOOD, attempt_id=doomed, also=refuse)
    assert col.store.scalar("SELECT count(*) FROM revlog") == 0
    assert rehearsing.attempt(col, doomed).self_grade is None and col.card(card.id).state.reps == 0
    assert not col.can_undo
    again = col.next_card()
    assert again is not None and again.id == card.id  # still to study; answering it now works
    assert col.answer(card.id, Rating.GOOD, attempt_id=doomed).state.reps == 1


def test_undo_says_which_card_to_show_again(col: Collection) -> None:
    col.add_notes(basic_notes(3), deck="D")
    first = col.next_card()
    assert first is not None
    col.answer(first.id, Rating.EASY)
    undone = col.undo()
    assert undone is not None and undone.card_id == first.id and undone.answer and undone.label == "answer"
    shown = col.next_card()
    assert shown is not None and shown.id == first.id
    # The study card on screen set aside: it comes back first.
    col.bury([shown.id])
    assert col.next_card() is not None and col.next_card().id != shown.id  # type: ignore[union-attr]
    back = col.undo()
    assert back is not None and back.card_id == shown.id and not back.answer
    assert back.changes == Changes(cards=True)
    assert col.next_card().id == shown.id  # type: ignore[union-attr]
    # Cards set aside elsewhere (several at once, as the browser does) do not come back to the screen.
    others = [cid for cid in col.search("deck:D") if cid != shown.id]
    col.suspend(others)
    elsewhere = col.undo()
    assert elsewhere is not None and elsewhere.card_id is None and elsewhere.changes == Changes(cards=True)


def test_a_card_set_aside_in_another_deck_does_not_come_back(col: Collection) -> None:
    col.add_notes(basic_notes(1), deck="A")
    col.add_notes(basic_notes(1, "B"), deck="B")
    col.select_deck("A")
    shown = col.next_card()
    assert shown is not None
    col.suspend([shown.id])
    col.select_deck("B")  # a new session in another deck, then Ctrl+Z
    undone = col.undo()
    assert undone is not None and undone.card_id is None
    following = col.next_card()
    assert following is not None and following.deck == "B"


def test_attempt_writes_say_what_changed(col: Collection) -> None:
    col.add_notes(basic_notes(1), deck="D")
    card_id = col.search("deck:D")[0]
    made = rehearsing.record_attempt(col, card_id, duration_ms=1000)
    assert rehearsing.forget_recording(col, made.id) == Changes(attempts=True)
    assert rehearsing.delete_attempt(col, made.id) == rehearsing.ATTEMPT_CHANGES == Changes(attempts=True)
