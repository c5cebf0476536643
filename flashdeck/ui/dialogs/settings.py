"""Settings: scheduling, daily limits, interview date, speaking targets, theme, data location.

Save validates everything first and writes only if all of it is valid, so a typo
in one field never leaves the others half-saved.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from typing import Any, ClassVar
from urllib.parse import unquote

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from flashdeck.collection import Collection
from flashdeck.collection.rehearsing import SPEECH_MODEL
from flashdeck.core.changes import Changes
from flashdeck.core.kinds import KINDS, format_window, parse_window
from flashdeck.core.scheduling import SchedulerSettings
from flashdeck.ui.events import AppEvents
from flashdeck.ui.ops import run_op
from flashdeck.ui.widgets import cell, named

__all__ = ["SettingsDialog", "data_location", "format_steps", "parse_steps"]




THEMES = (("system", "Same as the system"), ("light", "Light"), ("dark", "Dark"))
_STEP = re.compile(r"^(\d+(?:\.\d+)?)([smhd]?)$")
_UNIT_MINUTES = {"s": 1 / 60, "m": 1.0, "": 1.0, "h": 60.0, "d": 1440.0}


def parse_steps(text: str) -> tuple[float, ...]:
    """``"1m 10m"`` → ``(1.0, 10.0)`` minutes; units s, m, h, d (bare numbers are minutes)."""
    steps = []
    for token in re.split(r"[\s,]+", text.strip().casefold()):
        if not token:
            continue
        match = _STEP.match(token)
        if not match or float(match.group(1)) <= 0:
            raise ValueError(f"not a step: {token!r} (use positive times like 1m 10m 1h 1d)")
        steps.append(round(float(match.group(1)) * _UNIT_MINUTES[match.group(2)], 4))
    return tuple(steps)


def format_steps(steps: tuple[float, ...]) -> str:
    """``(1.0, 10.0, 1440.0)`` → ``"1m 10m 1d"``."""
    out = []
    for minutes in steps:
        for unit, size in (("d", 1440.0), ("h", 60.0), ("m", 1.0)):
            if minutes >= size and (minutes / size).is_integer():
                out.append(f"{int(minutes / size)}{unit}")
                break
        else:
            out.append(f"{round(minutes * 60)}s")
    return " ".join(out)


def data_location(url: str) -> str:
    """The database file for a SQLite URL, else the URL with any password hidden."""
    if url.startswith("sqlite"):
        rest = url.split("://", 1)[-1].split("?", 1)[0]
        return unquote(rest[1:]) if rest.startswith("/") and rest not in ("/", "/:memory:") else "(in memory)"
    return re.sub(r"://([^:/@]+):[^@]*@", r"://\1:***@", url)


def spoken_kinds() -> list[str]:
    """Kinds with a spoken card: the only ones a target window applies to."""
    return [name for name, spec in KINDS.items() if any(t.spoken for t in spec.templates)]


class SettingsDialog(QDialog):
    """Every preference in one place; Save writes them all or none."""

    SHORTCUTS: ClassVar[list[tuple[str, str]]] = [
        ("Ctrl+S / Ctrl+Enter", "Save the settings"),
        ("Esc", "Close without saving"),
        ("Alt+R", "Desired retention"),
        ("Alt+O", "Optimize the FSRS parameters on your reviews"),
        ("Alt+L", "Daily limits: choose the deck"),
        ("Alt+I", "Toggle “I have an interview date”"),
        ("Alt+H", "Theme"),
        ("Alt+P", "Copy the data path"),
    ]

    def __init__(self, col: Collection, events: AppEvents, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.col, self.events = col, events
        self.setObjectName("settingsDialog")
        self.setWindowTitle("Settings")
        self.resize(760, 720)
        self._stored = SchedulerSettings.from_dict(col.get_config("scheduler", {}))
        self._limits: dict[str, tuple[int, int]] = {name: col.deck_limits(name) for name in col.deck_names()}
        self._limits_deck: str | None = None
        self._saved_theme = str(col.get_config("theme", "system"))
        self._build()
        self._load()

    # -- construction ----------------------------------------------------------------------

    def _build(self) -> None:
        self.retention = named(QDoubleSpinBox(), "retentionSpin")
        self.retention.setDecimals(2)
        self.retention.setSingleStep(0.01)
        self.retention.setRange(0.70, 0.99)
        self.retention.setToolTip("How likely you want to be to recall a card when it comes up (0.90 is usual)")
        self.learning_steps = named(QLineEdit(), "learningSteps")
        self.learning_steps.setPlaceholderText("e.g. 1m 10m")
        self.relearning_steps = named(QLineEdit(), "relearningSteps")
        self.relearning_steps.setPlaceholderText("e.g. 10m")
        self.max_interval = named(QSpinBox(), "maxIntervalSpin")
        self.max_interval.setSuffix(" days")
        self.max_interval.setRange(1, 36500)
        self.day_start = named(QSpinBox(), "dayStartSpin")
        self.day_start.setSuffix(":00")
        self.day_start.setRange(0, 23)
        self.day_start.setToolTip("The hour a new study day begins (local time)")
        for widget, width in ((self.retention, 120), (self.max_interval, 170), (self.day_start, 120),
                              (self.learning_steps, 260), (self.relearning_steps, 260)):
            widget.setFixedWidth(width)
        scheduling = QGroupBox("Scheduling")
        form = QFormLayout(scheduling)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        self._row(form, "Desired &retention:", self.retention)
        self._row(form, "Learning steps:", self.learning_steps)
        self._row(form, "Relearning steps:", self.relearning_steps)
        self._row(form, "Maximum interval:", self.max_interval)
        self._row(form, "Next day starts at:", self.day_start)

        self.limits_deck = named(QComboBox(), "limitsDeck")
        self.limits_deck.addItems(list(self._limits))
        # A long deck name must not widen the whole form (a horizontal scroll bar on a small screen).
        self.limits_deck.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.limits_deck.setMinimumContentsLength(14)
        self.limits_deck.currentTextChanged.connect(self._limits_deck_changed)
        self.new_per_day = named(QSpinBox(), "newPerDay")
        self.new_per_day.setRange(0, 9999)
        self.new_per_day.setSuffix(" new")
        self.reviews_per_day = named(QSpinBox(), "reviewsPerDay")
        self.reviews_per_day.setRange(0, 99999)
        self.reviews_per_day.setSuffix(" reviews")
        limits = QGroupBox("Daily limits (per deck)")
        grid = QHBoxLayout(limits)
        deck_label = QLabel("Dec&k:")
        deck_label.setBuddy(self.limits_deck)
        grid.addWidget(deck_label)
        grid.addWidget(self.limits_deck, 1)
        grid.addWidget(self.new_per_day)
        grid.addWidget(self.reviews_per_day)
        for spin in (self.new_per_day, self.reviews_per_day):
            spin.setMinimumWidth(140)
        if not self._limits:
            limits.setEnabled(False)
            self.limits_deck.addItem("(no decks yet)")

        self.has_interview = named(QCheckBox("&I have an interview date"), "hasInterview")
        self.interview_date = named(QDateEdit(), "interviewDate")
        self.interview_date.setCalendarPopup(True)
        self.interview_date.setDisplayFormat("ddd d MMM yyyy")
        self.has_interview.toggled.connect(self.interview_date.setEnabled)
        self.interview_date.setMinimumWidth(200)
        interview = QGroupBox("Interview")
        interview_row = QHBoxLayout(interview)
        interview_row.addWidget(self.has_interview)
        interview_row.addWidget(self.interview_date)
        interview_row.addStretch(1)

        self.targets = named(QTableWidget(0, 3), "kindTargets")
        self.targets.setHorizontalHeaderLabels(["Kind", "Default", "Your target (m:ss-m:ss)"])
        self.targets.verticalHeader().hide()
        self.targets.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.targets.setEditTriggers(QAbstractItemView.EditTrigger.AllEditTriggers)
        header = self.targets.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self._target_kinds = spoken_kinds()
        for kind in self._target_kinds:
            r = self.targets.rowCount()
            self.targets.insertRow(r)
            spec = KINDS[kind]
            default = format_window(spec.target) if spec.target else "depends on the note"
            for column, text in enumerate((spec.label, default)):
                item = QTableWidgetItem(text)
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                self.targets.setItem(r, column, item)
            self.targets.setItem(r, 2, QTableWidgetItem(""))
        self.targets.setFixedHeight(self.targets.horizontalHeader().sizeHint().height()
                                    + sum(self.targets.rowHeight(r) for r in range(self.targets.rowCount())) + 4)
        targets_box = QGroupBox("Speaking targets per kind (empty: the default)")
        QVBoxLayout(targets_box).addWidget(self.targets)

        self.theme = named(QComboBox(), "themeCombo")
        for value, label in THEMES:
            self.theme.addItem(label, value)
        self.theme.currentIndexChanged.connect(self._preview_theme)
        self.data_path = named(QLineEdit(data_location(self.col.url)), "dataPath")
        self.data_path.setReadOnly(True)
        self.data_path.setToolTip(self.col.url)
        self.copy_path = named(QPushButton("Copy &path"), "copyPath")
        self.copy_path.setAutoDefault(False)
        self.copy_path.clicked.connect(self.copy_data_path)
        app_box = QGroupBox("Appearance and data")
        app_grid = QGridLayout(app_box)
        theme_label = QLabel("T&heme:")
        theme_label.setBuddy(self.theme)
        app_grid.addWidget(theme_label, 0, 0)
        app_grid.addWidget(self.theme, 0, 1, 1, 2, Qt.AlignmentFlag.AlignLeft)
        self.theme.setMinimumWidth(220)
        app_grid.addWidget(QLabel("Your data lives in:"), 1, 0)
        app_grid.addWidget(self.data_path, 1, 1)
        app_grid.addWidget(self.copy_path, 1, 2)

        self.error_label = named(QLabel(), "settingsError")
        self.error_label.setWordWrap(True)
        self.error_label.setProperty("role", "error")
        self.error_label.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        save = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        save.setProperty("role", "primary")
        for button in self.buttons.buttons():
            if isinstance(button, QPushButton):
                button.setAutoDefault(False)  # Enter in a field must not save half-typed values
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        for keys in ("Ctrl+S", "Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, self.save)

        from flashdeck.ui.dialogs.optimizer_box import OptimizerBox

        self.optimizer = OptimizerBox(self.col, events=self.events)
        self.optimizer.optimized.connect(self._optimized)
        from flashdeck.ui.dialogs.model_download import SpeechModelBox

        self.speech = SpeechModelBox(self.col.get_config(SPEECH_MODEL))
        body = QWidget()
        sections = QVBoxLayout(body)
        for box in (scheduling, self.optimizer, limits, interview, targets_box, self.speech, app_box):
            sections.addWidget(box)
        sections.addStretch(1)
        scroll = named(QScrollArea(), "settingsScroll")
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        # The form narrows to the dialog (tests/ui/test_fits_small_screen.py): it scrolls one way only.
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)

    @staticmethod
    def _row(form: QFormLayout, text: str, widget: QWidget) -> None:
        label = QLabel(text)
        label.setBuddy(widget)
        form.addRow(label, widget)

    def _load(self) -> None:
        s = self._stored
        self.retention.setValue(s.desired_retention)
        self.learning_steps.setText(format_steps(s.learning_steps_min))
        self.relearning_steps.setText(format_steps(s.relearning_steps_min))
        self.max_interval.setValue(s.maximum_interval)
        self.day_start.setValue(self.col.day_start_hour)
        if self._limits:
            self._limits_deck_changed(self.limits_deck.currentText())
        stored_date = self.col.get_config("interview_date")
        today = self.col.today().date
        when = dt.date.fromisoformat(stored_date) if stored_date else today + dt.timedelta(days=14)
        self.interview_date.setDate(QDate(when.year, when.month, when.day))
        self.has_interview.setChecked(bool(stored_date))
        self.interview_date.setEnabled(bool(stored_date))
        stored_targets: dict[str, list[int]] = self.col.get_config("kind_targets", {}) or {}
        for row, kind in enumerate(self._target_kinds):
            window = stored_targets.get(kind)
            cell(self.targets, row, 2).setText(format_window((window[0], window[1])) if window else "")
        self.theme.blockSignals(True)
        self.theme.setCurrentIndex(max(0, self.theme.findData(self._saved_theme)))
        self.theme.blockSignals(False)

    # -- interaction -----------------------------------------------------------------------

    def _limits_deck_changed(self, name: str) -> None:
        # Edits to the deck shown so far are kept, so several decks can change in one save.
        if self._limits_deck in self._limits:
            self._limits[self._limits_deck] = (self.new_per_day.value(), self.reviews_per_day.value())
        if name in self._limits:
            new, reviews = self._limits[name]
            self.new_per_day.setValue(new)
            self.reviews_per_day.setValue(reviews)
            self._limits_deck = name

    def _optimized(self, kept: bool) -> None:
        # The fit was saved on its own; Save must build on it, not on the parameters read at opening.
        if kept:
            self._stored = replace(self._stored, parameters=SchedulerSettings.from_dict(
                self.col.get_config("scheduler", {})).parameters)

    def _preview_theme(self) -> None:
        self._apply_theme(self.theme.currentData())

    @staticmethod
    def _apply_theme(preference: str) -> None:
        app = QApplication.instance()
        if isinstance(app, QApplication):
            from flashdeck.ui.theme import apply_theme

            apply_theme(app, preference)

    def copy_data_path(self) -> None:
        QGuiApplication.clipboard().setText(self.data_path.text())

    # -- saving ----------------------------------------------------------------------------

    def _mark(self, widget: QWidget, invalid: bool) -> None:
        widget.setProperty("invalid", invalid)
        widget.style().unpolish(widget)
        widget.style().polish(widget)

    def validate(self) -> tuple[dict[str, Any], list[str]]:
        """Everything the form says, checked: (values, error messages)."""
        errors: list[str] = []
        values: dict[str, Any] = {}
        for name, widget, label in (("learning", self.learning_steps, "Learning steps"),
                                    ("relearning", self.relearning_steps, "Relearning steps")):
            try:
                values[name] = parse_steps(widget.text())
                self._mark(widget, False)
            except ValueError as err:
                errors.append(f"{label}: {err}")
                self._mark(widget, True)
        if "learning" in values and "relearning" in values:
            settings = replace(self._stored, desired_retention=round(self.retention.value(), 2),
                               learning_steps_min=values["learning"], relearning_steps_min=values["relearning"],
                               maximum_interval=self.max_interval.value())
            try:
                values["scheduler"] = settings.validated()
            except ValueError as err:
                errors.append(f"Scheduling: {err}")
        targets: dict[str, list[int]] = {}
        bad_rows = []
        for row, kind in enumerate(self._target_kinds):
            text = cell(self.targets, row, 2).text().strip()
            if not text:
                continue
            try:
                low, high = parse_window(text)
                if high <= 0:
                    raise ValueError(f"the window {text!r} is empty")
                targets[kind] = [low, high]
            except ValueError as err:
                errors.append(f"{KINDS[kind].label} target: {err}")
                bad_rows.append(row)
        self._mark(self.targets, bool(bad_rows))
        if bad_rows:
            self.targets.setCurrentCell(bad_rows[0], 2)
        values["kind_targets"] = targets
        if self._limits_deck in self._limits:
            self._limits[self._limits_deck] = (self.new_per_day.value(), self.reviews_per_day.value())
        values["limits"] = dict(self._limits)
        day = self.interview_date.date()
        values["interview_date"] = (dt.date(day.year(), day.month(), day.day()).isoformat()
                                    if self.has_interview.isChecked() else None)
        values["day_start"] = self.day_start.value()
        values["theme"] = self.theme.currentData()
        values[SPEECH_MODEL] = self.speech.chosen()
        if not self.speech.ready():
            errors.append(f"The {self.speech.chosen()} speech model is not downloaded yet: choose Download first.")
        return values, errors

    def save(self) -> bool:
        """Validate all, then write all; on success close. Returns whether it saved."""
        values, errors = self.validate()
        if errors:
            self.error_label.setText("Nothing was saved:\n" + "\n".join(f"• {e}" for e in errors))
            self.error_label.show()
            return False
        self.error_label.hide()
        if not run_op(self.events, lambda: self._write(values), initiator=self).ok:
            return False  # the window shows why; what was written before it stays written
        self._saved_theme = values["theme"]
        self.accept()
        return True

    def _write(self, values: dict[str, Any]) -> Changes:
        """Write what differs from the collection; what all of it changed."""
        col, changes = self.col, Changes()
        if values["scheduler"] != self._stored:
            changes |= col.set_scheduler_settings(values["scheduler"])
        if values["day_start"] != col.day_start_hour:
            changes |= col.set_day_start_hour(values["day_start"])
        for name, (new, reviews) in values["limits"].items():
            if col.deck_limits(name) != (new, reviews):
                changes |= col.set_deck_limits(name, new_per_day=new, reviews_per_day=reviews)
        if col.get_config("interview_date") != values["interview_date"]:
            stored = values["interview_date"]
            changes |= col.set_interview_date(dt.date.fromisoformat(stored) if stored else None).changes
        for key in ("kind_targets", "theme", SPEECH_MODEL):
            if col.get_config(key) != values[key]:
                changes |= col.set_config(key, values[key])
        return changes

    def reject(self) -> None:
        if self.theme.currentData() != self._saved_theme:
            self._apply_theme(self._saved_theme)  # the theme was only being tried on
        super().reject()
