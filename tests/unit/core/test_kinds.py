from __future__ import annotations

import pytest

from flashdeck.core.kinds import KINDS, default_target, format_window, kind_by_name, parse_window


@pytest.mark.parametrize("name", sorted(KINDS))
def test_a_title_alone_makes_a_card(name: str) -> None:
    kind = KINDS[name]
    assert [o for o, _ in kind.templates_for({kind.title_field: "x"})] == [0]


@pytest.mark.parametrize(
    ("kind", "fields", "target"),
    [
        ("story", {}, (120, 180)),
        ("question", {"category": "Behavioural"}, (120, 180)),
        ("question", {"category": "Coding"}, None),
        ("question", {"category": "System design"}, None),
        ("curveball", {}, (90, 150)),
        ("pitch", {"label": "The 30-Second Pitch"}, (25, 35)),
        ("pitch", {"label": "The 2-Minute Version"}, (105, 135)),
        ("pitch", {"label": "Why this company?"}, (45, 90)),
        ("bridge", {}, (60, 120)),
        ("probe", {}, (30, 90)),
        ("concept", {}, None),
        ("ask", {}, None),
    ],
)
def test_default_targets(kind: str, fields: dict[str, str], target: tuple[int, int] | None) -> None:
    assert default_target(kind, fields) == target


def test_windows() -> None:
    assert parse_window("2:00-3:00") == (120, 180)
    assert parse_window("25–35") == (25, 35)
    assert format_window((90, 150)) == "1:30-2:30"
    with pytest.raises(ValueError):
        parse_window("3:00-2:00")


def test_field_labels_resolve() -> None:
    question = kind_by_name("question")
    assert question.field_for_label("What they’re really asking") == "asking"
    assert question.field_for_label("red_flags") == "red_flags"
    assert question.field_for_label("Colour") is None
    with pytest.raises(ValueError):
        kind_by_name("poem")
