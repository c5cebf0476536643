"""Screenshots of the mock interview (part of ``make screenshots``): the set-up page, a question being answered
1:37 in, and the report half graded — light and dark, at 1280×800 and 1024×640.

  xvfb-run -a -s "-screen 0 1280x800x24" python -m flashdeck.ui.mock.screenshots docs/screenshots
"""

from __future__ import annotations

import random
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QDeadlineTimer
from PySide6.QtWidgets import QApplication

from flashdeck.collection import Collection, mocking, rehearsing
from flashdeck.core import delivery
from flashdeck.core.mock import MockSession
from flashdeck.core.notes import NoteDraft
from flashdeck.core.rehearsal import Lap
from flashdeck.ui.main_window import MainWindow
from flashdeck.ui.mock.screen import MockScreen
from flashdeck.ui.theme import apply_theme

__all__ = ["grab_mock"]

STORIES = [
    {"title": "Rescuing the billing migration", "answers": "Tell me about a time you turned around a failing project.",
     "situation": "Our billing migration was six weeks late and two teams blamed each other.",
     "task": "As the newest tech lead I had to ship it before the annual renewal run.",
     "action": "I split the work into weekly slices, paired the two teams on the riskiest part, and published a "
               "burn-down every Friday.",
     "result": "We shipped nine days before renewals with zero billing incidents.",
     "follow_ups": "- What would you do differently?\n- How did you get the two teams to agree?"},
    {"title": "Saying no to a launch", "answers": "Tell me about a time you disagreed with your manager.",
     "situation": "A launch was planned for the week of a database upgrade.",
     "task": "I owned the upgrade and saw the risk of doing both at once.",
     "action": "I wrote a one-page risk note, showed the rollback plan, and proposed moving the launch by a week.",
     "result": "The launch moved, the upgrade went cleanly, and the launch had no incidents."},
]
SAID = [
    "So um our billing migration was six weeks late and two teams blamed each other. As the newest tech lead I "
    "had to ship it before the renewal run. I split the work into weekly slices and paired the two teams on the "
    "riskiest part, and I published a burn-down every Friday. We shipped nine days early with zero incidents.",
    "A launch was planned for the week of a database upgrade. I owned the upgrade, so I wrote a risk note and "
    "proposed moving the launch by a week. Uh we moved it and the upgrade went cleanly.",
    "I build payment systems that stay up, and I want to do that for patients now.",
]


def _settle(app: QApplication) -> None:
    deadline = QDeadlineTimer(200)
    while not deadline.hasExpired():
        app.processEvents()


def _demo(folder: Path) -> tuple[Collection, mocking.MockRecord]:
    """Three questions answered (typed transcripts analysed as the app would, no audio), two graded."""
    from flashdeck.analysis import Analysis

    col = Collection.open(folder / "mock-demo.db")
    col.add_notes([NoteDraft("story", s) for s in STORIES], deck="My stories")
    col.add_notes([NoteDraft("pitch", {"label": "30-second pitch", "text": SAID[2]})], deck="Pitches")
    col.set_config("mock_voice", "screen")
    record = mocking.start_session(col, count=3, follow_ups=False, rng=random.Random(4))
    for position, (question, seconds) in enumerate(zip(record.questions, (151, 84, 31), strict=True)):
        spec = rehearsing.rehearsal_spec(col, question.card_id)
        text = SAID[[s["answers"] for s in STORIES].index(question.prompt)] if question.kind == "story" else SAID[2]
        laps: tuple[Lap, ...] = ()
        if question.beats:
            edges = [0.0, 0.12 * seconds, 0.2 * seconds, 0.86 * seconds, float(seconds)]
            laps = tuple(Lap(b, edges[i], edges[i + 1]) for i, b in enumerate(question.beats))
        made = mocking.record_answer(col, record, position, duration_ms=seconds * 1000, laps=laps)
        tokens = delivery.tokenize(text)
        words = delivery.lexical_words(tokens)
        i_count, we_count = delivery.i_we_counts(tokens)
        # The typed answers are shorter than the times shown: the demo gives them a speaker's pace.
        analysis = Analysis(duration_s=seconds, speech_s=seconds * 0.9, pauses=[], words=len(words) * 3,
                            wpm=128.0 + 6 * position,
                            fillers=dict(delivery.count_fillers(tokens)), i_count=i_count, we_count=we_count,
                            numbers=delivery.find_numbers(tokens), transcript=text, target=spec.target,
                            coverage=delivery.coverage(" ".join(words), spec.points, ordered=spec.ordered),
                            engine="whisper-ct2/tiny.en")
        analysis.suggestion = delivery.suggest_grade(seconds, len(words) * 3, target=spec.target,
                                                     coverage=analysis.coverage_fraction,
                                                     fillers=analysis.filler_count)
        rehearsing.save_analysis(col, made.id, analysis)
    mocking.grade(col, record, 0, 3)
    return col, record


def grab_mock(app: QApplication, out: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        col, record = _demo(Path(tmp))
        for theme in ("light", "dark"):
            apply_theme(app, theme)
            for size, suffix in (((1280, 800), ""), ((1024, 640), "-small")):
                window = MainWindow(col)
                window.resize(*size)
                window.show()
                window.show_mock()
                screen = window.mock_screen()
                _settle(app)
                _save(window, out / f"mock-setup{suffix}-{theme}.png")
                _mid_answer(app, screen, record)
                _save(window, out / f"mock-session{suffix}-{theme}.png")
                screen._ticker.stop()
                screen.session = None
                screen.report.show_record(record)
                screen.pages.setCurrentWidget(screen.report)
                _settle(app)
                _save(window, out / f"mock-report{suffix}-{theme}.png")
                window.close()
        col.close()


def _mid_answer(app: QApplication, screen: MockScreen, record: mocking.MockRecord) -> None:
    """The first story 1:37 in, in its Action beat, on a clock the demo moves by hand."""
    now = [0.0]
    session = MockSession(list(record.questions), grace_s=15, follow_ups=False, monotonic=lambda: now[0])
    screen.record, screen.session = record, session
    screen.pages.setCurrentWidget(screen.stage)
    screen.voice.backend = "screen"
    screen._ask()
    screen.voice.stop()
    screen._question_asked()
    screen.recorder.stop()
    for at in (16.0, 27.0):
        now[0] = at
        screen.beat()
    now[0] = 97.0
    screen.big_timer.tick()
    screen.meter.set_level(0.42)
    _settle(app)


def _save(window: MainWindow, path: Path) -> None:
    window.grab().save(str(path))
    print(path)


if __name__ == "__main__":
    application = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(application, QApplication)
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots")
    target.mkdir(parents=True, exist_ok=True)
    grab_mock(application, target)
