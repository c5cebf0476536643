"""Hand-written prep read whole: stories in every labelling, Q/A sheets, question lists, toggles, pitches.

Every document here is our own writing (tests/data/star, questions, pitch, outline); each test
says what a candidate would expect of it.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from helpers import DATA

from flashdeck.core.document import Block, Document, Where
from flashdeck.core.importers import detect_document, parse_document, parse_text
from flashdeck.core.importers.text_blocks import text_document
from flashdeck.core.notes import NoteDraft, ParseResult


def _parse(path: Path) -> ParseResult:
    return parse_text(path.read_text(encoding="utf-8"), source=path.name)


def _kinds(result: ParseResult) -> list[str]:
    return [note.kind for note in result.notes]


def _of(result: ParseResult, kind: str) -> list[NoteDraft]:
    return [note for note in result.notes if note.kind == kind]


# -- stories ---------------------------------------------------------------------------------------


def test_a_rubric_around_a_story_is_its_checklist_with_examples_and_its_avoid_list() -> None:
    result = _parse(DATA / "star" / "rubric_around_story.md")
    assert result.format == "star"
    (story,) = result.notes
    assert story.title == "Owning a production mistake"  # the heading over it
    checklist = story.fields["checklist"].splitlines()
    assert len(checklist) == 6  # one line per point, its example beside it
    assert checklist[1] == "- Speed of containment — example: rolled back within ten minutes"
    assert story.fields["notes"] == ("**What to avoid**\n\n- Blaming the reviewer who approved it\n"
                                     "- Making the mistake sound smaller than it was")
    assert result.unmapped == []


@pytest.mark.parametrize(
    ("name", "titles"),
    [
        ("letters_and_parentheses.txt",
         ["Handled an angry customer", "A second, shorter version for phone screens: the…"]),
        ("verify_and_dash_labels.md", ["Had to learn a new domain quickly"]),
        ("three_stories_by_heading.md", ["Cutting batch run time", "Disagreeing with an architect", "学习新的代码库"]),
    ],
)
def test_every_labelling_gives_complete_stories(name: str, titles: list[str]) -> None:
    result = _parse(DATA / "star" / name)
    assert result.format == "star"
    assert [n.title for n in result.notes] == titles
    for story in result.notes:
        for part in ("situation", "task", "action", "result"):
            assert story.fields[part] and "\n\n\n" not in story.fields[part], (story.title, part)


def test_labels_written_s_colon_and_in_parentheses_and_with_a_badge() -> None:
    letters = _parse(DATA / "star" / "letters_and_parentheses.txt")
    first, second = letters.notes
    assert first.fields["task"] == "I was the engineer on call and the account manager was on leave."
    assert second.fields["action"] == "Ran it by hand overnight."
    verify = _parse(DATA / "star" / "verify_and_dash_labels.md").notes[0]
    # "Situation (verify)", "task -", "action - I read…" over two lines, "Result (with numbers)".
    assert verify.fields["situation"].startswith("The team took over a tax engine")
    assert verify.fields["task"] == "I had to be able to review changes to it within a month."
    assert verify.fields["action"].endswith("a glossary the whole team now uses.")
    # A question heading that ends in "." rather than "?" is still the question the story answers.
    assert verify.fields["answers"] == "Tell me about a time you had to learn a new domain quickly."


def test_untitled_stories_get_titles_from_their_situation() -> None:
    result = _parse(DATA / "star" / "untitled_two_stories.txt")
    titles = [n.title for n in result.notes]
    assert titles == ["The nightly export to our warehouse failed about…",
                      "Two teams kept breaking each other's builds with…"]
    assert result.deck.name is None  # the deck comes from the file's name, or "STAR stories"


def test_a_heading_over_several_stories_names_the_deck() -> None:
    result = _parse(DATA / "star" / "three_stories_by_heading.md")
    assert result.deck.name == "My STAR stories — Orchard Bank loop"
    assert [n.line for n in result.notes] == [3, 9, 15]


# -- mixed prep, questions, pitches ----------------------------------------------------------------


def test_a_mixed_prep_document_reads_whole() -> None:
    result = _parse(DATA / "star" / "mixed_prep.md")
    assert result.deck.name == "Prep for Tidewater Games"
    assert _kinds(result) == ["pitch", "concept", "story", "story", "question", "question", "question"]
    assert [n.title for n in _of(result, "question")][2] == "Tell me about a bug you could not reproduce"


def test_a_qa_prep_sheet() -> None:
    result = _parse(DATA / "questions" / "qa_prep_sheet.txt")
    assert result.format == "questions"
    assert result.deck.name == "Onsite prep - Harbourline Logistics (platform team)"  # its first line
    pitch, *questions = result.notes
    assert (pitch.kind, pitch.title) == ("pitch", "Tell me about yourself")  # a pitch, not a question
    assert pitch.fields["text"].endswith("driver-assignment service at Fleetwise.")
    assert [q.title for q in questions] == [
        "Why are you leaving Fleetwise?", "What is the hardest bug you have fixed?",
        "How do you decide what to test?", "Walk me through how you'd design rate limiting for a public API."]
    assert questions[0].fields["prep"].endswith("Harbourline's volumes doubled last year.")  # wrapped answer
    assert questions[1].fields["prep"].endswith("- fixed it with a monotonic sequence per depot")
    assert questions[3].fields["prep"].startswith("Token bucket")  # "A:" alone, the answer below
    assert questions[3].fields["category"] == "system design"


def test_a_numbered_list_of_fifteen_questions() -> None:
    result = _parse(DATA / "questions" / "fifteen_questions.md")
    assert result.deck.name == "Questions I expect for the Corvid Analytics loop"
    assert len(result.notes) == 15 and set(_kinds(result)) == {"question"}
    assert "Describe a project you are proud of" in [n.title for n in result.notes]  # no "?" needed
    assert Counter(n.fields["category"] for n in result.notes)["behavioural"] >= 13


def test_a_notion_export_with_toggles_and_boxes() -> None:
    result = _parse(DATA / "questions" / "notion_export.md")
    questions = _of(result, "question")
    assert [(q.title, q.tags) for q in questions] == [
        ("Tell me about a conflict on your team", ("done",)),
        ("What motivates you at work?", ("todo",)),
        ("Describe a time you changed your mind", ("done",)),
        ("How do you onboard into a new codebase?", ()),
    ]
    assert questions[0].fields["prep"].count("\n\n") == 1  # the toggle's two paragraphs
    assert questions[3].fields["prep"] == "Read the deploy pipeline first, then the three most-changed files."
    # The introduction and the callout are no question or answer: kept in a note, and listed.
    (kept,) = _of(result, "basic")
    assert "Ticked ones are rehearsed." in kept.fields["back"] and "two minutes" in kept.fields["back"]
    assert [u.line for u in result.unmapped] == [3, 25]


def test_pasted_toggles_and_other_scripts() -> None:
    pasted = _parse(DATA / "questions" / "pasted_toggles.txt")
    assert [n.fields.get("prep", "")[:20] for n in pasted.notes] == [
        "Because the team own", "I used to over-docum", "I try one new tool a"]
    scripts = _parse(DATA / "questions" / "cyrillic_and_chinese.md")
    assert [n.title for n in scripts.notes] == [
        "Расскажите о себе", "Почему вы уходите с текущей работы?", "Расскажите о конфликте в команде.",
        "你为什么想加入我们公司？", "你最大的缺点是什么？", "请描述一次你解决困难问题的经历。"]
    assert scripts.notes[4].fields["prep"] == "- 我有时候太注重细节，现在会先定好时间。"


def test_talking_points_become_a_pitch_with_its_facts_to_recall() -> None:
    result = _parse(DATA / "pitch" / "why_this_company.md")
    assert result.format == "pitch"
    assert result.deck.name == "Lumen Health – final round notes"
    why, mission, reviews, yourself = result.notes
    assert why.fields["beats"].splitlines() == [
        "1. Mission I can explain to my grandmother", "2. They publish their outage reviews",
        "3. Small platform team (9 people) with real ownership", "4. Their stack is what I know: Go, Postgres, Kafka"]
    assert (mission.kind, mission.title) == ("concept", "Why Lumen Health — Mission I can explain to my grandmother")
    assert mission.fields["definition"] == "my aunt uses their clinic finder every month"  # the "e.g."
    assert reviews.fields["definition"].startswith("- read the March 2025 one")
    assert yourself.fields["text"].startswith("I'm a platform engineer")
    assert yourself.fields["beats"].startswith("1. Past: six years")
    assert yourself.fields["tip"] == 'Stop after "transactions" and let them ask.'


def test_all_caps_pitch_headings_read_as_titles() -> None:
    result = _parse(DATA / "pitch" / "tell_me_about_yourself.txt")
    assert [n.title for n in _of(result, "pitch")] == ["Tell me about yourself", "Why this role"]
    facts = _of(result, "concept")
    assert facts[1].fields["definition"] == "start with the docs site"  # ", for example …"


def test_heading_styles_of_an_outline() -> None:
    result = _parse(DATA / "outline" / "vision_alignment.txt")
    assert result.format == "outline"
    assert [n.title for n in result.notes] == [
        "Vision alignment points", "Team questions", "Team questions › Things to mention",
        "Team questions › SALARY AND LOGISTICS", "Closing"]


# -- the same notes from any reader's blocks -------------------------------------------------------


def test_blocks_with_real_headings_read_like_the_same_notes_typed_as_text() -> None:
    """A Word file or a web page gives the parsers headings, items and labels, never "##" or "•" text:
    the notes are the same as from the text (here the blocks a DOCX reader of the pitch file would give)."""
    w = Where
    blocks = [
        Block.heading("Lumen Health – final round notes", 1, w(1)),
        Block.heading("Why Lumen Health?", 2, w(3)),
        Block.item("Mission I can explain to my grandmother — e.g. my aunt uses their clinic finder every month",
                   0, where=w(4)),
        Block.item("They publish their outage reviews", 0, where=w(5)),
        Block.item("read the March 2025 one: a DNS change, fixed in 40 minutes", 1, where=w(6)),
        Block.item("the write-up named the fix, not a person", 1, where=w(7)),
        Block.item("Small platform team (9 people) with real ownership", 0, where=w(8)),
        Block.item("Their stack is what I know: Go, Postgres, Kafka", 0, where=w(9)),
        Block.heading("Tell me about yourself", 2, w(11)),
        Block.paragraph("I'm a platform engineer who likes the unglamorous parts: deploys, alerts and the docs "
                        "nobody writes.", w(12)),
        Block.item("Past: six years at two payments startups", 0, where=w(14)),
        Block.item("Present: I run the build and release tooling at Quillpay", 0, where=w(15)),
        Block.item("Why now: I want my work to touch patients, not just transactions", 0, where=w(16)),
        Block.labelled("Tip", 'Stop after "transactions" and let them ask.', w(18)),
    ]
    docx = Document("lumen.docx", blocks, origin="docx")
    text = text_document((DATA / "pitch" / "why_this_company.md").read_text(encoding="utf-8"), "lumen.md")
    assert detect_document(docx) == detect_document(text) == "pitch"
    from_docx, from_text = parse_document(docx), parse_document(text)
    assert [n.to_dict() for n in from_docx.notes] == [n.to_dict() for n in from_text.notes]
    assert from_docx.deck == from_text.deck


def test_a_story_from_a_word_file_with_heading_styles_and_bold_labels() -> None:
    w = Where
    blocks = [
        Block.heading("Tell me about a time you cut costs", 1, w(page=1)),
        Block.labelled("Situation", "Our cloud bill doubled in a year.", w(page=1)),
        Block.heading("Task", 2, w(page=1)),
        Block.paragraph("I owned the budget review.", w(page=1)),
        Block.labelled("Action", "", w(page=1)),
        Block.item("Tagged every resource", 0, where=w(page=1)),
        Block.item("Shut down what nobody claimed", 0, where=w(page=1)),
        Block.paragraph("**Result:** The bill fell by a third.", w(page=2)),
    ]
    result = parse_document(Document("costs.docx", blocks, origin="docx"))
    (story,) = result.notes
    assert result.format == "star"
    assert story.fields["title"] == "Cut costs" and story.fields["answers"] == "Tell me about a time you cut costs"
    assert story.fields["action"] == "- Tagged every resource\n- Shut down what nobody claimed"
    assert story.fields["result"] == "The bill fell by a third."
