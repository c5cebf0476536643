"""The words around the statistics, shared by the Stats screen and ``flashdeck stats``.

Both read the same figures (``Collection.stats_full``, whose sections are the values of
:mod:`flashdeck.core.stats_values`) and say them the same way:
the screen's panels and the command's sections carry the same titles, in the same
order, with the same sentences — only the charts are drawn on one and summed up on
the other.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from flashdeck.core.stats_values import CardCounts, DayActivity, Forecast, Heatmap, RecentRehearsal, Retention

__all__ = ["SECTIONS", "Figures", "heatmap_caption", "percent", "plural", "rehearsal_summary", "text_report"]

# The Stats screen's panels, top to bottom (its tiles first).
SECTIONS = ("At a glance", "Reviews per day", "Forecast", "Cards and retention", "Time", "Spoken rehearsal")


class Figures(Protocol):
    """What the words read of the full figures: ``collection.stats_results.FullStats``, which core may not import."""

    @property
    def deck(self) -> str | None: ...
    @property
    def heatmap(self) -> Heatmap: ...
    @property
    def forecast(self) -> Forecast: ...
    @property
    def retention(self) -> Retention: ...
    @property
    def states(self) -> CardCounts: ...
    @property
    def time(self) -> Sequence[DayActivity]: ...
    @property
    def rehearsal(self) -> RecentRehearsal: ...


def plural(count: int, word: str, many: str | None = None) -> str:
    """``1 attempt``, ``2 attempts``, ``0 days``."""
    return f"{count} {word if count == 1 else many or word + 's'}"


def percent(rate: float | None) -> str:
    return "—" if rate is None else f"{rate * 100:.0f}%"


def heatmap_caption(heat: Heatmap) -> str:
    """``"41 reviews on 12 days · busiest day 9"``."""
    return (f"{plural(heat.total_reviews, 'review')} on {plural(heat.active_days, 'day')} · "
            f"busiest day {heat.max_reviews}")


def rehearsal_summary(rehearsal: RecentRehearsal) -> str:
    """``"3 attempts · 67% inside their target window · average 2.1 min against a 2.5 min target"``."""
    if not rehearsal.attempts:
        return "No spoken rehearsal in the last 30 days yet."
    share, avg, target = rehearsal.in_window_share, rehearsal.avg_duration_s, rehearsal.avg_target_s
    parts = [plural(rehearsal.attempts, "attempt")]
    if share is not None:
        parts.append(f"{percent(share)} inside {'its' if rehearsal.with_target == 1 else 'their'} target window")
    if avg is not None:
        parts.append(f"average {avg / 60:.1f} min" + (f" against a {target / 60:.1f} min target" if target else ""))
    return " · ".join(parts)


def tiles(full: Figures, period: str = "last 12 months") -> list[tuple[str, str]]:
    """The four tiles at the top of the screen: (value, caption)."""
    forecast, heat = full.forecast, full.heatmap
    tomorrow = forecast.days[1] if len(forecast.days) > 1 else 0
    return [
        (str(tomorrow), "due tomorrow"),
        (str(forecast.next_30), "due in 30 days"),
        (percent(full.retention.period(30).total.rate), "retention, 30 days"),
        (str(heat.active_days), f"{'day' if heat.active_days == 1 else 'days'} studied, {period}"),
    ]


def _last_days(values: Sequence[int]) -> str:
    """The last 7 days' values, oldest first, today last: ``"0 2 5 0 1 3 4 (today)"``."""
    return " ".join(str(value) for value in values[-7:]) + " (today)"


def text_report(summary: dict[str, Any], full: Figures) -> list[str]:
    """``flashdeck stats`` in text: the screen's sections with their figures (``summary``: ``stats().to_dict()``)."""
    heat, forecast, states = full.heatmap, full.forecast, full.states
    due = summary["due"]
    # A heatmap from 1 January is a calendar year's (on 31 December of a common year the last 12 months are one too).
    period = str(heat.start.year) if (heat.start.month, heat.start.day) == (1, 1) else "last 12 months"
    lines = [f"{plural(summary['notes'], 'note')}, {plural(summary['cards'], 'card')} in "
             f"{plural(summary['decks'], 'deck')}" + (f" (figures below: deck {full.deck})" if full.deck else ""),
             f"{plural(summary['reviews'], 'review')} in all, {summary['reviews_today']} today",
             f"due now: new {due['new']}, learning {due['learning']}, review {due['review']}"]
    lines += ["", SECTIONS[0]] + [f"  {value} {caption}" for value, caption in tiles(full, period)]
    lines += ["", SECTIONS[1], f"  {heat.start.isoformat()} to {heat.end.isoformat()}: {heatmap_caption(heat)}"]
    lines += ["", SECTIONS[2],
              f"  due in the next 30 days: {forecast.next_30}, next 90 days: {forecast.next_90}"
              + (f" ({forecast.overdue} overdue, counted today)" if forecast.overdue else ""),
              "  next 7 days from today: " + " ".join(str(n) for n in forecast.days[:7])]
    retention = "  true retention: " + ", ".join(
        f"{period.name} {percent(period.total.rate)} ({period.total.reviews})" for period in full.retention.periods)
    lines += ["", SECTIONS[3],
              f"  new {states.new}, learning {states.learning}, review {states.review}, "
              f"suspended {states.suspended}", retention]
    minutes = [round(day.time_ms / 60000) for day in full.time]
    total = sum(day.time_ms for day in full.time) / 60000
    lines += ["", SECTIONS[4], f"  {total:.0f} min in the last 30 days; last 7 days (min): {_last_days(minutes)}"]
    rehearsal = full.rehearsal
    lines += ["", SECTIONS[5], "  " + rehearsal_summary(rehearsal)]
    if rehearsal.attempts:
        by_day = {day.date: day.attempts for day in rehearsal.per_day}
        recent = [by_day.get(day.date, 0) for day in full.time]
        lines.append(f"  attempts, last 7 days: {_last_days(recent)}")
        if rehearsal.pace:
            last = rehearsal.pace[-1]
            lines.append(f"  pace on {last.date.isoformat()}: {last.wpm:.0f} words per minute")
    return lines
