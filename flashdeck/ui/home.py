"""Home: the decks with what is due now, today's progress and the interview countdown."""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar

from PySide6.QtCore import QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from flashdeck.collection import Collection
from flashdeck.collection.planning import StudyPlan
from flashdeck.core.changes import Changes
from flashdeck.ui.dialogs.deck_delete import DeckDeleter
from flashdeck.ui.events import AppEvents
from flashdeck.ui.guide import GuidePanel
from flashdeck.ui.ops import run_op

__all__ = ["HomeScreen", "countdown_text", "plan_text", "progress_text"]

COUNT_COLOURS = ("#3b78d8", "#d0574f", "#3f9d62")


def countdown_text(interview: date | None, today: date) -> str:
    """"Interview in 12 days · Thu 3 Dec" (or today / passed)."""
    if interview is None:
        return ""
    days = (interview - today).days
    when = interview.strftime("%a %-d %b")
    if days > 1:
        return f"Interview in {days} days · {when}"
    if days == 1:
        return f"Interview tomorrow · {when}"
    if days == 0:
        return "Interview today — good luck!"
    return f"Interview was {-days} day{'s' if days != -1 else ''} ago · {when}"


def plan_text(plan: StudyPlan) -> str:
    """What the plan asks of today and of the days left, from ``Collection.study_plan()`` (two lines).

    "Today: 8 reviews + 10 new · final review Fri 11–Sun 13 Dec: every card comes back"
    "Until then: 198 reviews over 12 days (about 16 a day) · 63 new cards, 10 a day until Thu 10 Dec"
    """
    days, window = plan.days, plan.final_window
    if not days or window is None:
        return ""
    first, last = window.first, window.last
    span = first.strftime("%a %-d %b") if first == last else f"{first.strftime('%a %-d')}–{last.strftime('%a %-d %b')}"
    cards, seen = plan.cards, window.cards_seen
    coverage = "every card comes back" if seen >= cards else f"{seen} of {cards} cards come back"
    today = days[0]
    first_line = (f"Today: {_count(today.reviews, 'review')} + {today.new} new · "
                  f"final review {span}: {coverage}")
    reviews = sum(d.reviews for d in days)
    parts = [f"Until then: {_count(reviews, 'review')} over {_count(len(days), 'day')} "
             f"(about {round(reviews / len(days))} a day)"]
    new_left = plan.new_remaining
    if new_left:
        met_by = max((d.day for d in days if d.new), default=None)
        until = f" until {met_by.strftime('%a %-d %b')}" if met_by is not None else ""
        parts.append(f"{_count(new_left, 'new card')}, {plan.new_per_day} a day{until}")
    return first_line + "\n" + " · ".join(parts)


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def progress_text(reviews_today: int, time_today_ms: int) -> str:
    if reviews_today == 0:
        return "Nothing reviewed yet today."
    minutes = round(time_today_ms / 60000)
    spent = f" in {minutes} min" if minutes else ""
    return f"{reviews_today} card{'s' if reviews_today != 1 else ''} reviewed today{spent}."


