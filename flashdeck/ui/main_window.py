"""The main window: home, review and browser screens, and the dialogs they open.

Screens other than Home are built the first time they are needed, so the
first paint costs only the home screen.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QIcon, QKeySequence
from PySide6.QtWidgets import QDialog, QMainWindow, QMessageBox, QStackedWidget, QToolBar, QWidget

from flashdeck.collection import Collection
from flashdeck.ui.backup_keeper import BackupKeeper
from flashdeck.ui.events import AppEvents
from flashdeck.ui.help_overlay import HelpOverlay
from flashdeck.ui.home import HomeScreen

if TYPE_CHECKING:
    from flashdeck.ui.browse.screen import BrowserScreen
    from flashdeck.ui.rehearse.screen import RehearseScreen
    from flashdeck.ui.review.screen import ReviewScreen
    from flashdeck.ui.stats.screen import StatsScreen

__all__ = ["MainWindow"]

GLOBAL_SHORTCUTS = [
    ("H", "Home"),
    ("B", "Browse cards"),
    ("T", "Statistics"),
    ("R", "Rehearse out loud (in review, on a spoken card: that card)"),
    ("A", "Add a note"),
    ("Ctrl+I", "Import documents"),
    ("Ctrl+,", "Settings"),
    ("?", "This help"),
    ("F1", "The getting-started guide (on Home)"),
    ("Ctrl+Q", "Quit"),
]


class MainWindow(QMainWindow):
    def __init__(self, col: Collection, events: AppEvents | None = None, *, show_dialogs: bool = True) -> None:
        super().__init__()
        self.col = col
        self.events = events or AppEvents(self)
        # A damaged collection found while in use: the backup the user chose to restore; run() does it.
        self.restore_requested: Path | None = None
        self.show_dialogs = show_dialogs
        self.failure_box: QMessageBox | None = None
        self.events.failed.connect(self.handle_failure)
        self.backups = BackupKeeper(col, self)
        self.backups.failed.connect(self.handle_failure)
        self.setWindowTitle("FlashDeck")
        self.setAcceptDrops(True)
        self.resize(1280, 800)
        self.stack = QStackedWidget(self)
        self.setCentralWidget(self.stack)
        self.home = HomeScreen(col, self.events, self)
        self.home.study_requested.connect(self.start_review)
        self.home.guide.import_requested.connect(self.open_import)
        self.home.guide.settings_requested.connect(self.open_settings)
        self.stack.addWidget(self.home)
        self._review: ReviewScreen | None = None
        self._browser: BrowserScreen | None = None
        self._stats: StatsScreen | None = None
        self._rehearse: RehearseScreen | None = None
        self._help: HelpOverlay | None = None
        self._build_toolbar()
        self.home.tree.setFocus()  # Enter studies at once, before any click

    # -- navigation ------------------------------------------------------------------

    def _build_toolbar(self) -> None:
        bar = QToolBar("Main", self)
        bar.setMovable(False)
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.addToolBar(bar)
        self.actions_by_name: dict[str, QAction] = {}
        for name, label, keys, slot in (
            ("home", "Home", ["H"], self.show_home),
            ("browse", "Browse", ["B"], self.show_browser),
            ("stats", "Stats", ["T"], self.show_stats),
            ("rehearse", "Rehearse", ["R"], self.rehearse),
            ("add", "Add", ["A"], self.add_note),
            ("import", "Import…", ["Ctrl+I"], self.open_import),
            ("settings", "Settings", ["Ctrl+,"], self.open_settings),
            ("help", "Shortcuts", ["?"], self.show_help),
            ("quit", "Quit", ["Ctrl+Q"], self.close),
            ("guide", "Getting started", ["F1"], self.show_guide),
        ):
            action = QAction(label, self)
            action.setShortcuts([QKeySequence(k) for k in keys])
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.triggered.connect(slot)
            if name not in ("quit", "guide"):
                bar.addAction(action)
            else:
                self.addAction(action)
            self.actions_by_name[name] = action

    def show_home(self) -> None:
        self.home.refresh()
        self.stack.setCurrentWidget(self.home)
        self.home.tree.setFocus()

    def review_screen(self) -> ReviewScreen:
        if self._review is None:
            from flashdeck.ui.review.screen import ReviewScreen

            self._review = ReviewScreen(self.col, self.events, self)
            self._review.home_requested.connect(self.show_home)
            self._review.finished.connect(self.home.refresh)
            self._review.edit_note_requested.connect(self.edit_note)
            self.stack.addWidget(self._review)
        return self._review

    def start_review(self, deck: str | None = None) -> None:
        screen = self.review_screen()
        self.stack.setCurrentWidget(screen)
        screen.start(deck)
        screen.setFocus()

    def browser_screen(self) -> BrowserScreen:
        if self._browser is None:
            from flashdeck.ui.browse.screen import BrowserScreen

            self._browser = BrowserScreen(self.col, self.events, self)
            self._browser.home_requested.connect(self.show_home)
            self._browser.edit_note_requested.connect(self.edit_note)
            self.stack.addWidget(self._browser)
        return self._browser

    def show_browser(self) -> None:
        screen = self.browser_screen()
        screen.refresh()
        self.stack.setCurrentWidget(screen)
        screen.setFocus()

    def stats_screen(self) -> StatsScreen:
        if self._stats is None:
            from flashdeck.ui.stats.screen import StatsScreen

            self._stats = StatsScreen(self.col, self.events, self)
            self._stats.home_requested.connect(self.show_home)
            self.stack.addWidget(self._stats)
        return self._stats

    def show_stats(self) -> None:
        screen = self.stats_screen()
        self.stack.setCurrentWidget(screen)  # showing it refreshes it
        screen.setFocus()

    def rehearse_screen(self) -> RehearseScreen:
        if self._rehearse is None:
            from flashdeck.ui.rehearse.screen import RehearseScreen

            self._rehearse = RehearseScreen(self.col, self.events, self)
            self._rehearse.home_requested.connect(self.show_home)
            self._rehearse.back_to_review.connect(self._back_to_review)
            self._rehearse.attempt_saved.connect(self._attempt_saved)
            self.stack.addWidget(self._rehearse)
        return self._rehearse

    def rehearse(self) -> None:
        """R: in review on a spoken card, rehearse that card (and come back to grade it); else pick a card."""
        review = self._review
        if review is not None and self.stack.currentWidget() is review and review.card is not None \
                and review.card.spoken:
            self.rehearse_card(review.card.id, from_review=True)
            return
        screen = self.rehearse_screen()
        if self.stack.currentWidget() is not screen:
            screen.set_from_review(False)
            screen.refresh_cards()
            self.stack.setCurrentWidget(screen)
        screen.setFocus()

    def rehearse_card(self, card_id: int, *, from_review: bool = False) -> None:
        screen = self.rehearse_screen()
        screen.refresh_cards()
        screen.open_card(card_id, from_review=from_review)
        self.stack.setCurrentWidget(screen)
        screen.setFocus()

    def _back_to_review(self) -> None:
        screen = self.review_screen()
        self.stack.setCurrentWidget(screen)
        screen.setFocus()

    def _attempt_saved(self, card_id: int, attempt_id: int) -> None:
        if self._review is not None and self._rehearse is not None and self._rehearse.from_review:
            self._review.rehearsed(card_id, attempt_id)

    # -- dialogs ---------------------------------------------------------------------

    def add_note(self) -> None:
        from flashdeck.ui.browse.editor import NoteEditor

        self._open_dialog(NoteEditor(self.col, self.events, deck=self.home.selected_deck(), parent=self))

    def edit_note(self, note_id: int) -> None:
        from flashdeck.ui.browse.editor import NoteEditor

        self._open_dialog(NoteEditor(self.col, self.events, note_id=note_id, parent=self))

    def open_import(self, paths: list[str] | None = None) -> None:
        from flashdeck.ui.importing.dialog import ImportDialog

        self._open_dialog(ImportDialog(self.col, self.events, list(paths or []), parent=self))

    def open_settings(self) -> None:
        from flashdeck.ui.dialogs.settings import SettingsDialog

        self._open_dialog(SettingsDialog(self.col, self.events, parent=self))

    @staticmethod
    def _open_dialog(dialog: QDialog) -> None:
        # Window-modal, and gone once closed: dialogs do not pile up behind the window.
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def help_sections(self) -> list[tuple[str, list[tuple[str, str]]]]:
        from flashdeck.ui.browse.editor import NoteEditor
        from flashdeck.ui.browse.screen import BrowserScreen
        from flashdeck.ui.dialogs.settings import SettingsDialog
        from flashdeck.ui.importing.dialog import ImportDialog
        from flashdeck.ui.rehearse.screen import RehearseScreen
        from flashdeck.ui.review.screen import ReviewScreen
        from flashdeck.ui.stats.screen import StatsScreen

        return [
            ("Everywhere", GLOBAL_SHORTCUTS),
            ("Home", HomeScreen.SHORTCUTS),
            ("Review", ReviewScreen.SHORTCUTS),
            ("Rehearse", RehearseScreen.SHORTCUTS),
            ("Browser", BrowserScreen.SHORTCUTS),
            ("Stats", StatsScreen.SHORTCUTS),
            ("Editor", NoteEditor.SHORTCUTS),
            ("Import", ImportDialog.SHORTCUTS),
            ("Settings", SettingsDialog.SHORTCUTS),
        ]

    def show_guide(self) -> None:
        """F1: Home, with the getting-started guide shown again."""
        self.show_home()
        self.home.guide.reopen()

    def show_help(self) -> None:
        if self._help is None:
            self._help = HelpOverlay(self.help_sections(), self)
        self._help.open()

    def current_screen(self) -> QWidget:
        screen = self.stack.currentWidget()
        assert screen is not None  # home is always there
        return screen

    # -- drops -------------------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() and all(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.open_import(paths)

    # -- failures ----------------------------------------------------------------------

    def handle_failure(self, exc: object) -> None:
        """Show what went wrong, once at a time: a damaged collection offers its newest good backup."""
        from flashdeck.collection.failures import describe_failure
        from flashdeck.ui.dialogs.failures import RESTORE_BUTTON, damaged_box, error_box

        if not isinstance(exc, BaseException):
            return
        failure = describe_failure(exc, self.col.store.url)
        print(f"flashdeck: {failure.message}", file=sys.stderr)
        if not self.show_dialogs or (self.failure_box is not None and self.failure_box.isVisible()):
            return
        box = damaged_box(self, failure, in_use=True) if failure.damaged else error_box(self, failure)

        def closed() -> None:
            clicked = box.clickedButton()
            if failure.damaged and clicked is not None and clicked.objectName() == RESTORE_BUTTON:
                self.restore_requested = failure.newest_good_backup
                self.close()

        box.finished.connect(closed)
        self._replace_failure_box(box)
        box.open()

    def _replace_failure_box(self, box: QMessageBox) -> None:
        # One box at a time, kept until the next: deleting a box from inside its own signal is unsafe.
        if self.failure_box is not None:
            self.failure_box.deleteLater()
        self.failure_box = box

    def tell_read_only(self) -> None:
        """Opened read-only (a read-only folder, a full disk): say so once, at the start."""
        reason = self.col.store.read_only
        if reason is None or not self.show_dialogs:
            return
        box = QMessageBox(QMessageBox.Icon.Information, "FlashDeck",
                          f"{self.col.store.location} is open for reading only: {reason}.",
                          QMessageBox.StandardButton.Ok, self)
        box.setObjectName("readOnlyBox")
        box.setInformativeText("You can study what is there and export it; answers and changes cannot be saved "
                               "until it can be written again.")
        for button in box.buttons():
            button.setIcon(QIcon())
        self._replace_failure_box(box)
        box.open()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._rehearse is not None:
            self._rehearse.shutdown()  # a running attempt is kept; the analysis thread is stopped
        event.accept()
