"""The browser's card-info pane: the card's dates, scheduling, reviews and rehearsal attempts.

The HTML is built here from our own escaped text (no user Markdown), shown in
the same sealed view as cards.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta, tzinfo

from PySide6.QtWidgets import QWidget

from flashdeck.collection.card_info import CardInfo
from flashdeck.core.kinds import format_window
from flashdeck.core.scheduling import Phase, format_interval
from flashdeck.ui.widgets.html_view import SafeHtmlView

__all__ = ["CardInfoPane", "card_info_html"]

_PHASE = {Phase.NEW: "New", Phase.LEARNING: "Learn", Phase.REVIEW: "Review", Phase.RELEARNING: "Relearn"}
_GRADE = {1: "Again", 2: "Hard", 3: "Good", 4: "Easy"}
_CSS = ("<style>td, th { padding: 1px 7px 1px 0; white-space: nowrap; } th { text-align: left; } "
        "td.num { text-align: right; } p.muted { opacity: 0.7; }</style>")


def _when(ms: int, tz: tzinfo | None, *, time: bool = True) -> str:
    """"2026-12-01 09:30" for the facts; "1 Dec" in the history tables (the year only when not this one)."""
    moment = datetime.fromtimestamp(ms / 1000, UTC)
    local = moment.astimezone(tz) if tz is not None else moment.astimezone()
    if time:
        return local.strftime("%Y-%m-%d %H:%M")
    this_year = datetime.now(local.tzinfo).year
    return f"{local.day} {local.strftime('%b')}" + ("" if local.year == this_year else f" {local.year}")


def _seconds(ms: int) -> str:
    seconds = round(ms / 1000)
    return f"{seconds // 60}:{seconds % 60:02d}" if seconds >= 60 else f"{seconds}s"


def _table(header: tuple[str, ...], rows: Sequence[tuple[str, ...]], numeric: set[int]) -> str:
    head = "".join(f"<th>{html.escape(h)}</th>" for h in header)
    body = "".join(
        "<tr>" + "".join(f'<td class="num">{html.escape(c)}</td>' if i in numeric else f"<td>{html.escape(c)}</td>"
                         for i, c in enumerate(row)) + "</tr>"
        for row in rows)
    return f"<table><tr>{head}</tr>{body}</table>"


def card_info_html(info: CardInfo, tz: tzinfo | None = None) -> str:
    """The pane's HTML for ``info`` (times in ``tz``, the local zone by default)."""
    state = info.state
    facts: list[tuple[str, str]] = [("Added", _when(info.added_ms, tz))]
    if info.reviews:
        facts += [("First review", _when(info.reviews[0].reviewed_ms, tz)),
                  ("Latest review", _when(info.reviews[-1].reviewed_ms, tz))]
    if state.phase == Phase.NEW:
        facts.append(("Due", "new card, not studied yet"))
    else:
        facts.append(("Due", _when(state.due * 1000, tz)))
        if state.last_review is not None:
            facts.append(("Interval", format_interval(timedelta(seconds=state.due - state.last_review))))
        if state.stability is not None:
            facts.append(("Stability", format_interval(timedelta(days=state.stability))))
        if state.difficulty is not None:
            facts.append(("Difficulty", f"{state.difficulty:.1f} of 10"))
    facts += [("Reviews", str(len(info.reviews))), ("Lapses", str(state.lapses))]
    if info.reviews:
        facts += [("Average time", _seconds(info.total_time_ms // len(info.reviews))),
                  ("Total time", _seconds(info.total_time_ms))]
    if info.suspended:
        facts.append(("State", "suspended"))
    parts = [_CSS, f"<p><b>{html.escape(info.title)}</b></p>",
             f'<p class="muted">{html.escape(info.deck)} · {html.escape(info.kind_label)} · '
             f"card: {html.escape(info.template)}</p>",
             "<table>" + "".join(f"<tr><th>{html.escape(k)}</th><td>{html.escape(v)}</td></tr>" for k, v in facts)
             + "</table>"]
    parts.append("<h4>Reviews</h4>")
    if info.reviews:
        reviews = [(_when(r.reviewed_ms, tz, time=False), _PHASE[r.phase_before], _GRADE[int(r.rating)],
                    format_interval(timedelta(seconds=r.interval_s)), _seconds(r.duration_ms))
                   for r in reversed(info.reviews)]
        parts.append(_table(("Date", "Type", "Grade", "Next", "Time"), reviews, {3, 4}))
    else:
        parts.append('<p class="muted">Not reviewed yet.</p>')
    if info.attempts and info.attempts[-1].target is not None:
        parts.append(f"<h4>Rehearsals (target {format_window(info.attempts[-1].target)})</h4>")
    else:
        parts.append("<h4>Rehearsals</h4>")
    if info.attempts:
        attempts = [(_when(a.started_ms, tz, time=False), _seconds(a.duration_ms),
                     _GRADE.get(a.self_grade or 0, "—"), "—" if a.wpm is None else f"{a.wpm:.0f}",
                     "—" if a.coverage is None else f"{a.coverage:.0%}")
                    for a in reversed(info.attempts)]
        parts.append(_table(("Date", "Length", "Grade", "WPM", "Points"), attempts, {1, 3, 4}))
    elif info.spoken:
        parts.append('<p class="muted">Not rehearsed out loud yet.</p>')
    else:
        parts.append('<p class="muted">A card to recall, not to say out loud.</p>')
    return "".join(parts)


class CardInfoPane(SafeHtmlView):
    """The info of one card, or a hint when none is selected."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("cardInfo")
        # Facts and tables, not a card to study: the UI's size, not the card's large reading size.
        self.setStyleSheet("QTextBrowser#cardInfo { font-size: 13px; padding: 10px; }")
        self.card_id: int | None = None

    def show_info(self, info: CardInfo | None) -> None:
        self.card_id = None if info is None else info.card_id
        self.set_card_html('<p class="muted">Select a card to see its history.</p>' if info is None
                           else card_info_html(info))