class HomeScreen(QWidget):
    """The deck list. ``Enter`` or ``S`` studies the selected deck; ``F2`` renames it in place."""

    study_requested = Signal(str)
    mock_requested = Signal()
    SHORTCUTS: ClassVar[list[tuple[str, str]]] = [("Enter / S", "Study the selected deck"), ("↑ ↓", "Choose a deck"),
                                                  ("M", "Mock interview (or continue an unfinished one)"),
                                                  ("F2", "Rename the selected deck (also on its right-click menu)"),
                                                  ("Delete", "Delete the selected deck, after a backup (asks first)")]

    COLUMNS = ("Deck", "New", "Learning", "Review")

    def __init__(self, col: Collection, events: AppEvents, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.col, self.events = col, events
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.setSpacing(12)
        self.title = QLabel("Today")
        self.title.setProperty("role", "title")
        self.countdown = QLabel()
        self.countdown.setProperty("role", "countdown")
        self.plan = QLabel()
        self.plan.setObjectName("interviewPlan")
        self.plan.setProperty("role", "muted")
        self.plan.setWordWrap(True)
        self.progress = QLabel()
        self.progress.setProperty("role", "muted")
        self.tree = QTreeWidget()
        self.tree.setObjectName("deckList")
        self.tree.setColumnCount(len(self.COLUMNS))
        self.tree.setHeaderLabels(list(self.COLUMNS))
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, len(self.COLUMNS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
            header.resizeSection(column, 96)
            self.tree.headerItem().setTextAlignment(column, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.tree.itemActivated.connect(lambda *_: self._study())
        # Renaming happens in place: F2 (or the right-click menu) opens the name for editing, Enter keeps it,
        # Esc leaves it. The screen's keys are off meanwhile: "S" in a name must not start a study session.
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.itemChanged.connect(self._renamed)
        self.tree.itemDelegate().closeEditor.connect(lambda *_: self._set_keys(True))
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self._menu)
        self.rename_error = QLabel()
        self.rename_error.setObjectName("renameError")
        self.rename_error.setWordWrap(True)
        self.rename_error.hide()
        self.study_button = QPushButton("Study now")
        self.study_button.setProperty("role", "primary")
        self.study_button.clicked.connect(self._study)
        self.mock_line = QLabel()
        self.mock_line.setObjectName("mockUnfinished")
        self.mock_line.setProperty("role", "countdown")
        self.mock_button = QPushButton("Mock interview")
        self.mock_button.setObjectName("mockButton")
        self.mock_button.setToolTip("M")
        self.mock_button.clicked.connect(self.mock_requested)
        self.hint = QLabel("Enter to study · M mock interview · F2 rename · B browse · A add · Ctrl+I import · "
                           "? all shortcuts")
        self.hint.setObjectName("hint")
        self.hint.setWordWrap(True)  # on a narrow window the keys wrap instead of widening the window
        row = QHBoxLayout()
        row.addWidget(self.hint, 1)
        row.addWidget(self.mock_button)
        row.addWidget(self.study_button)
        self.guide = GuidePanel(col, self)
        layout.addWidget(self.guide)
        for widget in (self.title, self.countdown, self.plan, self.progress, self.mock_line):
            layout.addWidget(widget)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.rename_error)
        layout.addLayout(row)
        self.shortcuts: list[QShortcut] = []
        for key in ("S", "Return", "Enter"):
            shortcut = QShortcut(QKeySequence(key), self, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(self._study)
            self.shortcuts.append(shortcut)
        mock = QShortcut(QKeySequence("M"), self, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        mock.activated.connect(self.mock_requested)
        self.shortcuts.append(mock)
        rename = QShortcut(QKeySequence("F2"), self, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        rename.activated.connect(self.rename_selected)
        self.deleter = DeckDeleter(col, events, self)
        delete = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.tree,
                           context=Qt.ShortcutContext.WidgetShortcut)
        delete.activated.connect(self.delete_selected)
        self.shortcuts.append(delete)  # off while a name is edited: Delete there deletes a letter
        # Hidden behind the review screen it waits: the plan is projected card by card, and every answer
        # would pay for a screen nobody sees. It catches up when shown.
        self._stale = False
        events.changed.connect(self._changed)
        self.refresh()

    def _changed(self, changes: Changes, initiator: object) -> None:
        if not (changes.cards or changes.notes or changes.decks or changes.config or changes.reviews):
            return  # a rehearsal attempt: no count or figure here moves
        if initiator is self:
            # Its own rename, from inside the list's itemChanged: rebuild the list once that returns.
            QTimer.singleShot(0, self.refresh)
        elif self.isVisible():
            self.refresh()
        else:
            self._stale = True

    def showEvent(self, event: QShowEvent) -> None:
        if self._stale:
            self.refresh()
        super().showEvent(event)

    def refresh(self) -> None:
        self._stale = False
        selected = self.selected_deck()
        decks = self.col.decks()
        self.tree.blockSignals(True)  # filling the list is no rename
        self._fill(decks, selected)
        self.tree.blockSignals(False)
        self._refresh_figures()

    def _fill(self, decks: list[Any], selected: str | None) -> None:
        self.tree.clear()
        first_due: QTreeWidgetItem | None = None
        for deck in decks:
            item = QTreeWidgetItem([deck.name, str(deck.new), str(deck.learning), str(deck.review)])
            for column in range(1, len(self.COLUMNS)):
                item.setTextAlignment(column, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                count = int(item.text(column))
                # Anki's colours for new / learning / review, muted when nothing is due.
                item.setForeground(column, QColor(COUNT_COLOURS[column - 1] if count else "#9aa0a6"))
            item.setData(0, Qt.ItemDataRole.UserRole, deck.name)
            item.setToolTip(0, deck.description)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
            self.tree.addTopLevelItem(item)
            if first_due is None and deck.new + deck.learning + deck.review > 0:
                first_due = item
            if deck.name == selected:
                first_due = item if selected else first_due
        target = first_due or self.tree.topLevelItem(0)
        if target is not None:
            self.tree.setCurrentItem(target)

    def _refresh_figures(self) -> None:
        stats = self.col.stats()
        self.progress.setText(progress_text(stats.reviews_today, stats.time_today_ms))
        due = stats.due
        total = due.new + due.learning + due.review
        self.title.setText(f"{total} card{'s' if total != 1 else ''} to study today" if total else "All done for today")
        interview = self.col.get_config("interview_date")
        text = countdown_text(date.fromisoformat(interview) if interview else None, self.col.today().date)
        self.countdown.setText(text)
        self.countdown.setVisible(bool(text))
        plan = plan_text(self.col.study_plan()) if interview else ""
        self.plan.setText(plan)
        self.plan.setVisible(bool(plan))
        self.study_button.setEnabled(self.tree.topLevelItemCount() > 0)
        self._refresh_mock_line()

    def _refresh_mock_line(self) -> None:
        from flashdeck.collection import mocking

        unfinished = mocking.unfinished_sessions(self.col)
        if unfinished:
            record = unfinished[0]
            done = mocking.resume_position(self.col, record)
            self.mock_line.setText(f"Unfinished mock interview ({done} of {len(record.questions)} answered, "
                                   "every answer kept) — M to continue it")
        self.mock_line.setVisible(bool(unfinished))

    def selected_deck(self) -> str | None:
        item = self.tree.currentItem()
        return None if item is None else str(item.data(0, Qt.ItemDataRole.UserRole))

    def _study(self) -> None:
        deck = self.selected_deck()
        if deck is not None:
            self.study_requested.emit(deck)

    # -- renaming ------------------------------------------------------------------------------

    def rename_selected(self) -> None:
        """Open the selected deck's name for editing (F2, or Rename on the right-click menu)."""
        item = self.tree.currentItem()
        if item is not None:
            self._set_keys(False)
            self.tree.editItem(item, 0)

    def _set_keys(self, enabled: bool) -> None:
        for shortcut in self.shortcuts:
            shortcut.setEnabled(enabled)

    def _menu(self, pos: QPoint) -> None:
        item = self.tree.itemAt(pos)
        if item is None:
            return
        self.tree.setCurrentItem(item)
        menu = QMenu(self.tree)
        menu.addAction("Study now", self._study)
        menu.addAction("Rename…\tF2", self.rename_selected)
        menu.addSeparator()
        menu.addAction("Delete deck…\tDel", self.delete_selected)
        menu.popup(self.tree.viewport().mapToGlobal(pos))

    def delete_selected(self) -> bool:
        """Delete the selected deck and its sub-decks, after naming what goes and making a backup."""
        deck = self.selected_deck()
        told = None if deck is None else self.deleter.delete(deck)
        if told is not None:
            self.rename_error.setText(told)  # the line under the list: what went, and where its backup is
            self.rename_error.show()
        return told is not None

    def _renamed(self, item: QTreeWidgetItem, column: int) -> None:
        old = str(item.data(0, Qt.ItemDataRole.UserRole))
        new = item.text(0).strip()
        if column != 0 or new == old:
            return
        def not_renamed(message: str) -> None:
            self.rename_error.setText(f"Not renamed: {message}")
            self.rename_error.show()

        # Home refreshes from this write once the list's itemChanged has returned (_changed).
        done = run_op(self.events, lambda: self.col.rename_deck(old, new), initiator=self, status=not_renamed)
        self.tree.blockSignals(True)
        if done.ok:
            item.setData(0, Qt.ItemDataRole.UserRole, new)
        else:
            item.setText(0, old)  # the name it still has
        self.tree.blockSignals(False)
        if done.ok:
            self.rename_error.hide()
