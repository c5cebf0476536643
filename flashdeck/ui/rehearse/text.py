"""How attempts read in words: the analysis summary, the review screen's one line, the grade names.

No widgets here (and no Qt Multimedia): the review screen uses these without loading the player.
Everything from a transcript is escaped: it is text, not markup.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from flashdeck.collection.rehearsing import Attempt
from flashdeck.core.rehearsal import format_clock, zone_for
from flashdeck.ui.review.parts import RATING_BUTTONS

if TYPE_CHECKING:
    from flashdeck.analysis import Analysis

__all__ = ["GRADE_NAMES", "ZONE_WORDS", "attempt_line", "summary_html"]

GRADE_NAMES = {spec.rating.value: spec.label for spec in RATING_BUTTONS}
ZONE_WORDS = {"before": "short of the window", "in": "in the window", "over": "past the window"}


def summary_html(analysis: Analysis) -> str:
    """The analysis as a few readable lines (all text escaped)."""
    pauses = analysis.pauses
    long_pauses = sum(1 for s, e in pauses if e - s > 3.0)
    # Counts the recogniser can only under-report read "about N" (it misses some um/uh; it invents none).
    about = set(analysis.approximate)
    fillers = ", ".join(f"{escape(k)} {'about ' if k in about else ''}{v}"
                        for k, v in sorted(analysis.fillers.items()) if v)
    lines = [
        f"<b>Talk time</b> {format_clock(analysis.speech_s)} of {format_clock(analysis.duration_s)} · "
        f"{len(pauses)} pause{'s' if len(pauses) != 1 else ''}, longest {analysis.longest_pause_s:.1f} s"
        + (f", <b>{long_pauses} over 3 s</b>" if long_pauses else ""),
        f"<b>Pace</b> {analysis.wpm:.0f} words a minute ({analysis.words} words)",
        f"<b>Fillers</b> {'about ' if about & set(analysis.fillers) else ''}{analysis.filler_count}"
        + (f" ({fillers})" if fillers else ""),
        f"<b>“I”</b> {analysis.i_count} · <b>“we”</b> {analysis.we_count}",
        "<b>Numbers</b> " + (escape(", ".join(analysis.numbers)) if analysis.numbers else "none spoken"),
    ]
    if analysis.coverage is not None:
        # Which points: marked in place on the prepared answer beside this (rehearse/against.py).
        fraction = analysis.coverage_fraction
        covered = sum(p.covered for p in analysis.coverage)
        lines.append(f"<b>Covered</b> {0 if fraction is None else fraction:.0%} of the points "
                     f"({covered} of {len(analysis.coverage)})")
    if analysis.old_engine:
        lines.append("<i>Transcribed by the old recogniser (pocketsphinx): “Analyse again” uses the new one.</i>")
    return "<br>".join(lines)


def attempt_line(attempt: Attempt) -> str:
    """One line for the review screen: how the rehearsal went and the suggested grade, if analysed yet."""
    zone = "" if attempt.target is None else " " + ZONE_WORDS[zone_for(attempt.duration_s, attempt.target)]
    line = f"Rehearsed: {format_clock(attempt.duration_s)}{zone}"
    if attempt.suggested_grade is not None:
        analysis = attempt.delivery()
        reasons = "; ".join(analysis.suggestion.reasons) if analysis is not None else ""
        line += f" · suggested <b>{GRADE_NAMES[attempt.suggested_grade]}</b>"
        line += f" ({escape(reasons)})" if reasons else ""
    elif attempt.audio_path is not None:
        line += " · analysing…"
    return line
