"""The Changes value: what a write changed, merged with ``|``."""

from __future__ import annotations

import dataclasses

import pytest

from flashdeck.core.changes import NOTHING, Changes


def test_nothing_is_falsy_and_any_part_is_truthy() -> None:
    assert not NOTHING and not Changes() and not Changes(new_id=7)  # an id alone changed nothing
    for name in ("cards", "notes", "decks", "config", "attempts", "reviews"):
        assert Changes(**{name: True})
        assert Changes(**{name: True}).names() == (name,)


def test_or_is_what_either_changed_and_the_later_id() -> None:
    merged = Changes(cards=True, new_id=1) | Changes(reviews=True) | Changes(decks=True, new_id=3)
    assert merged == Changes(cards=True, reviews=True, decks=True, new_id=3)
    assert (Changes(new_id=5) | Changes()).new_id == 5
    assert Changes(notes=True) | NOTHING == Changes(notes=True)
    assert merged.names() == ("cards", "decks", "reviews")


def test_it_is_a_value() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        Changes().cards = True  # type: ignore[misc]
    assert Changes(cards=True) == Changes(cards=True)
    assert len({Changes(cards=True), Changes(cards=True)}) == 1
    with pytest.raises(TypeError):
        Changes() | 1  # type: ignore[operator]
