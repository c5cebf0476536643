"""Regenerate the README's screenshots from the real app (``make screenshots``).

Builds a demo collection (the bundled decks, a few days of reviews), opens the
real main window and grabs each screen: home, review front, review back,
browser, statistics, rehearse (mid-answer, with the peek, the feedback of an
attempt, the progress chart), the shortcut overlay, Settings, the Add-note dialog
and the import preview as a user corrects it (a note left out, one turned into a
basic card, the deck named), and the mock interview (set-up, mid-answer, report; at 1280x800 and
1024x640) — in the light and dark themes, at each ``--size``
(the window's inner size; dialogs get what the screen has room for). Files are
named ``<screen>-<theme>-<W>x<H>.png``. Run it on a screen of that size, so
dialogs fit it as they would for a user (``make screenshots`` runs both sizes):

  xvfb-run -a -s "-screen 0 1024x640x24" python -m flashdeck.ui.screenshots docs/screenshots --size 1024x640

``--only import`` grabs just the import preview.
"""

from __future__ import annotations

import sys
import tempfile
from datetime import timedelta
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QDeadlineTimer
from PySide6.QtWidgets import QApplication, QWidget

from flashdeck.collection import Collection, rehearsing
from flashdeck.collection.bundled import seed_if_empty
from flashdeck.core.clock import ManualClock, SystemClock
from flashdeck.core.notes import NoteDraft
from flashdeck.core.scheduling import Rating
from flashdeck.ui.events import AppEvents
from flashdeck.ui.main_window import MainWindow
from flashdeck.ui.theme import apply_theme

__all__ = ["main"]

DEMO_DOCUMENT = """Question: Tell me about a time you turned around a failing project.

Title: Rescuing the billing migration

S – Situation: Our billing migration was [how many?] weeks late and two teams blamed each other.
T – Task: As the newest tech lead I had to get it shipped before the annual renewal run.
A – Action: I split the work into weekly slices, paired the two teams on the riskiest part and
published a burn-down every Friday.
R – Result: We shipped [how many?] days before renewals with zero billing incidents.
"""


DEMO_NOTES = """# Lumen Health onsite

## Why Lumen Health?
- A mission I can explain to anyone — e.g. my aunt books her clinic visits with their app
- They publish their outage reviews
    - the March one: a DNS change, fixed in 40 minutes
- A small platform team with real ownership

## Tell me about yourself
- Past: six years of payments infrastructure
- Present: I run build and release tooling at Quillpay
- Next: work that reaches patients, not just transactions

## Questions they may ask
1. Why do you want to leave Quillpay?
2. Tell me about a release that went wrong
3. How do you decide what to automate first?
"""


def _settle(app: QApplication) -> None:
    deadline = QDeadlineTimer(150)
    while not deadline.hasExpired():
        app.processEvents()


def _demo_collection(folder: Path) -> Collection:
    clock = ManualClock(SystemClock().now() - timedelta(days=6), SystemClock().local_tz)
    col = Collection.open(folder / "demo.db", clock=clock)
    seed_if_empty(col)
    col.set_config("interview_date", (SystemClock().now() + timedelta(days=12)).date().isoformat())
    for _day in range(6):  # a few days of honest use, so the numbers mean something
        for _ in range(12):
            card = col.next_card()
            if card is None:
                break
            col.answer(card.id, Rating.GOOD if card.id % 5 else Rating.AGAIN, duration_ms=9000)
        clock.advance(days=1)
    col.clock = SystemClock()
    col.select_deck(None)
    return col


