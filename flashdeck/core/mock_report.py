"""The mock interview's report: one row per question, as JSON for scripts and as a self-contained HTML page.

Pure: rows are built from what the façade stored (the attempt's duration and laps,
its analysis as ``Analysis.to_dict(extra=True)``, the grade from its review), so
the report is the same whether it is shown at once, after a resume, or written
to a file for a coach. The HTML page has the transcripts and no audio, holds its
own style (nothing fetched), escapes everything a user wrote or said, and prints
cleanly on paper.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from flashdeck.core.mock import PlannedQuestion
from flashdeck.core.rehearsal import Lap, Window, check_laps, format_clock, format_window, zone_for

__all__ = ["GRADE_NAMES", "FollowUpRow", "ReportRow", "report_html", "report_json"]

GRADE_NAMES = {1: "Again", 2: "Hard", 3: "Good", 4: "Easy"}


@dataclass(frozen=True)
class FollowUpRow:
    question: str
    duration_s: float
    transcript: str | None


@dataclass(frozen=True)
class ReportRow:
    """What one question of a session came to."""

    position: int
    card_id: int
    prompt: str
    kind: str
    window: Window | None
    duration_s: float | None  # None: not answered (the session was ended early)
    laps: tuple[Lap, ...] = ()
    analysis: Mapping[str, Any] | None = None  # None: not analysed yet (or no recording)
    grade: int | None = None
    follow_up: FollowUpRow | None = None
    beats: tuple[str, ...] = field(default_factory=tuple)

    @classmethod
    def of(cls, position: int, question: PlannedQuestion, *, duration_s: float | None, laps: Sequence[Lap] = (),
           analysis: Mapping[str, Any] | None = None, grade: int | None = None,
           follow_up: FollowUpRow | None = None) -> ReportRow:
        return cls(position, question.card_id, question.prompt, question.kind, question.window, duration_s,
                   tuple(laps), analysis, grade, follow_up, question.beats)

    @property
    def answered(self) -> bool:
        return self.duration_s is not None

    @property
    def in_target(self) -> bool | None:
        if self.duration_s is None or self.window is None:
            return None
        return zone_for(self.duration_s, self.window) == "in"

    @property
    def zone_text(self) -> str:
        if self.duration_s is None:
            return "not answered"
        if self.window is None:
            return "no window"
        return {"before": "too short", "in": "on target", "over": "over"}[zone_for(self.duration_s, self.window)]

    @property
    def transcript(self) -> str | None:
        return None if self.analysis is None else str(self.analysis.get("transcript", ""))

    @property
    def coverage(self) -> float | None:
        cov = None if self.analysis is None else self.analysis.get("coverage")
        return None if cov is None else cov.get("fraction")

    @property
    def points(self) -> list[tuple[str, bool]]:
        cov = None if self.analysis is None else self.analysis.get("coverage")
        return [] if cov is None else [(str(p["point"]), bool(p["covered"])) for p in cov.get("points", [])]

    @property
    def suggested(self) -> int | None:
        grade = None if self.analysis is None else self.analysis.get("suggested_grade")
        return None if not grade else int(grade["grade"])

    @property
    def suggested_reasons(self) -> list[str]:
        grade = None if self.analysis is None else self.analysis.get("suggested_grade")
        return [] if not grade else [str(r) for r in grade.get("reasons", [])]

    def beat_notes(self) -> list[str]:
        """The coaching checks on the beats marked with Tab (nothing when none were)."""
        if len(self.laps) < 2 or not self.beats:
            return []
        flags = check_laps(self.laps) if self.kind == "story" else check_laps(self.laps, self.beats)
        return [f.message for f in flags]

    def to_dict(self) -> dict[str, Any]:
        """The keys ``flashdeck mock --json`` promises, per question."""
        return {"card_id": self.card_id, "prompt": self.prompt,
                "duration_s": None if self.duration_s is None else round(self.duration_s, 2),
                "in_target": self.in_target, "transcript": self.transcript,
                "coverage": None if self.coverage is None else round(float(self.coverage), 3),
                "suggested": self.suggested, "grade": self.grade}


def report_json(rows: Sequence[ReportRow]) -> dict[str, Any]:
    return {"questions": [row.to_dict() for row in rows]}


# -- HTML ----------------------------------------------------------------------------------------------

_STYLE = """
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1d1f23; background: #fff;
       max-width: 860px; margin: 2em auto; padding: 0 1em; }
