from __future__ import annotations

import pytest

from flashdeck.core.render import count_blanks, render_card, render_markdown


def test_blanks_are_marked_and_counted() -> None:
    text = "In [what year?] we cut costs by [how much]. See [docs](https://example.org). - [ ] todo"
    html = render_markdown(text)
    assert html.count('class="fill-in"') == 2
    assert count_blanks(text) == 2
    assert 'href="https://example.org"' in html


@pytest.mark.parametrize(
    "payload",
    [
        "<script>alert(1)</script>",
        '<img src="http://evil.example/x.png" onerror="alert(1)">',
        "[click](javascript:alert(1))",
        '<a href="file:///etc/passwd">x</a>',
        '<div style="background:url(http://evil.example)">x</div>',
        "<svg onload=alert(1)><circle/></svg>",
        '<iframe src="https://evil.example"></iframe>',
    ],
)
def test_hostile_html_is_neutralised(payload: str) -> None:
    html = render_markdown(payload).casefold()
    for bad in ("<script", "onerror", "onload", "javascript:", "file:", "<img", "<iframe", "style=", "<svg"):
        assert bad not in html


def test_card_front_and_back() -> None:
    fields = {"title": "Payments outage", "situation": "S text", "task": "T", "anchor": "cut 40%"}
    front, back = render_card("story", 0, fields)
    assert "Payments outage" in front
    assert back.startswith(front)
    assert "<h4>Situation</h4>" in back and "<h4>Anchor</h4>" in back
    assert "Action" not in back  # empty fields are left out


def test_a_concept_notes_answer_is_headed_by_its_role_not_always_definition() -> None:
    fields = {"term": "Names the trade-off", "definition": "Shows judgement under pressure."}
    _front, signal = render_card("concept", 0, fields, ("competency", "signal"))
    assert "<h4>Why it matters</h4>" in signal and "Definition" not in signal
    _front, pitfall = render_card("concept", 0, fields, ("pitfall",))
    assert "<h4>Why it hurts</h4>" in pitfall
    _front, plain = render_card("concept", 0, fields)  # a concept of one's own: a definition
    assert "<h4>Definition</h4>" in plain


def test_every_role_a_competency_guide_tags_has_its_own_heading() -> None:
    from flashdeck.core.kinds import kind_by_name

    concept = kind_by_name("concept")
    roles = ("signal", "pitfall", "red-flags", "what-it-is-not", "keywords", "do-not-confuse", "framing", "level",
             "prep", "story-idea", "stories-to-avoid", "talking-point")
    labels = [concept.label_for("definition", (role,)) for role in roles]
    assert "Definition" not in labels and len(set(labels)) == len(roles)
    assert concept.label_for("details", ("signal",)) == "Details"  # only the answer field changes
