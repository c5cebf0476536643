"""The window opens on a collection and shows its decks."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from flashdeck.bundled import seed_if_empty
from flashdeck.collection import Collection


def test_window_lists_decks_with_counts(qtbot: QtBot, col: Collection) -> None:
    from flashdeck.ui.main_window import MainWindow

    added = seed_if_empty(col)
    assert added >= 60
    assert seed_if_empty(col) == 0  # only once
    window = MainWindow(col)
    qtbot.addWidget(window)
    window.show()
    assert window.windowTitle() == "FlashDeck"
    rows = [window.deck_list.item(i).text() for i in range(window.deck_list.count())]
    assert len(rows) == len(col.deck_names()) >= 3
    for deck in col.decks():
        cards = len(col.search(f'deck:"{deck.name}"'))
        assert any(row.startswith(f"{deck.name} — new {min(20, cards)} ") for row in rows)
