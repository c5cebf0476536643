"""Single STAR story documents: every common way of labelling the four parts."""

from __future__ import annotations

import pytest
from helpers import DATA as TEST_DATA
from hypothesis import given, settings
from hypothesis import strategies as st

from flashdeck.core.importers import star
from flashdeck.core.notes import ImportFormatError, ParseResult

DATA = TEST_DATA / "star"


def _read(name: str) -> str:
    return (DATA / name).read_text(encoding="utf-8")


def _parse(name: str) -> ParseResult:
    return star.parse(_read(name), source=name)


@pytest.mark.parametrize(
    "name",
    [
        "en_dash_labels.txt",
        "all_caps.txt",
        "bold_labels.md",
        "headings.md",
        "with_coaching.md",
        "bullets_lenient.md",
    ],
)
def test_every_labelling_style_gives_one_complete_story(name: str) -> None:
    result = _parse(name)
    story = result.notes[0]
    assert result.format == "star"
    assert story.kind == "story"
    assert [n.kind for n in result.notes].count("story") == 1
    for part in ("title", "situation", "task", "action", "result"):
        assert story.fields[part], part
        assert story.fields[part] == story.fields[part].strip()
    assert star.detect(_read(name), name) >= 18


def test_en_dash_labels_keep_body_on_the_label_line_and_lists() -> None:
    story = _parse("en_dash_labels.txt").notes[0]
    assert story.fields["situation"].startswith("Our team ran the invoicing service")
    assert "[number] households" in story.fields["situation"]  # blanks kept as written
    assert story.fields["action"].endswith("- I followed up in writing within the hour")
    assert story.fields["use_for"] == "- Tell me about a time you had to deliver bad news to a customer."
    assert story.fields["title"] == "Had to deliver bad news to a customer"


def test_all_caps_labels_and_a_first_line_question() -> None:
    story = _parse("all_caps.txt").notes[0]
    assert story.fields["task"] == "I volunteered to build the first screens within a sprint."
    assert story.fields["use_for"].startswith("- Describe a situation where")
    assert story.fields["title"] == "Had to learn a new technology quickly"
    assert story.line == 1


def test_bold_labels_with_colon_inside_or_outside_and_explicit_title() -> None:
    story = _parse("bold_labels.md").notes[0]
    assert story.fields["title"] == "The flaky test suite"
    assert story.fields["use_for"] == "- Give me an example of a process you improved."
    assert story.fields["task"] == "Cut the feedback time without hiding real failures."
    assert story.fields["result"].startswith("Median pipeline time")


def test_heading_labels_keep_sub_headings_and_title_heading() -> None:
    story = _parse("headings.md").notes[0]
    assert story.fields["title"] == "Rescuing the data migration"
    assert story.fields["situation"].startswith("A migration")  # "## Situation ##" closing hashes
    assert "### Week one" in story.fields["action"]
    assert "### Week two onwards" in story.fields["action"]
    assert story.fields["use_for"] == "- Tell me about a time you turned around a failing project?"
    assert story.fields["notes"] == "This one also works for questions about leadership under pressure."


def test_the_rubric_around_a_story_becomes_its_checklist_and_notes() -> None:
    result = _parse("with_coaching.md")
    (story,) = result.notes  # no 2,000-character concept card nobody can study
    assert story.fields["title"] == "Disagreed with my manager"
    assert story.fields["result"].endswith("would have hit everyone.")  # coaching not swallowed
    assert story.fields["checklist"] == (
        "- Respect for the other person's view\n- Data rather than opinion\n- Commitment once a decision was made"
    )
    notes = story.fields["notes"]
    assert notes.startswith("**What to avoid**\n\n- Making your manager the villain\n- Claiming you were simply right")
    assert "**Tips**\n\n- Keep the Situation under thirty seconds" in notes
    assert result.unmapped == []  # every line went to a field or a labelled part of the notes


def test_bullet_labels_are_read_when_all_four_are_there() -> None:
    story = _parse("bullets_lenient.md").notes[0]
    assert story.fields["title"] == "Onboarding the new hires"
    assert story.fields["action"] == (
        "I wrote a two-week onboarding path with a starter bug for each person.\n\n"
        "- Paired with each of them on day one"
    )
    assert "use_for" not in story.fields


