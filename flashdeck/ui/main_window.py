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
from flashdeck.core.kinds import kind_by_name
from flashdeck.ui.backup_keeper import BackupKeeper
from flashdeck.ui.events import AppEvents
from flashdeck.ui.help_overlay import HelpOverlay
from flashdeck.ui.home import HomeScreen
from flashdeck.ui.widgets.wheel_guard import install_wheel_guard
from flashdeck.ui.window_fit import fit_window, restore_window, save_window

if TYPE_CHECKING:
    from flashdeck.ui.browse.screen import BrowserScreen
    from flashdeck.ui.mock.screen import MockScreen
    from flashdeck.ui.rehearse.screen import RehearseScreen
    from flashdeck.ui.review.screen import ReviewScreen
    from flashdeck.ui.stats.screen import StatsScreen

__all__ = ["MainWindow"]

GLOBAL_SHORTCUTS = [
    ("H", "Home"),
    ("B", "Browse cards"),
    ("T", "Statistics"),
    ("R", "Rehearse out loud (in review: this card, or its note’s spoken card)"),
    ("A", "Add a note"),
    ("Ctrl+I", "Import documents"),
    ("Ctrl+,", "Settings"),
    ("?", "This help"),
    ("F1", "The getting-started guide (on Home)"),
    ("Ctrl+Q", "Quit"),
]


# The size the window opens at on a screen with room for it; no screen gets a window larger than itself.
PREFERRED_SIZE = (1280, 800)
# The collection's config key for the deck selected on Home (see flashdeck/ui/window_fit.py for why there).
SELECTED_DECK = "selected_deck"


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
        install_wheel_guard()
        self.stack = QStackedWidget(self)
        self.setCentralWidget(self.stack)
        self.home = HomeScreen(col, self.events, self)
        self.home.study_requested.connect(self.start_review)
        self.home.mock_requested.connect(self.show_mock)
        self.home.guide.import_requested.connect(self.open_import)
        self.home.guide.settings_requested.connect(self.open_settings)
        self.stack.addWidget(self.home)
        self._review: ReviewScreen | None = None
        self._browser: BrowserScreen | None = None
        self._stats: StatsScreen | None = None
        self._rehearse: RehearseScreen | None = None
        self._mock: MockScreen | None = None
        self._help: HelpOverlay | None = None
        self._build_toolbar()
        self._select_remembered_deck()
        # Where it was last closed, else 1280x800 or the screen's free area if that is smaller.
        restore_window(self, *PREFERRED_SIZE)
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

    def _select_remembered_deck(self) -> None:
        """The deck selected when the app last closed (a deck since renamed or deleted: Home's own choice)."""
        name = self.col.get_config(SELECTED_DECK)
        tree = self.home.tree
        for index in range(tree.topLevelItemCount()):
            item = tree.topLevelItem(index)
            if item is not None and item.data(0, Qt.ItemDataRole.UserRole) == name:
                tree.setCurrentItem(item)

    def _remember_deck(self) -> None:
        name = self.home.selected_deck()
        if name is None or self.col.read_only is not None or self.col.get_config(SELECTED_DECK) == name:
            return
        try:
            self.col.set_config(SELECTED_DECK, name)
        except Exception as exc:  # a full disk at closing: the choice of deck is not worth a failed exit
            print(f"flashdeck: the selected deck was not remembered: {exc}", file=sys.stderr)

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

    def mock_screen(self) -> MockScreen:
        if self._mock is None:
            from flashdeck.ui.mock.screen import MockScreen

            self._mock = MockScreen(self.col, self.events, self)
            self._mock.home_requested.connect(self.show_home)
            self.stack.addWidget(self._mock)
        return self._mock

    def show_mock(self) -> None:
        """Home's M: the mock interview (its set-up page offers an unfinished session first)."""
        screen = self.mock_screen()
        self.stack.setCurrentWidget(screen)
        screen.begin()
        screen.setFocus()

    def rehearse(self) -> None:
        """R. In review: a spoken card is rehearsed at once, and Esc comes back to grade it; a card that
        is not spoken ("Which story answers …?") rehearses its note's spoken card if it has one, else
        opens the picker with nothing chosen — never the card rehearsed last. Elsewhere: the picker."""
        review = self._review
        in_review = review is not None and self.stack.currentWidget() is review
        card = review.card if review is not None and in_review else None
        if card is not None:
            spoken = [card.id] if card.spoken else self.col.search(f"note:{card.note_id} is:spoken -is:suspended")
            if spoken:
                self.rehearse_card(spoken[0], from_review=True)
                return
        screen = self.rehearse_screen()
        if self.stack.currentWidget() is not screen:
            screen.refresh_cards()
            if card is not None:
                title = card.fields.get(kind_by_name(card.kind).title_field, "") or "This card"
                screen.clear_card(f"“{title}” is not answered out loud: choose a card to rehearse")
            screen.set_from_review(in_review)
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
        # Each dialog asks for the size it reads best at; a small screen gets what it has room for.
        fit_window(dialog, dialog.width(), dialog.height())
        dialog.open()

    def help_sections(self) -> list[tuple[str, list[tuple[str, str]]]]:
        from flashdeck.ui.browse.editor import NoteEditor
        from flashdeck.ui.browse.screen import BrowserScreen
        from flashdeck.ui.dialogs.settings import SettingsDialog
        from flashdeck.ui.importing.dialog import ImportDialog
        from flashdeck.ui.mock.screen import MockScreen
        from flashdeck.ui.rehearse.screen import RehearseScreen
        from flashdeck.ui.review.screen import ReviewScreen
        from flashdeck.ui.stats.screen import StatsScreen

        return [
            ("Everywhere", GLOBAL_SHORTCUTS),
            ("Home", HomeScreen.SHORTCUTS),
            ("Review", ReviewScreen.SHORTCUTS),
            ("Rehearse", RehearseScreen.SHORTCUTS),
            ("Mock interview", MockScreen.SHORTCUTS),
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
        failure = describe_failure(exc, self.col.url)
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
        reason = self.col.read_only
        if reason is None or not self.show_dialogs:
            return
        box = QMessageBox(QMessageBox.Icon.Information, "FlashDeck",
                          f"{self.col.location} is open for reading only: {reason}.",
                          QMessageBox.StandardButton.Ok, self)
        box.setObjectName("readOnlyBox")
        box.setInformativeText("You can study what is there and export it; answers and changes cannot be saved "
                               "until it can be written again.")
        for button in box.buttons():
            button.setIcon(QIcon())
        self._replace_failure_box(box)
        box.open()

    def closeEvent(self, event: QCloseEvent) -> None:
        save_window(self)
        self._remember_deck()
        if self._rehearse is not None:
            self._rehearse.shutdown()  # a running attempt is kept; the analysis thread is stopped
        if self._mock is not None:
            self._mock.shutdown()  # the answer being given is kept; the session can be continued
        event.accept()
