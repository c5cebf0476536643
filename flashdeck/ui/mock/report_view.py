"""The mock interview's last page: the report, graded one key per answer, saved as HTML for a coach.

Keys 1–4 grade the first answer not yet graded and move on (five answers in five
key presses); Ctrl+Z takes the last grade back (``Collection.undo``). Each grade is a
review through the FSRS answer path (``mocking.grade``). Rows fill in as their
analyses arrive: the report is rebuilt from what is stored.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QPushButton, QTextBrowser, QVBoxLayout, QWidget

from flashdeck.collection import Collection, mocking
from flashdeck.core.mock_report import GRADE_NAMES, ReportRow
from flashdeck.ui.events import AppEvents
from flashdeck.ui.ops import run_op
from flashdeck.ui.widgets import named

__all__ = ["MockReportView"]


class MockReportView(QWidget):
    home_requested = Signal()
    graded = Signal(int)  # the card id just reviewed (or un-reviewed)

    def __init__(self, col: Collection, parent: QWidget | None = None, *, events: AppEvents | None = None) -> None:
        super().__init__(parent)
        self.col = col
        self.events = events or AppEvents(self)  # grades are reviews: the screens are told
        self.record: mocking.MockRecord | None = None
        self.rows: list[ReportRow] = []
        self.analysing = 0
        # Ended with Esc on purpose: once its answers are graded the session is over, the unasked questions
        # dropped. (Closed or crashed instead, it stays unfinished and is offered again.)
        self.ended_early = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 20, 32, 20)
        layout.setSpacing(10)
        self.title = named(QLabel("Your mock interview", self), "mockReportTitle")
        self.title.setProperty("role", "title")
        self.grade_line = named(QLabel("", self), "mockGradeLine")
        self.grade_line.setWordWrap(True)
        self.view = named(QTextBrowser(self), "mockReport")
        self.view.setOpenLinks(False)
        row = QHBoxLayout()
        self.status = named(QLabel("", self), "mockReportStatus")
        self.status.setProperty("role", "muted")
        self.status.setWordWrap(True)
        self.save_button = named(QPushButton("Save as HTML…", self), "mockSave")
        self.save_button.setToolTip("Ctrl+S: a page with the transcripts (no audio) to share with a coach")
        self.save_button.clicked.connect(lambda: self.save())
        self.done_button = named(QPushButton("Done", self), "mockDone")
        self.done_button.clicked.connect(self.home_requested)
        row.addWidget(self.status, 1)
        row.addWidget(self.save_button)
        row.addWidget(self.done_button)
        layout.addWidget(self.title)
        layout.addWidget(self.grade_line)
        layout.addWidget(self.view, 1)
        layout.addLayout(row)

    def show_record(self, record: mocking.MockRecord) -> None:
        self.record = record
        self.refresh()

    def refresh(self) -> None:
        if self.record is None:
            return
        self.rows = mocking.report(self.col, self.record)
        bar = self.view.verticalScrollBar()
        keep = bar.value()
        self.view.setHtml(mocking.report_page(self.col, self.record, page=False, rows=self.rows))
        bar.setValue(keep)
        self._grade_line()

    def next_to_grade(self) -> ReportRow | None:
        return next((r for r in self.rows if r.answered and r.grade is None), None)

    def _grade_line(self) -> None:
        row = self.next_to_grade()
        waiting = f" · analysing {self.analysing} answer(s)…" if self.analysing else ""
        if row is None:
            graded = sum(r.grade is not None for r in self.rows)
            self.grade_line.setText(f"All {graded} answers graded — they are reviews now (Ctrl+Z takes the last "
                                    f"back){waiting}")
            return
        suggested = "" if row.suggested is None else f" — suggested {row.suggested} {GRADE_NAMES[row.suggested]}"
        self.grade_line.setText(f"Grade answer {row.position + 1}: “{row.prompt}”{suggested}.  "
                                f"Keys 1 Again · 2 Hard · 3 Good · 4 Easy · Ctrl+Z undo{waiting}")

    def grade(self, rating: int) -> None:
        """A key 1–4: grade the next answer (a review) and move on."""
        row = self.next_to_grade()
        if row is None or self.record is None:
            return
        record = self.record
        if not run_op(self.events, lambda: mocking.grade(self.col, record, row.position, rating), initiator=self).ok:
            return
        self._after_grading(row.card_id)

    def undo(self) -> None:
        if not self.col.can_undo:
            return
        undone = run_op(self.events, self.col.undo, initiator=self).value
        self.refresh()
        if undone is not None and undone.answer and undone.card_id is not None:
            self.graded.emit(undone.card_id)

    def _after_grading(self, card_id: int) -> None:
        self.refresh()
        if self.record is not None and self.next_to_grade() is None and (
                self.ended_early or all(r.answered for r in self.rows)):
            record = self.record
            run_op(self.events, lambda: mocking.finish_session(self.col, record), initiator=self)
        self.graded.emit(card_id)

    def save(self, path: str | None = None) -> Path | None:
        """Write the report page (asks where, unless told)."""
        if self.record is None:
            return None
        if path is None:
            stamp = mocking.started_text(self.col, self.record).replace(",", "").replace(" ", "-").replace(":", "")
            path, _ = QFileDialog.getSaveFileName(self, "Save the report", f"mock-interview-{stamp}.html",
                                                  "Web page (*.html)")
            if not path:
                return None
        target = Path(path)
        from flashdeck.collection.safe_output import OutputRefused, refuse_collection_files, write_atomically

        page = mocking.report_page(self.col, self.record)
        try:
            refuse_collection_files(self.col.url, target)
            write_atomically(target, lambda p: p.write_text(page, encoding="utf-8"))
        except (OSError, OutputRefused) as err:  # (the collection's own file, or a disk that cannot take it)
            self.status.setText(f"Not saved: {err}")
            return None
        self.status.setText(f"Saved to {target}")
        return target