def _demo_rehearsals(col: Collection) -> int:
    """Four past attempts at a story, analysed from typed transcripts (no audio): the history and the chart."""
    from flashdeck.analysis import Analysis
    from flashdeck.core import delivery
    from flashdeck.core.rehearsal import Lap

    col.add_notes([NoteDraft("story", {
        "title": "Rescuing the billing migration",
        "answers": "Tell me about a time you turned around a failing project.",
        "situation": "Our billing migration was six weeks late and two teams blamed each other.",
        "task": "As the newest tech lead I had to ship it before the annual renewal run.",
        "action": "I split the work into weekly slices, paired the two teams on the riskiest part, "
                  "and published a burn-down every Friday.",
        "result": "We shipped nine days before renewals with zero billing incidents.",
    })], deck="My stories")
    story = col.search("kind:story is:spoken")[0]
    spec = rehearsing.rehearsal_spec(col, story)
    fields = col.card(story).fields
    said = [fields.get(name, "") for name in ("situation", "task", "action", "result")]
    now_ms = int(SystemClock().now().timestamp() * 1000)
    for number, (seconds, beats_said, fillers) in enumerate(
            ((214, 2, "so um I think um basically "), (176, 3, "um "), (151, 4, ""), (163, 4, "uh "))):
        split = (0.22, 0.12, 0.52, 0.14) if number < 2 else (0.12, 0.08, 0.66, 0.14)
        edges = [0.0]
        for share in split:
            edges.append(edges[-1] + share * seconds)
        laps = [Lap(beat, edges[i], edges[i + 1]) for i, beat in enumerate(spec.beats)]
        started = now_ms - (4 - number) * 86_400_000
        made = rehearsing.record_attempt(col, story, duration_ms=seconds * 1000, laps=laps, started_ms=started)
        tokens = delivery.tokenize(fillers + " ".join(said[:beats_said]))
        words = delivery.lexical_words(tokens)
        i_count, we_count = delivery.i_we_counts(tokens)
        analysis = Analysis(
            duration_s=seconds, speech_s=seconds * 0.86, pauses=[(30.0, 31.2), (80.0, 83.9)][: 2 - number // 2],
            words=len(words) * 4, wpm=120 + 8 * number, fillers=dict(delivery.count_fillers(tokens)),
            i_count=i_count, we_count=we_count, numbers=delivery.find_numbers(tokens), transcript=" ".join(tokens),
            target=spec.target, coverage=delivery.coverage(words, spec.points, ordered=spec.ordered),
            engine="whisper-ct2/tiny.en")
        analysis.suggestion = delivery.suggest_grade(
            seconds, analysis.words, target=spec.target, coverage=analysis.coverage_fraction,
            fillers=analysis.filler_count, longest_pause_s=analysis.longest_pause_s)
        rehearsing.save_analysis(col, made.id, analysis)
        rehearsing.set_self_grade(col, made.id, min(4, 2 + number // 2))
    return story


def _grab(widget: QWidget, path: Path) -> None:
    widget.grab().save(str(path))
    print(path)


def _rehearse_mid_attempt(app: QApplication, window: MainWindow, story: int) -> None:
    """The Rehearse screen 1:37 into a story, in its Action beat, on a clock the demo moves by hand."""
    now = [0.0]
    window.rehearse_card(story)
    screen = window.rehearse_screen()
    screen.big_timer._monotonic = lambda: now[0]  # a demo clock: the screenshot shows a moment mid-answer
    spec = rehearsing.rehearsal_spec(window.col, story)
    screen.big_timer.set_card(spec.target, spec.beats)
    if screen.record.armed:
        screen.record.toggle()
    screen.toggle()
    for at in (16.0, 27.0):
        now[0] = at
        screen.lap()
    now[0] = 97.0
    screen.big_timer.tick()
    screen.laps.show_laps(screen.big_timer.timer.laps())
    _settle(app)


def _corrected_preview(app: QApplication, col: Collection, parent: QWidget | None, documents: list[Path],
                       path: Path, size: tuple[int, int] = (1000, 620)) -> None:
    """The import dialog as a user corrects it: the notes file selected, its second note left out, its
    third turned into a basic card, the deck named."""
    from flashdeck.ui.importing.dialog import ImportDialog

    events = parent.events if isinstance(parent, MainWindow) else AppEvents()
    dialog = ImportDialog(col, events, [str(d) for d in documents], parent=parent)
    dialog.resize(*size)
    dialog.show()
    deadline = QDeadlineTimer(10000)
    while any(e.status == "Reading…" for e in dialog.entries) and not deadline.hasExpired():
        app.processEvents()
    dialog.table.selectRow(len(documents) - 1)
    _settle(app)
    dialog.notes.set_included([1], False)
    dialog.notes.set_kind([2], "basic")
    dialog.deck_combo.setEditText("Lumen Health onsite")
    dialog._deck_edited()
    dialog.notes.table.selectRow(2)
    _settle(app)
    _grab(dialog, path)
    dialog.close()


def _options(argv: list[str]) -> tuple[Path, list[tuple[int, int]], bool]:
    """(output folder, sizes, only the import preview) from the command line."""
    sizes: list[tuple[int, int]] = []
    rest: list[str] = []
    only_import = False
    args = iter(argv[1:])
    for arg in args:
        if arg == "--size":
            width, height = next(args).lower().split("x")
            sizes.append((int(width), int(height)))
        elif arg == "--only":
            only_import = next(args) == "import"
        else:
            rest.append(arg)
    return Path(rest[0] if rest else "docs/screenshots"), sizes or [(1280, 800), (1024, 640)], only_import


def _dialog_shown(app: QApplication, window: MainWindow) -> QWidget:
    _settle(app)
    for widget in app.topLevelWidgets():
        if widget is not window and widget.isVisible() and widget.isWindow():
            return widget
    raise RuntimeError("no dialog was opened")


def _window_shots(app: QApplication, col: Collection, story: int, out: Path, theme: str,
                  size: tuple[int, int], documents: list[Path]) -> None:
    tag = f"{theme}-{size[0]}x{size[1]}"
    window = MainWindow(col)
    window.resize(*size)
    window.show()
    _settle(app)
    _grab(window, out / f"home-{tag}.png")
    window.show_help()
    _settle(app)
    _grab(window, out / f"shortcuts-{tag}.png")
    assert window._help is not None
    window._help.hide()
    window.start_review(window.home.selected_deck())
    _settle(app)
    _grab(window, out / f"review-front-{tag}.png")
    window.review_screen().reveal()
    _settle(app)
    _grab(window, out / f"review-back-{tag}.png")
    window.show_browser()
    _settle(app)
    _grab(window, out / f"browser-{tag}.png")
    window.show_stats()
    _settle(app)
    _grab(window, out / f"stats-{tag}.png")
    _rehearse_mid_attempt(app, window, story)
    _grab(window, out / f"rehearse-{tag}.png")
    screen = window.rehearse_screen()
    screen.toggle_peek()
    _settle(app)
    _grab(window, out / f"rehearse-peek-{tag}.png")
    screen.toggle_peek()
    screen.toggle()  # the attempt ends (kept, not recorded): its feedback is shown
    analysed = [a.id for a in rehearsing.attempts_for_card(window.col, story) if a.analysis is not None]
    screen.attempts.choose(analysed[-1])  # the newest analysed and graded attempt
    screen.tabs.setCurrentWidget(screen.feedback_page)
    _settle(app)
    _grab(window, out / f"rehearse-feedback-{tag}.png")
    screen.tabs.setCurrentWidget(screen.chart)
    _settle(app)
    _grab(window, out / f"rehearse-progress-{tag}.png")
    window.show_home()
    window.open_settings()
    _grab(_dialog_shown(app, window), out / f"settings-{tag}.png")
    _dialog_shown(app, window).close()
    window.add_note()
    _grab(_dialog_shown(app, window), out / f"add-note-{tag}.png")
    _dialog_shown(app, window).close()
    _settle(app)
    dialog_size = (min(1000, size[0] - 40), min(620, size[1] - 40))
    _corrected_preview(app, col, window, documents, out / f"import-preview-corrected-{tag}.png", dialog_size)
    window.close()


def main(argv: list[str]) -> int:
    out, sizes, only_import = _options(argv)
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(argv[:1])
    assert isinstance(app, QApplication)
    with tempfile.TemporaryDirectory() as tmp:
        col = _demo_collection(Path(tmp))
        document = Path(tmp) / "billing-story.txt"
        document.write_text(DEMO_DOCUMENT, encoding="utf-8")
        notes = Path(tmp) / "lumen-notes.md"
        notes.write_text(DEMO_NOTES, encoding="utf-8")
        if only_import:
            for theme in ("light", "dark"):
                apply_theme(app, theme)
                for width, height in sizes:
                    _corrected_preview(app, col, None, [document, notes],
                                       out / f"import-preview-corrected-{theme}-{width}x{height}.png",
                                       size=(min(1000, width - 40), min(620, height - 40)))
            col.close()
            return 0
        story = _demo_rehearsals(col)
        for theme in ("light", "dark"):
            apply_theme(app, theme)
            for size in sizes:
                _window_shots(app, col, story, out, theme, size, [document, notes])
        col.close()
        from flashdeck.ui.mock.screenshots import grab_mock

        grab_mock(app, out)
    QCoreApplication.processEvents()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