h1 { font-size: 1.6em; margin-bottom: .2em; }
.meta { color: #5f6368; margin-top: 0; }
table.summary { border-collapse: collapse; width: 100%; margin: 1em 0 2em; }
table.summary th, table.summary td { border-bottom: 1px solid #d9dce1; padding: .35em .5em; text-align: left;
       vertical-align: top; }
table.summary th { font-weight: 600; color: #3c4043; }
section.q { border-top: 2px solid #1d1f23; padding-top: .6em; margin-top: 1.6em; page-break-inside: avoid; }
section.q h2 { font-size: 1.15em; margin: 0 0 .3em; }
.figures { margin: .4em 0; }
.on { color: #1e7e45; } .off { color: #b3261e; }
ul.points { margin: .3em 0; padding-left: 1.2em; }
blockquote { margin: .5em 0; padding: .4em .8em; border-left: 3px solid #b0b5bd; background: #f5f6f8;
       white-space: pre-wrap; }
.muted { color: #5f6368; }
@media print { body { margin: 0; max-width: none; } blockquote { background: none; } }
"""


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _grade(value: int | None) -> str:
    return "—" if value is None else f"{value} {GRADE_NAMES.get(value, '')}".strip()


def _figures(row: ReportRow) -> list[str]:
    out = []
    if row.duration_s is not None:
        window = "" if row.window is None else f" against {format_window(row.window)}"
        cls = "on" if row.in_target else ("off" if row.in_target is False else "muted")
        out.append(f'<span>Time <b>{format_clock(row.duration_s)}</b>{_e(window)} '
                   f'<span class="{cls}">({_e(row.zone_text)})</span></span>')
    a = row.analysis
    if a is not None:
        out.append(f"<span>Pace <b>{float(a.get('wpm', 0)):.0f}</b> words/min</span>")
        fillers = a.get("fillers", {})
        counts = ", ".join(f"{_e(k)} {int(v)}" for k, v in fillers.get("counts", {}).items()) or "none heard"
        out.append(f"<span>Fillers <b>{int(fillers.get('total', 0))}</b> ({counts})</span>")
        out.append(f"<span>“I” <b>{int(a.get('i_count', 0))}</b> · “we” <b>{int(a.get('we_count', 0))}</b></span>")
        numbers = ", ".join(_e(n) for n in a.get("numbers", [])) or "none"
        out.append(f"<span>Numbers: {numbers}</span>")
        if row.coverage is not None:
            out.append(f"<span>Covered <b>{float(row.coverage):.0%}</b></span>")
    return out


def _section(row: ReportRow) -> str:
    parts = [f'<section class="q"><h2>{row.position + 1}. {_e(row.prompt)}</h2>']
    if not row.answered:
        parts.append('<p class="muted">Not answered.</p></section>')
        return "".join(parts)
    parts.append('<p class="figures">' + " · ".join(_figures(row)) + "</p>")
    if row.laps:
        laps = " · ".join(f"{_e(lap.beat)} {format_clock(lap.duration_s)}" for lap in row.laps)
        parts.append(f"<p>Beats: {laps}</p>")
        parts.extend(f'<p class="off">{_e(note)}</p>' for note in row.beat_notes())
    if row.points:
        items = "".join(f'<li class="{"on" if ok else "off"}">{"✓" if ok else "✗"} {_e(label)}</li>'
                        for label, ok in row.points)
        parts.append(f'<ul class="points">{items}</ul>')
    suggested = _grade(row.suggested)
    reasons = "; ".join(row.suggested_reasons)
    parts.append(f"<p>Suggested grade: <b>{_e(suggested)}</b>{' (' + _e(reasons) + ')' if reasons else ''} · "
                 f"Your grade: <b>{_e(_grade(row.grade))}</b></p>")
    if row.analysis is None:
        parts.append('<p class="muted">Not analysed (no recording).</p>')
    else:
        parts.append(f"<blockquote>{_e(row.transcript or '(nothing heard)')}</blockquote>")
    if row.follow_up is not None:
        fu = row.follow_up
        parts.append(f"<p><b>Follow-up:</b> {_e(fu.question)} — {format_clock(fu.duration_s)}</p>")
        if fu.transcript is not None:
            parts.append(f"<blockquote>{_e(fu.transcript or '(nothing heard)')}</blockquote>")
    parts.append("</section>")
    return "".join(parts)


# Inside the app the theme gives the colours (light or dark): only the marks keep theirs.
_APP_STYLE = ".on { color: #3f9d62; } .off { color: #d0574f; } .muted { color: #8a9099; } " \
             "blockquote { margin-left: 1em; font-style: italic; } h2 { font-size: 16px; }"


def report_html(rows: Sequence[ReportRow], *, when: str, decks: Sequence[str] = (), page: bool = True) -> str:
    """The whole report as one HTML document (UTF-8, no external resources, no scripts).

    ``page`` is the file written for a coach (its own print-friendly style); without it, the same
    content for the app's report view, coloured by the app's theme.
    """
    answered = [r for r in rows if r.answered]
    on_target = sum(bool(r.in_target) for r in answered)
    summary_rows = "".join(
        f"<tr><td>{r.position + 1}</td><td>{_e(r.prompt)}</td>"
        f"<td>{'—' if r.duration_s is None else format_clock(r.duration_s)}</td><td>{_e(r.zone_text)}</td>"
        f"<td>{'—' if r.coverage is None else f'{float(r.coverage):.0%}'}</td>"
        f"<td>{_e(_grade(r.suggested))}</td><td>{_e(_grade(r.grade))}</td></tr>" for r in rows)
    deck_text = f" · decks: {', '.join(decks)}" if decks else ""
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        f"<title>Mock interview — {_e(when)}</title><style>{_STYLE if page else _APP_STYLE}</style></head><body>"
        + ("<h1>Mock interview</h1>" if page else "")
        + f"<p class=\"meta\">{_e(when)}{_e(deck_text)} · {len(answered)} of {len(rows)} "
        f"questions answered · {on_target} on target</p>"
        "<table class=\"summary\" cellpadding=\"4\" cellspacing=\"0\"><tr><th>#</th><th>Question</th>"
        f"<th>Time</th><th></th><th>Covered</th><th>Suggested</th><th>Grade</th></tr>{summary_rows}</table>"
        + "".join(_section(r) for r in rows)
        + "<p class=\"muted\">Written by FlashDeck. Transcripts are what the offline recogniser heard.</p>"
        "</body></html>\n"
    )