def test_missing_part_is_an_error_at_the_story_start() -> None:
    with pytest.raises(ImportFormatError) as info:
        _parse("missing_result.txt")
    assert info.value.line == 3
    assert "Result" in info.value.message
    assert str(info.value).startswith("missing_result.txt:3:")


def test_no_labels_at_all_is_an_error() -> None:
    with pytest.raises(ImportFormatError, match="no Situation"):
        star.parse("Just some prose about my career.\n", source="x.txt")


def test_an_incomplete_second_story_is_an_error_at_its_start() -> None:
    text = "Situation: a\nTask: b\nAction: c\nResult: d\n\nSituation: again\n"
    with pytest.raises(ImportFormatError) as info:
        star.parse(text)
    assert info.value.line == 6
    assert "has no Task or Action or Result label (found Situation)" in info.value.message


def test_two_stories_in_one_document_are_two_notes() -> None:
    text = ("Story: First\nSituation: a\nTask: b\nAction: c\nResult: d\nTips:\n- slow down\n\n"
            "Question: Tell me about a time you were wrong?\nSituation: e\nTask: f\nAction: g\nResult: h\n")
    first, second = star.parse(text).notes
    assert (first.title, first.fields["situation"], first.line) == ("First", "a", 1)
    assert first.fields["notes"] == "**Tips**\n\n- slow down"
    assert (second.title, second.fields["result"], second.line) == ("Were wrong", "h", 9)
    assert second.fields["answers"] == "Tell me about a time you were wrong?"


def test_empty_part_is_an_error_naming_its_line() -> None:
    with pytest.raises(ImportFormatError) as info:
        star.parse("Situation: a\nTask:\nAction: c\nResult: d\n")
    assert info.value.line == 2


def test_mismatched_letter_and_prose_mentions_are_not_labels() -> None:
    text = (
        "S - Situation\nThe situation was tense.\nS - Task\nstill situation\n"
        "T - Task\nb\nA - Action\nc\nR - Result\nd\n"
    )
    story = star.parse(text).notes[0]
    assert story.fields["situation"] == "The situation was tense.\n\nS - Task\n\nstill situation"
    assert story.fields["title"] == "The situation was tense"  # no question, no title: its first words


def test_plain_sub_labels_stay_inside_the_action() -> None:
    text = "Situation: a\nTask: b\nAction:\nKey steps:\n- one\n- two\nResult: d\n"
    story = star.parse(text).notes[0]
    assert story.fields["action"] == "Key steps:\n\n- one\n- two"


def test_title_from_question() -> None:
    assert star.title_from_question("Can you tell me about a time when you led a team?") == "Led a team"
    assert star.title_from_question("Why should we hire you?") == "Why should we hire you"
    long = star.title_from_question("Describe " + "very " * 20 + "long")
    assert long.endswith("…") and len(long.split()) == 8


def test_detect() -> None:
    assert star.detect("Situation: a\nTask: b\nAction: c\n") == 18
    assert star.detect("Situation: a\nTask: b\n") == 0
    assert star.detect("We discussed the situation, the task and the action.\n") == 0
    # The playbook's "SITUATION VERIFY" style and the deck file's field headings are not ours.
    assert star.detect("SITUATION VERIFY\nx\nTASK VERIFY\ny\nACTION VERIFY\nz\n") == 0
    deck = "---\ndeck: Stories\n---\n\n## One\n\n### Situation\n\na\n\n### Task\n\nb\n\n### Action\n\nc\n"
    assert star.detect(deck) == 0


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.sampled_from(
                [
                    "Situation:",
                    "TASK",
                    "**Action:** x",
                    "## Result",
                    "S – Situation: y",
                    "Tips",
                    "- a",
                    "What to avoid:",
                    "Question: why?",
                    "```",
                    "Title: t",
                    "",
                    "  - nested",
                    "# H",
                ]
            ),
            st.text(max_size=40),
        ),
        max_size=30,
    )
)
def test_fuzz_parse_returns_result_or_format_error(lines: list[str]) -> None:
    text = "\n".join(lines)
    try:
        result = star.parse(text)
    except ImportFormatError:
        return
    assert all(note.title for note in result.notes)
    assert star.detect(text) >= 0


def test_outline_notes_are_not_taken_for_stories() -> None:
    for path in sorted((DATA.parent / "outline").iterdir()):
        assert star.detect(path.read_text(encoding="utf-8"), path.name) == 0, path.name
