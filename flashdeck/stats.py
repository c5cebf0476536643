"""Collection statistics (the figures behind ``flashdeck stats``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from flashdeck.collection import Collection

__all__ = ["basic_stats"]


def basic_stats(col: Collection) -> dict[str, Any]:
    store = col.store
    day = col.today()
    states = store.fetchall(
        "SELECT sum(CASE WHEN phase=0 AND NOT suspended THEN 1 ELSE 0 END), "
        "sum(CASE WHEN phase IN (1, 3) AND NOT suspended THEN 1 ELSE 0 END), "
        "sum(CASE WHEN phase=2 AND NOT suspended THEN 1 ELSE 0 END), "
        "sum(CASE WHEN suspended THEN 1 ELSE 0 END), count(*) FROM cards"
    )[0]
    ratings = dict(
        store.fetchall(
            "SELECT rating, count(*) FROM revlog WHERE reviewed_ms >= ? GROUP BY rating", (day.start_ts * 1000,)
        )
    )
    return {
        "notes": int(store.scalar("SELECT count(*) FROM notes") or 0),
        "cards": int(states[4] or 0),
        "decks": len(store.deck_rows()),
        "reviews": int(store.scalar("SELECT count(*) FROM revlog") or 0),
        "reviews_today": sum(ratings.values()),
        "ratings_today": {name: int(ratings.get(value, 0)) for value, name in
                          ((1, "again"), (2, "hard"), (3, "good"), (4, "easy"))},
        "time_today_ms": int(store.scalar("SELECT coalesce(sum(duration_ms), 0) FROM revlog WHERE reviewed_ms >= ?",
                                          (day.start_ts * 1000,)) or 0),
        "due": col.due_counts().to_dict(),
        "states": {
            "new": int(states[0] or 0),
            "learning": int(states[1] or 0),
            "review": int(states[2] or 0),
            "suspended": int(states[3] or 0),
        },
        "study_day": day.date.isoformat(),
    }
