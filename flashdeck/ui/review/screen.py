"""The review screen: one card at a time, answered from the keyboard.

The front shows first; ``Space``/``Enter`` reveals the back (which repeats the
front above a rule), and ``1``–``4`` grade it, each button showing the interval
that grade would schedule. Every grade is committed by the collection before
the next card appears. Spoken cards get a compact timer with their target window.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import partial
from typing import ClassVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QStackedWidget, QVBoxLayout, QWidget

from flashdeck.collection import CardView, Collection, NotFound, rehearsing
from flashdeck.core.changes import Changes
from flashdeck.core.kinds import kind_by_name
from flashdeck.core.scheduling import Rating
from flashdeck.storage.errors import StorageError
from flashdeck.ui.events import AppEvents
from flashdeck.ui.ops import run_op
from flashdeck.ui.rehearse.text import attempt_line
from flashdeck.ui.review.done import DonePage, SessionTally
from flashdeck.ui.review.parts import RATING_BUTTONS, ReadableColumn, progress_html, with_large_prompt
from flashdeck.ui.review.timer import SpeakTimer
from flashdeck.ui.widgets.html_view import SafeHtmlView

__all__ = ["RATING_BUTTONS", "ReviewScreen", "progress_html"]

SIDE_MARGIN = 32
# A card left on screen over lunch should not count as a 70-minute answer in the statistics.
MAX_DURATION_MS = 15 * 60 * 1000


_HINT_FRONT = "Space show answer  ·  E edit  ·  @ suspend  ·  - bury  ·  Ctrl+Z undo  ·  Esc home"
_HINT_BACK = "1 Again  ·  2 Hard  ·  3 Good  ·  4 Easy  ·  Space = Good  ·  E edit  ·  Ctrl+Z undo"


class ReviewScreen(QWidget):
    """Review the selected deck's queue. Call ``start(deck)`` to begin a session."""

    finished = Signal()
    edit_note_requested = Signal(int)
    home_requested = Signal()

    SHORTCUTS: ClassVar[list[tuple[str, str]]] = [
        ("Space / Enter", "Show the answer (once shown: Good)"),
        ("1 2 3 4", "Again · Hard · Good · Easy"),
        ("Ctrl+Z", "Undo the last answer, suspension or burial"),
        ("@", "Suspend this card"),
        ("-", "Bury this card until tomorrow"),
        ("E", "Edit this card's note"),
        ("R", "Rehearse this spoken card out loud (timer, beats, recording)"),
        ("Esc", "Back to home"),
    ]

    def __init__(self, col: Collection, events: AppEvents, parent: QWidget | None = None,
                 monotonic: Callable[[], float] = time.monotonic) -> None:
        super().__init__(parent)
        self.setObjectName("reviewScreen")
        self.col, self.events = col, events
        self._monotonic = monotonic
        self.card: CardView | None = None
        self.revealed = False
        self.deck: str | None = None
        self.tally = SessionTally()
        self._shown_at = 0.0
        self._front_html = self._back_html = ""
        self._started = False
        self._attempt_id: int | None = None  # a rehearsal of the shown card, graded along with it
        self._build()
        self._bind_keys()
        events.changed.connect(self._on_changed)

    # -- building ----------------------------------------------------------------------------

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(SIDE_MARGIN, 20, SIDE_MARGIN, 24)
        outer.setSpacing(10)

        header = QHBoxLayout()
        self.progress = QLabel(self)
        self.progress.setObjectName("progressLine")
        self.progress.setTextFormat(Qt.TextFormat.RichText)
        self.context = QLabel(self)
        self.context.setObjectName("reviewContext")
        self.context.setProperty("role", "muted")
        self.context.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        header.addWidget(self.progress)
        header.addStretch(1)
        header.addWidget(self.context)
        outer.addLayout(header)

        self.status = QLabel(self)
        self.status.setObjectName("reviewStatus")
        self.status.setProperty("role", "muted")
        self.status.setAlignment(Qt.AlignmentFlag.AlignCenter)
        outer.addWidget(self.status)

        self.pages = QStackedWidget(self)
        outer.addWidget(self.pages, 1)
        self.card_page = QWidget(self.pages)
        centring = QHBoxLayout(self.card_page)
        centring.setContentsMargins(0, 6, 0, 0)
        column_widget = ReadableColumn(self.card_page)
        centring.addWidget(column_widget, 0, Qt.AlignmentFlag.AlignHCenter)
        self._column = QVBoxLayout(column_widget)
        self._column.setContentsMargins(0, 0, 0, 0)
        self._column.setSpacing(14)
        self.view = SafeHtmlView(self.card_page)
        self.view.setObjectName("cardView")
        self.view.document().setDocumentMargin(20)
        self._column.addWidget(self.view, 1)
        self.timer = SpeakTimer(self.card_page, monotonic=self._monotonic)
        self.timer.hide()
        self._column.addWidget(self.timer)
        self.rehearsal_line = QLabel(self.card_page)
        self.rehearsal_line.setObjectName("rehearsalLine")
        self.rehearsal_line.setTextFormat(Qt.TextFormat.RichText)
        self.rehearsal_line.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.rehearsal_line.hide()
        self._column.addWidget(self.rehearsal_line)
        self.answer_bar = self._build_answer_bar()
        self._column.addWidget(self.answer_bar)
        self.hint = QLabel(_HINT_FRONT, self.card_page)
        self.hint.setObjectName("hint")
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hint.setWordWrap(True)
        self._column.addWidget(self.hint)
        self.pages.addWidget(self.card_page)

        self.done_page = DonePage(self.pages)
        self.done_page.home_button.clicked.connect(self.home_requested)
        self.pages.addWidget(self.done_page)
        # The screen itself holds the focus: a focused text view would swallow Space, Enter and Esc
        # before the shortcuts see them. Scrolling keys are passed on to the view (keyPressEvent).
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.view.setFocusPolicy(Qt.FocusPolicy.NoFocus)

    def _build_answer_bar(self) -> QStackedWidget:
        bar = QStackedWidget(self.card_page)
        bar.setObjectName("answerBar")
        front = QWidget(bar)
        row = QHBoxLayout(front)
        row.setContentsMargins(0, 0, 0, 0)
        self.show_answer_button = QPushButton("Show answer", front)
        self.show_answer_button.setObjectName("showAnswer")
        self.show_answer_button.setProperty("role", "primary")
        self.show_answer_button.setToolTip("Space or Enter")
        self.show_answer_button.setMinimumSize(260, 56)
        self.show_answer_button.clicked.connect(self.reveal)
        row.addStretch(1)
        row.addWidget(self.show_answer_button, 2)
        row.addStretch(1)
        bar.addWidget(front)

        self.rating_row = QWidget(bar)
        row = QHBoxLayout(self.rating_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(10)
        self.rating_buttons: dict[Rating, QPushButton] = {}
        for spec in RATING_BUTTONS:
            button = QPushButton(spec.label, self.rating_row)
            button.setObjectName(spec.object_name)
            button.setToolTip(f"{spec.label} ({int(spec.rating)})")
            button.setMinimumHeight(56)
            button.clicked.connect(partial(self._rate_clicked, spec.rating))
            row.addWidget(button, 1)
            self.rating_buttons[spec.rating] = button
        bar.addWidget(self.rating_row)
        for button in (self.show_answer_button, *self.rating_buttons.values()):
            # The keys are the way to answer; a focused button would also eat Space and Enter.
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        return bar

    def _bind_keys(self) -> None:
        bindings: list[tuple[str, Callable[[], None]]] = [
            ("Space", self._primary),
            ("Return", self._primary),
            ("Enter", self._primary),
            ("Ctrl+Z", self.undo),
            ("@", self.suspend),
            ("-", self.bury),
            ("E", self.edit),
            ("Escape", self.home_requested.emit),
        ]
        bindings += [(str(int(spec.rating)), partial(self.rate, spec.rating)) for spec in RATING_BUTTONS]
        self.shortcuts: list[QShortcut] = []
        for key, slot in bindings:
            # Active only while this screen (or a child) has focus, so other screens keep their keys.
            shortcut = QShortcut(QKeySequence(key), self, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
            self.shortcuts.append(shortcut)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Arrows, Page Up/Down, Home and End scroll a long card; the rest is the shortcuts' business."""
        bar = self.view.verticalScrollBar()
        moves = {
            Qt.Key.Key_Down: bar.singleStep(), Qt.Key.Key_Up: -bar.singleStep(),
            Qt.Key.Key_PageDown: bar.pageStep(), Qt.Key.Key_PageUp: -bar.pageStep(),
        }
        key = Qt.Key(event.key())
        if key in moves:
            bar.setValue(bar.value() + moves[key])
        elif key == Qt.Key.Key_Home:
            bar.setValue(bar.minimum())
        elif key == Qt.Key.Key_End:
            bar.setValue(bar.maximum())
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    # -- session -----------------------------------------------------------------------------

    def start(self, deck: str | None) -> None:
        """Study ``deck`` (with its sub-decks), or every deck with ``None``; shows the first card."""
        self.col.select_deck(deck)
        self.deck = deck
        self._started = True
        self.tally = SessionTally()
        self._set_status("")
        self._show(self.col.next_card())

    def refresh(self) -> None:
        """Bring the screen up to date after the collection changed elsewhere (an edit, the browser)."""
        if not self._started:
            return  # nothing chosen to study yet: start() picks the deck
        card = self.card
        if card is None:
            following = self.col.next_card()
            if following is not None:
                self._show(following)
            else:
                self._update_progress()
                self.done_page.update_summary(self.tally, self.col.counts(), self.col.can_undo)
            return
        try:
            current = self.col.card(card.id, queue=card.queue)
        except NotFound:  # deleted meanwhile
            current = None
        if current is None or not current.studied_on(self.col.today().date.toordinal()):
            self._show(self.col.next_card())
            return
        # The note may have been edited: show its new text, keeping the side and the timing.
        self.card = current
        self._front_html, self._back_html = with_large_prompt(*self.card.render())
        if self.revealed:
            self._show_back()
        else:
            self.view.set_card_html(self._front_html)
        self._update_progress()

    def _on_changed(self, changes: Changes, initiator: object) -> None:
        # Its own writes it has shown already (the next card); a new rehearsal attempt changes no card.
        if initiator is self or not self.isVisible():
            return
        if changes.cards or changes.notes or changes.decks or changes.config or changes.reviews:
            self.refresh()

    # -- showing -----------------------------------------------------------------------------

    def _show(self, card: CardView | None) -> None:
        self.card, self.revealed = card, False
        self._attempt_id = None
        self.rehearsal_line.hide()
        if card is None:
            self._show_done()
            return
        self._front_html, self._back_html = with_large_prompt(*card.render())
        self.view.set_card_html(self._front_html)
        self.view.verticalScrollBar().setValue(0)
        self._shown_at = self._monotonic()
        if card.spoken and card.target is not None:
            self.timer.show()
            self.timer.start(card.target)
        else:
            self.timer.stop()
            self.timer.hide()
        self.rating_row.setEnabled(False)
        self.answer_bar.setCurrentIndex(0)
        self.hint.setText(_HINT_FRONT)
        self.pages.setCurrentWidget(self.card_page)
        self._update_progress()

    def _show_back(self) -> None:
        assert self.card is not None
        scroll = self.view.verticalScrollBar().value()
        self.view.set_card_html(self._back_html)
        self.view.verticalScrollBar().setValue(scroll)
        previews = self.col.interval_preview(self.card.id)
        for spec in RATING_BUTTONS:
            self.rating_buttons[spec.rating].setText(f"{spec.label}\n{previews[spec.rating]}")

    def _show_done(self) -> None:
        self.timer.stop()
        self.timer.hide()
        self._update_progress()
        self.done_page.update_summary(self.tally, self.col.counts(), self.col.can_undo)
        self.pages.setCurrentWidget(self.done_page)
        self.finished.emit()

    def _update_progress(self) -> None:
        counts = self.col.counts()
        current = self.card.queue if self.card is not None else None
        self.progress.setText(progress_html(counts.new, counts.learning, counts.review, current))
        if self.card is None:
            self.context.setText(self.deck or "All decks")
            return
        self.context.setText(" · ".join(p for p in (kind_by_name(self.card.kind).label, self.card.deck,
                                                    self.card.template) if p))

    def _set_status(self, text: str) -> None:
        self.status.setText(text)

    # -- actions -----------------------------------------------------------------------------

    def _primary(self) -> None:
        """Space/Enter: reveal the answer, or (once it shows) grade Good, as in Anki."""
        if self.revealed:
            self.rate(Rating.GOOD)
        else:
            self.reveal()

    def reveal(self) -> None:
        """Show the back and the four grades with their intervals."""
        if self.card is None or self.revealed:
            return
        self.revealed = True
        self.timer.stop()
        self._show_back()
        self.rating_row.setEnabled(True)
        self.answer_bar.setCurrentIndex(1)
        self.hint.setText(_HINT_BACK)
        self._set_status("")

    def rate(self, rating: Rating) -> None:
        """Grade the shown card (only once its answer is showing) and move on."""
        card = self.card
        if card is None or not self.revealed:
            return
        duration_ms = min(MAX_DURATION_MS, max(0, round((self._monotonic() - self._shown_at) * 1000)))
        # A rehearsal of this card is graded with it, in the answer's own transaction.
        done = run_op(self.events, lambda: self.col.answer(card.id, rating, duration_ms, attempt_id=self._attempt_id),
                      initiator=self, status=self._set_status, messages=(
                          # A full disk, a read-only or damaged file, a lost server: nothing saved (and the dialog).
                          (StorageError, "This answer was not saved: the card stays; answer again once the "
                                         "problem is solved."),
                          (NotFound, "That card (or its rehearsal) was deleted; moving on."),
                      ))  # CardChanged (answered in another window meanwhile: nothing written) says so itself
        if isinstance(done.error, StorageError):
            return
        if done.ok:
            self.tally.add(card.id, rating, duration_ms)
            self._set_status("")
        self._show(self.col.next_card())

    def _rate_clicked(self, rating: Rating, _checked: bool = False) -> None:
        self.rate(rating)

    def suspend(self) -> None:
        """Suspend the shown card (it leaves every queue until unsuspended) and move on."""
        if self.card is None:
            return
        self._set_aside(self.col.suspend, "Card suspended")

    def _set_aside(self, write: Callable[[list[int]], Changes], done: str) -> None:
        assert self.card is not None
        card_id = self.card.id
        was_new, new_before = self.card.queue == "new", self.col.counts().new
        if not run_op(self.events, lambda: write([card_id]), initiator=self, status=self._set_status).ok:
            return
        self._set_status(done + self._new_replaced(was_new, new_before) + " · Ctrl+Z to undo")
        self._show(self.col.next_card())

    def bury(self) -> None:
        """Bury the shown card until tomorrow and move on."""
        if self.card is None:
            return
        self._set_aside(self.col.bury, "Card buried until tomorrow")

    def _new_replaced(self, was_new: bool, new_before: int) -> str:
        """Why "New" did not drop: a new card set aside frees its place in today's limit for the next one."""
        if was_new and self.col.counts().new == new_before:
            return "; the next new card takes its place in today's limit"
        return ""

    def undo(self) -> None:
        """Take back the last answer, suspension or burial; the collection says which card comes back."""
        # CardChanged (another window built on that answer: nothing was undone) is the status line.
        done = run_op(self.events, self.col.undo, initiator=self, status=self._set_status)
        if not done.ok:
            return
        undone = done.value
        if undone is None:
            self._set_status("Nothing to undo")
            return
        if undone.answer and undone.card_id is not None:
            self.tally.remove(undone.card_id)
        self._set_status("Answer undone" if undone.answer else "Suspension or burial undone")
        # The card to show again (if any) leads the queue now.
        self._show(self.col.next_card())

    # -- rehearsal -----------------------------------------------------------------------------

    def rehearsed(self, card_id: int, attempt_id: int) -> None:
        """An attempt at ``card_id`` was saved or analysed: beside the grades, show how it went.

        Back from rehearsing the shown card, its answer is revealed (it has been spoken);
        the grade that follows is also kept as the attempt's own grade.
        """
        if self.card is None or self.card.id != card_id:
            return
        self._attempt_id = attempt_id
        try:
            made = rehearsing.attempt(self.col, attempt_id)
        except NotFound:
            self._attempt_id = None
            self.rehearsal_line.hide()
            return
        self.rehearsal_line.setText(attempt_line(made))
        self.rehearsal_line.show()
        self.reveal()

    def edit(self) -> None:
        if self.card is not None:
            self.edit_note_requested.emit(self.card.note_id)

    # -- for tests and the help overlay --------------------------------------------------------

    @property
    def shown_html(self) -> str:
        """The sanitised HTML given to the card view (front, or back once revealed)."""
        return self._back_html if self.revealed else self._front_html

    @property
    def on_done_page(self) -> bool:
        return self.pages.currentWidget() is self.done_page
