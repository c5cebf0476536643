"""The words around the statistics, shared by the Stats screen and ``flashdeck stats``.

Both read the same figures (``Collection.stats_full``) and say them the same way:
the screen's panels and the command's sections carry the same titles, in the same
order, with the same sentences — only the charts are drawn on one and summed up on
the other.
"""

from __future__ import annotations

from typing import Any

__all__ = ["SECTIONS", "heatmap_caption", "percent", "plural", "rehearsal_summary", "text_report"]

# The Stats screen's panels, top to bottom (its tiles first).
SECTIONS = ("At a glance", "Reviews per day", "Forecast", "Cards and retention", "Time", "Spoken rehearsal")


def plural(count: int, word: str, many: str | None = None) -> str:
    """``1 attempt``, ``2 attempts``, ``0 days``."""
    return f"{count} {word if count == 1 else many or word + 's'}"


def percent(rate: float | None) -> str:
    return "—" if rate is None else f"{rate * 100:.0f}%"


def heatmap_caption(heat: dict[str, Any]) -> str:
    """``"41 reviews on 12 days · busiest day 9"``."""
    return (f"{plural(heat['total_reviews'], 'review')} on {plural(heat['active_days'], 'day')} · "
            f"busiest day {heat['max_reviews']}")


def rehearsal_summary(rehearsal: dict[str, Any]) -> str:
    """``"3 attempts · 67% inside their target window · average 2.1 min against a 2.5 min target"``."""
    if not rehearsal["attempts"]:
        return "No spoken rehearsal in the last 30 days yet."
    share, avg, target = rehearsal["in_window_share"], rehearsal["avg_duration_s"], rehearsal["avg_target_s"]
    parts = [plural(rehearsal["attempts"], "attempt")]
    if share is not None:
        parts.append(f"{percent(share)} inside {'its' if rehearsal['with_target'] == 1 else 'their'} target window")
    if avg is not None:
        parts.append(f"average {avg / 60:.1f} min" + (f" against a {target / 60:.1f} min target" if target else ""))
    return " · ".join(parts)


def tiles(full: dict[str, Any], period: str = "last 12 months") -> list[tuple[str, str]]:
    """The four tiles at the top of the screen: (value, caption)."""
    forecast, heat = full["forecast"], full["heatmap"]
    tomorrow = forecast["days"][1] if len(forecast["days"]) > 1 else 0
    return [
        (str(tomorrow), "due tomorrow"),
        (str(forecast["next_30"]), "due in 30 days"),
        (percent(full["retention"]["30d"]["rate"]), "retention, 30 days"),
        (str(heat["active_days"]), f"{'day' if heat['active_days'] == 1 else 'days'} studied, {period}"),
    ]


def _last_days(days: list[dict[str, Any]], key: str) -> str:
    """The last 7 days' values, oldest first, today last: ``"0 2 5 0 1 3 4 (today)"``."""
    return " ".join(str(d[key]) for d in days[-7:]) + " (today)"


def text_report(summary: dict[str, Any], full: dict[str, Any]) -> list[str]:
    """``flashdeck stats`` in text: the screen's sections with their figures."""
    heat, forecast, states = full["heatmap"], full["forecast"], full["states"]
    due = summary["due"]
    period = "last 12 months" if heat["from"] != f"{heat['from'][:4]}-01-01" else heat["from"][:4]
    lines = [f"{plural(summary['notes'], 'note')}, {plural(summary['cards'], 'card')} in "
             f"{plural(summary['decks'], 'deck')}" + (f" (figures below: deck {full['deck']})" if full["deck"] else ""),
             f"{plural(summary['reviews'], 'review')} in all, {summary['reviews_today']} today",
             f"due now: new {due['new']}, learning {due['learning']}, review {due['review']}"]
    lines += ["", SECTIONS[0]] + [f"  {value} {caption}" for value, caption in tiles(full, period)]
    lines += ["", SECTIONS[1], f"  {heat['from']} to {heat['to']}: {heatmap_caption(heat)}"]
    lines += ["", SECTIONS[2],
              f"  due in the next 30 days: {forecast['next_30']}, next 90 days: {forecast['next_90']}"
              + (f" ({forecast['overdue']} overdue, counted today)" if forecast["overdue"] else ""),
              "  next 7 days from today: " + " ".join(str(n) for n in forecast["days"][:7])]
    retention = "  true retention: " + ", ".join(
        f"{name} {percent(figure['rate'])} ({figure['reviews']})" for name, figure in full["retention"].items())
    lines += ["", SECTIONS[3],
              f"  new {states['new']}, learning {states['learning']}, review {states['review']}, "
              f"suspended {states['suspended']}", retention]
    minutes = [{"m": round(d["time_ms"] / 60000)} for d in full["time"]]
    total = sum(d["time_ms"] for d in full["time"]) / 60000
    lines += ["", SECTIONS[4], f"  {total:.0f} min in the last 30 days; last 7 days (min): {_last_days(minutes, 'm')}"]
    rehearsal = full["rehearsal"]
    lines += ["", SECTIONS[5], "  " + rehearsal_summary(rehearsal)]
    if rehearsal["attempts"]:
        by_day = {d["date"]: d["attempts"] for d in rehearsal["per_day"]}
        recent = [{"n": by_day.get(d["date"], 0)} for d in full["time"]]
        lines.append(f"  attempts, last 7 days: {_last_days(recent, 'n')}")
        if rehearsal["pace"]:
            last = rehearsal["pace"][-1]
            lines.append(f"  pace on {last['date']}: {last['wpm']:.0f} words per minute")
    return lines
