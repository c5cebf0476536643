"""Small pieces of the review screen: the grade buttons, the progress line, the card column."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QWidget

from flashdeck.core.render import with_large_prompt  # shared with `flashdeck render`
from flashdeck.core.scheduling import Rating

__all__ = ["CARD_MAX_WIDTH", "RATING_BUTTONS", "RatingButtonSpec", "ReadableColumn", "progress_html",
           "with_large_prompt"]

CARD_MAX_WIDTH = 720  # a comfortable line length for reading prose at a large size


@dataclass(frozen=True)
class RatingButtonSpec:
    rating: Rating
    label: str
    object_name: str


RATING_BUTTONS = (
    RatingButtonSpec(Rating.AGAIN, "Again", "ratingAgain"),
    RatingButtonSpec(Rating.HARD, "Hard", "ratingHard"),
    RatingButtonSpec(Rating.GOOD, "Good", "ratingGood"),
    RatingButtonSpec(Rating.EASY, "Easy", "ratingEasy"),
)


def progress_html(new: int, learning: int, review: int, current: str | None) -> str:
    """"New 12 · Learning 3 · Review 40", the current card's queue underlined (as Anki does)."""
    parts = []
    for name, count in (("new", new), ("learning", learning), ("review", review)):
        text = f"{name.capitalize()} {count}"
        parts.append(f"<u>{text}</u>" if name == current else text)
    return " · ".join(parts)


class ReadableColumn(QWidget):
    """A column that asks for a readable width: centred in wide windows, all there is in narrow ones.

    A widget aligned in a box layout gets at most its size hint, so the hint is the cap.
    """

    def sizeHint(self) -> QSize:
        return QSize(CARD_MAX_WIDTH, super().sizeHint().height())

