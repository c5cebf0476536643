"""The card browser: searching, filtering, sorting, preview, edit in place, suspend, delete, lazy rows."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from helpers import basic_notes
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QApplication, QLineEdit
from pytestqt.qtbot import QtBot

from flashdeck.collection import Collection
from flashdeck.core.changes import Changes
from flashdeck.core.clock import ManualClock
from flashdeck.core.notes import NoteDraft
from flashdeck.core.scheduling import Rating
from flashdeck.ui.browse.model import COLUMNS, DUE, LAPSES, PAGE_SIZE, STATE, TITLE, compose_query
from flashdeck.ui.browse.screen import BrowserScreen
from flashdeck.ui.events import AppEvents
from flashdeck.ui.ops import broadcast

pytestmark = pytest.mark.gui


class AnsweringBrowser(BrowserScreen):
    """A browser whose delete confirmation is answered by the test, not a modal dialog."""

    answer = False

    def __init__(self, col: Collection, events: AppEvents) -> None:
        self.asked: list[int] = []
        super().__init__(col, events)

    def confirm_delete(self, count: int) -> bool:
        self.asked.append(count)
        return self.answer


@pytest.fixture
def events() -> AppEvents:
    return AppEvents()


@pytest.fixture
def filled(col: Collection) -> Collection:
    """Two decks, three kinds, tags, and some cards reviewed so due/interval/difficulty/lapses differ."""
    col.add_notes(basic_notes(6, "Alpha"), deck="Prep")
    col.add_notes([NoteDraft("concept", {"term": f"Concept {i}", "definition": f"Means {i}"}, ("leadership",))
                   for i in range(4)], deck="Values")
    col.add_notes([NoteDraft("ask", {"question": f"Ask {i}?"}, ("closing",)) for i in range(3)], deck="Values")
    clock = col.clock
    assert isinstance(clock, ManualClock)
    ids = col.search("", sort="created")
    for cid, rating in zip(ids[:6], [Rating.EASY, Rating.EASY, Rating.EASY, Rating.EASY, Rating.GOOD, Rating.HARD],
                           strict=True):
        col.answer(cid, rating)
    clock.advance(timedelta(days=40))
    for cid, rating in zip(ids[:4], [Rating.AGAIN, Rating.HARD, Rating.AGAIN, Rating.EASY], strict=True):
        col.answer(cid, rating)
    return col


def make(qtbot: QtBot, col: Collection, events: AppEvents, cls: type[BrowserScreen] = BrowserScreen) -> BrowserScreen:
    screen = cls(col, events)
    qtbot.addWidget(screen)
    screen.resize(1000, 600)
    # Shortcuts only reach an active window.
    with qtbot.waitActive(screen):
        screen.show()
        screen.activateWindow()
    screen.table.setFocus()
    return screen


def shown_ids(screen: BrowserScreen) -> list[int]:
    return screen.model.card_ids()


def cell(screen: BrowserScreen, row: int, column: int) -> str:
    return screen.model.index(row, column).data()


def test_shows_every_card_with_columns(qtbot: QtBot, filled: Collection, events: AppEvents) -> None:
    screen = make(qtbot, filled, events)
    assert screen.model.rowCount() == len(filled.search("")) == 13
    assert [screen.model.headerData(i, Qt.Orientation.Horizontal) for i in range(len(COLUMNS))] == [
        "Title", "Deck", "Kind", "Card", "Due", "Interval", "Difficulty", "Lapses", "State"]
    rows = {cell(screen, r, TITLE): [cell(screen, r, c) for c in range(len(COLUMNS))] for r in range(13)}
    assert rows["Concept 0"][1:4] == ["Values", "Concept", "Recall"]
    assert rows["Ask 0?"][DUE] == "new" and rows["Ask 0?"][STATE] == "new"
    assert "13 cards" in screen.count_label.text()


def test_typing_narrows_rows_after_debounce_and_enter_applies_at_once(
        qtbot: QtBot, filled: Collection, events: AppEvents) -> None:
    screen = make(qtbot, filled, events)
    qtbot.keyClick(screen.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert screen.search_box.hasFocus()
    qtbot.keyClicks(screen.search_box, "concept")
    assert screen.model.rowCount() == 13  # not yet: the search waits for typing to pause
    qtbot.waitUntil(lambda: screen.model.rowCount() == 4)
    assert shown_ids(screen) == filled.search("concept", sort="due")
    screen.search_box.clear()
    qtbot.keyClicks(screen.search_box, "alpha3")
    qtbot.keyClick(screen.search_box, Qt.Key.Key_Return)
    assert [cell(screen, r, TITLE) for r in range(screen.model.rowCount())] == ["Alpha3 front"]


def test_bad_query_marks_the_box_and_keeps_rows(qtbot: QtBot, filled: Collection, events: AppEvents) -> None:
    screen = make(qtbot, filled, events)
    screen.search_box.setText('deck:"Values')
    screen.search_box.setFocus()
    qtbot.keyClick(screen.search_box, Qt.Key.Key_Return)
    assert screen.search_box.property("invalid") is True
    assert "quote" in screen.search_box.toolTip()
    assert screen.model.rowCount() == 13
    screen.search_box.setText('deck:"Values"')
    screen.apply_search()
    assert screen.search_box.property("invalid") is False
    assert screen.model.rowCount() == 7


@pytest.mark.parametrize(("attr", "value", "query"), [
    ("deck_filter", "Values", 'deck:"Values"'),
    ("kind_filter", "ask", "kind:ask"),
    ("state_filter", "review", "is:review"),
    ("state_filter", "learning", "is:learning"),
    ("state_filter", "new", "is:new"),
])
def test_each_combo_filter(qtbot: QtBot, filled: Collection, events: AppEvents, attr: str, value: str,
                           query: str) -> None:
    screen = make(qtbot, filled, events)
    combo = getattr(screen, attr)
    combo.setCurrentIndex(combo.findData(value))
    expected = filled.search(query, sort="due")
    assert 0 < len(expected) < 13
    assert shown_ids(screen) == expected


def test_tag_filter_and_filters_compose(qtbot: QtBot, filled: Collection, events: AppEvents) -> None:
    screen = make(qtbot, filled, events)
    screen.tag_filter.setFocus()
    qtbot.keyClicks(screen.tag_filter, "leadership")
    qtbot.keyClick(screen.tag_filter, Qt.Key.Key_Return)
    assert shown_ids(screen) == filled.search("tag:leadership", sort="due")
    assert len(shown_ids(screen)) == 4
    screen.search_box.setText("2")
    screen.deck_filter.setCurrentIndex(screen.deck_filter.findData("Values"))
    assert screen.query() == '2 deck:Values tag:leadership'
    assert [cell(screen, r, TITLE) for r in range(screen.model.rowCount())] == ["Concept 2"]


def test_compose_query_quotes_and_negates() -> None:
    assert compose_query(" x ", "System design", "story", "due", "a, -b") == \
        'x deck:"System design" kind:story is:due tag:a -tag:b'
    assert compose_query("") == ""


@pytest.mark.parametrize("key", ["due", "interval", "difficulty", "lapses", "title", "deck", "kind"])
def test_sorting_matches_the_collection(qtbot: QtBot, filled: Collection, events: AppEvents, key: str) -> None:
    screen = make(qtbot, filled, events)
    column = next(i for i, c in enumerate(COLUMNS) if c.sort_key == key)
    header = screen.table.horizontalHeader()
    if key == "due":  # already the default sort, ascending: one click flips it
        header.sectionClicked.emit(column)
        assert shown_ids(screen) == filled.search("", sort="due", descending=True)
        header.sectionClicked.emit(column)
    else:
        header.sectionClicked.emit(column)
    assert shown_ids(screen) == filled.search("", sort=key)
    assert header.sortIndicatorSection() == column
    header.sectionClicked.emit(column)
    assert shown_ids(screen) == filled.search("", sort=key, descending=True)
    assert header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder


def test_sorts_really_differ_and_state_column_does_not_sort(
        qtbot: QtBot, filled: Collection, events: AppEvents) -> None:
    orders = {key: filled.search("", sort=key) for key in ("due", "interval", "difficulty", "lapses")}
    assert len({tuple(order) for order in orders.values()}) == 4
    screen = make(qtbot, filled, events)
    screen.sort_by("lapses", descending=True)
    lapses = [int(cell(screen, r, LAPSES)) for r in range(screen.model.rowCount())]
    assert lapses == sorted(lapses, reverse=True) and lapses[0] >= 1
    before = shown_ids(screen)
    screen.table.horizontalHeader().sectionClicked.emit(STATE)
    assert shown_ids(screen) == before
    assert screen.table.horizontalHeader().sortIndicatorSection() == LAPSES


def test_sort_keeps_the_selection(qtbot: QtBot, filled: Collection, events: AppEvents) -> None:
    screen = make(qtbot, filled, events)
    target = shown_ids(screen)[5]
    screen.select_cards([target])
    screen.sort_by("title", descending=True)
    assert screen.selected_card_ids() == [target]
    assert screen.current_card_id() == target


def test_preview_shows_the_selected_cards_back(qtbot: QtBot, filled: Collection, events: AppEvents) -> None:
    screen = make(qtbot, filled, events)
    screen.search_box.setText("alpha")
    screen.apply_search()
    first = shown_ids(screen)[0]
    assert filled.card(first).fields["back"] in screen.preview.plain_text()
    qtbot.keyClick(screen.table, Qt.Key.Key_Down)
    second = shown_ids(screen)[1]
    assert screen.current_card_id() == second
    assert filled.card(second).fields["back"] in screen.preview.plain_text()
    assert filled.card(first).fields["back"] not in screen.preview.plain_text()


def test_edit_in_place_with_f2_changes_the_note(qtbot: QtBot, filled: Collection, events: AppEvents) -> None:
    screen = make(qtbot, filled, events)
    screen.sort_by("title")
    row = next(r for r in range(screen.model.rowCount()) if cell(screen, r, TITLE) == "Concept 1")
    card_id = screen.model.card_id(row)
    note_id = filled.card(card_id).note_id
    screen.table.setCurrentIndex(screen.model.index(row, TITLE))
    with qtbot.waitSignal(events.changed) as changed:
        qtbot.keyClick(screen.table, Qt.Key.Key_F2)
        editor = QApplication.focusWidget()
        assert isinstance(editor, QLineEdit) and editor.text() == "Concept 1"
        editor.selectAll()
        qtbot.keyClicks(editor, "Long-term impact")
        qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert changed.args == [Changes(notes=True), screen]
    assert filled.note(note_id).fields["term"] == "Long-term impact"
    assert filled.note(note_id).fields["definition"] == "Means 1"
    assert filled.note(note_id).tags == ("leadership",)
    new_row = screen.model.row_of(card_id)
    assert new_row is not None and cell(screen, new_row, TITLE) == "Long-term impact"
    assert screen.current_card_id() == card_id  # the re-sort kept the card selected


def test_escape_cancels_editing_then_goes_home(qtbot: QtBot, filled: Collection, events: AppEvents) -> None:
    screen = make(qtbot, filled, events)
    note_id = screen.model.row_data(0).note_id
    title = filled.note(note_id).title
    screen.table.setCurrentIndex(screen.model.index(0, TITLE))
    qtbot.keyClick(screen.table, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit)
    qtbot.keyClicks(editor, " changed")
    with qtbot.assertNotEmitted(screen.home_requested):
        qtbot.keyClick(editor, Qt.Key.Key_Escape)
    assert filled.note(note_id).title == title
    with qtbot.waitSignal(screen.home_requested):
        qtbot.keyClick(screen.table, Qt.Key.Key_Escape)


def test_enter_and_e_request_the_editor(qtbot: QtBot, filled: Collection, events: AppEvents) -> None:
    screen = make(qtbot, filled, events)
    note_id = screen.model.row_data(0).note_id
    with qtbot.waitSignal(screen.edit_note_requested) as sig:
        qtbot.keyClick(screen.table, Qt.Key.Key_Return)
    assert sig.args == [note_id]
    qtbot.keyClick(screen.table, Qt.Key.Key_Down)
    with qtbot.waitSignal(screen.edit_note_requested) as sig:
        qtbot.keyClick(screen.table, Qt.Key.Key_E)
    assert sig.args == [screen.model.row_data(1).note_id]


def test_ctrl_j_toggles_suspension_in_the_database(qtbot: QtBot, filled: Collection, events: AppEvents) -> None:
    screen = make(qtbot, filled, events)
    ids = shown_ids(screen)[:3]
    screen.select_cards(ids)
    with qtbot.waitSignal(events.changed) as changed:
        qtbot.keyClick(screen.table, Qt.Key.Key_J, Qt.KeyboardModifier.ControlModifier)
    assert changed.args == [Changes(cards=True), screen]
    assert sorted(filled.search("is:suspended")) == sorted(ids)
    assert sorted(screen.selected_card_ids()) == sorted(ids)
    row = screen.model.row_of(ids[0])
    assert row is not None and cell(screen, row, STATE) == "suspended"
    assert screen.model.index(row, TITLE).data(Qt.ItemDataRole.ForegroundRole) is not None  # dimmed
    assert screen.suspend_button.text() == "Unsuspend"
    qtbot.keyClick(screen.table, Qt.Key.Key_J, Qt.KeyboardModifier.ControlModifier)
    assert filled.search("is:suspended") == []
    assert screen.model.index(row, TITLE).data(Qt.ItemDataRole.ForegroundRole) is None


def test_delete_asks_and_cancel_keeps_notes(qtbot: QtBot, filled: Collection, events: AppEvents) -> None:
    screen = make(qtbot, filled, events, AnsweringBrowser)
    assert isinstance(screen, AnsweringBrowser)
    ids = shown_ids(screen)[:2]
    screen.select_cards(ids)
    with qtbot.assertNotEmitted(events.changed):
        qtbot.keyClick(screen.table, Qt.Key.Key_Delete)
    assert screen.asked == [2]
    assert len(filled.search("")) == 13


def test_delete_confirmed_removes_notes(qtbot: QtBot, filled: Collection, events: AppEvents) -> None:
    screen = make(qtbot, filled, events, AnsweringBrowser)
    assert isinstance(screen, AnsweringBrowser)
    screen.answer = True
    screen.search_box.setText("alpha")
    screen.apply_search()
    ids = shown_ids(screen)
    doomed = ids[:3]
    notes = {filled.card(cid).note_id for cid in doomed}
    screen.select_cards(doomed)
    with qtbot.waitSignal(events.changed) as changed:
        qtbot.keyClick(screen.table, Qt.Key.Key_Delete)
    assert changed.args == [Changes(notes=True, cards=True, reviews=True, attempts=True), screen]
    assert screen.asked == [3]
    for note_id in notes:
        with pytest.raises(LookupError):
            filled.note(note_id)
    assert shown_ids(screen) == ids[3:]
    assert screen.current_card_id() == ids[3]


def test_refresh_on_change_keeps_the_selection(qtbot: QtBot, filled: Collection, events: AppEvents) -> None:
    screen = make(qtbot, filled, events)
    target = shown_ids(screen)[4]
    screen.select_cards([target])
    broadcast(events, filled.add_notes(basic_notes(2, "Zed"), deck="Brand new deck").changes, None)
    assert screen.model.rowCount() == 15
    assert screen.selected_card_ids() == [target]
    assert screen.deck_filter.findData("Brand new deck") > 0


def test_hidden_browser_refreshes_when_shown(qtbot: QtBot, filled: Collection, events: AppEvents) -> None:
    screen = make(qtbot, filled, events)
    screen.hide()
    broadcast(events, filled.add_notes(basic_notes(1, "Later"), deck="Prep").changes, None)
    assert screen.model.rowCount() == 13
    screen.show()
    assert screen.model.rowCount() == 14


def test_only_visible_pages_are_fetched(qtbot: QtBot, col: Collection, events: AppEvents) -> None:
    col.add_notes(basic_notes(5000), deck="Big")
    screen = make(qtbot, col, events)
    assert screen.model.rowCount() == 5000
    qtbot.waitUntil(lambda: screen.model.fetched_rows > 0)
    assert screen.model.fetched_rows <= 2 * PAGE_SIZE
    bar = screen.table.verticalScrollBar()
    bar.setValue(bar.maximum() // 2)
    screen.table.viewport().repaint()
    assert screen.model.fetched_rows <= 4 * PAGE_SIZE
    middle = screen.table.rowAt(screen.table.viewport().height() // 2)
    assert 2000 < middle < 3000
    assert cell(screen, middle, TITLE) == col.browse_rows([screen.model.card_id(middle)])[0].title
    assert cell(screen, middle, DUE) == "new"
    # Selecting everything must not read every row either.
    screen.table.selectAll()
    assert len(screen.selected_card_ids()) == 5000
    assert screen.model.fetched_rows <= 6 * PAGE_SIZE


def test_extended_selection_by_shift_arrow(qtbot: QtBot, filled: Collection, events: AppEvents) -> None:
    screen = make(qtbot, filled, events)
    screen.table.selectionModel().setCurrentIndex(screen.model.index(0, 0),
                                                  QItemSelectionModel.SelectionFlag.ClearAndSelect
                                                  | QItemSelectionModel.SelectionFlag.Rows)
    qtbot.keyClick(screen.table, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(screen.table, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    assert screen.selected_card_ids() == shown_ids(screen)[:3]
    assert "3 selected" in screen.count_label.text()


def test_deleting_a_note_deletes_its_recordings(qtbot: QtBot, filled: Collection, events: AppEvents) -> None:
    from flashdeck.collection import rehearsing

    screen = make(qtbot, filled, events, AnsweringBrowser)
    assert isinstance(screen, AnsweringBrowser)
    screen.answer = True
    doomed, kept = shown_ids(screen)[:2]
    recordings = {}
    for card_id in (doomed, kept):
        path = rehearsing.new_recording_path(filled, card_id)
        path.write_bytes(b"RIFF....WAVE")
        rehearsing.record_attempt(filled, card_id, duration_ms=1000, audio_path=path)
        recordings[card_id] = path
    screen.select_cards([doomed])
    qtbot.keyClick(screen.table, Qt.Key.Key_Delete)
    assert not recordings[doomed].exists() and recordings[kept].exists()


def test_deleting_a_note_leaves_another_collections_recordings(qtbot: QtBot, filled: Collection, events: AppEvents,
                                                               db_path: Path) -> None:
    """Another collection in the same folder, with the same card ids: its recordings are its own."""
    from flashdeck.collection import rehearsing

    with Collection.open(db_path.with_name("other.db")) as other:
        other.add_notes(basic_notes(len(filled.search(""))), deck="Other")
        theirs = []
        for card_id in other.search(""):
            path = rehearsing.new_recording_path(other, card_id)
            path.write_bytes(b"RIFF....WAVE")
            rehearsing.record_attempt(other, card_id, duration_ms=1000, audio_path=path)
            theirs.append(path)
        screen = make(qtbot, filled, events, AnsweringBrowser)
        assert isinstance(screen, AnsweringBrowser)
        screen.answer = True
        doomed = shown_ids(screen)[0]
        mine = rehearsing.new_recording_path(filled, doomed)
        mine.write_bytes(b"RIFF....WAVE")
        rehearsing.record_attempt(filled, doomed, duration_ms=1000, audio_path=mine)
        screen.select_cards([doomed])
        qtbot.keyClick(screen.table, Qt.Key.Key_Delete)
        assert not mine.exists()
        assert all(path.exists() for path in theirs)
        assert other.check() == []
