"""The interview-playbook importer against the real seed playbook and invented variants."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from helpers import DATA as TEST_DATA
from helpers import SEEDS
from hypothesis import given, settings
from hypothesis import strategies as st

from flashdeck.core.importers import playbook
from flashdeck.core.importers.playbook_questions import infer_category
from flashdeck.core.kinds import kind_by_name
from flashdeck.core.notes import ImportFormatError, NoteDraft, ParseResult

SEED_PLAYBOOK = SEEDS / "002_02a86573ada4a25d.txt"
SEED_COMPETENCY = SEEDS / "003_2c0bcdf519b42f55.txt"
DATA = TEST_DATA / "playbooks"
NORTHWIND = DATA / "northwind_data_engineer.txt"
HELIOS = DATA / "helios_backend_engineer.txt"

FOLLOW_UP = re.compile(r'^- \*\*"[^"]+\?"\*\* — \S.*$')
BULLET = re.compile(r"^- \S")


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _parse(path: Path) -> ParseResult:
    return playbook.parse(_read(path), source=path.name)


def _of(result: ParseResult, kind: str) -> list[NoteDraft]:
    return [note for note in result.notes if note.kind == kind]


def _is_list(text: str, pattern: re.Pattern[str] = BULLET) -> bool:
    return bool(text) and all(pattern.match(line) for line in text.splitlines())


def _beat_labels(beats: str) -> list[str]:
    """``1. Hook: …`` → ``Hook``; ``1. **Pause** — …`` → ``Pause``."""
    return [re.match(r"\d+\. \**([^:*]+)", line).group(1) for line in beats.splitlines()]  # type: ignore[union-attr]


@pytest.fixture(scope="module")
def seed() -> ParseResult:
    return _parse(SEED_PLAYBOOK)


# --- the seed playbook -------------------------------------------------------------------------


@pytest.mark.seed_docs
def test_seed_counts_per_kind(seed: ParseResult) -> None:
    counts = Counter(note.kind for note in seed.notes)
    assert counts == {
        "pitch": 4,
        "story": 6,
        "question": 12,
        "curveball": 2,
        "bridge": 3,
        "beats": 2,  # the recovery framework and the 30/60/90 plan
        "ask": 12,
        "basic": 38,  # the advice no kind holds ("Where you stand" …), one note per heading, tagged unsorted
    }
    assert seed.format == "playbook"
    assert seed.warnings == []


@pytest.mark.seed_docs
def test_seed_deck_and_tags(seed: ParseResult) -> None:
    assert seed.deck.name == "Meta SWE playbook — Marcus Webb"
    assert seed.deck.tags == ("meta", "playbook")
    for note in seed.notes:
        assert note.title.strip(), note
        assert note.title == note.title.strip()
        assert {"meta", "playbook"} <= set(note.tags)
        assert set(note.fields) <= set(kind_by_name(note.kind).field_names)
        for value in note.fields.values():
            assert value == value.strip()
        assert note.line is not None and note.line > 0


@pytest.mark.seed_docs
def test_seed_titles_are_unique_so_the_cheat_sheet_adds_no_duplicates(seed: ParseResult) -> None:
    keys = [(note.kind, note.title.casefold()) for note in seed.notes]
    assert len(keys) == len(set(keys))


@pytest.mark.seed_docs
def test_seed_pitches(seed: ParseResult) -> None:
    pitches = _of(seed, "pitch")
    labels = [p.fields["label"].casefold() for p in pitches]
    assert "30-second" in labels[0] and "2-minute" in labels[1]
    assert "company" in labels[2] and "role" in labels[3]
    assert all(p.fields["text"] for p in pitches)
    assert _beat_labels(pitches[0].fields["beats"]) == ["Hook", "Proof", "Bridge", "Close"]
    assert _beat_labels(pitches[1].fields["beats"]) == ["Past", "Present", "Pivot", "Future"]
    assert "beats" not in pitches[2].fields and "beats" not in pitches[3].fields
    assert [bool(p.fields.get("tip")) for p in pitches] == [False, False, True, True]
    # The 2-minute text keeps its four labelled paragraphs.
    assert pitches[1].fields["text"].count("\n\n") == 3


@pytest.mark.seed_docs
def test_seed_stories(seed: ParseResult) -> None:
    stories = _of(seed, "story")
    for story in stories:
        fields = story.fields
        for name in ("title", "anchor", "values", "situation", "task", "action", "result", "answers"):
            assert fields.get(name), (story.title, name)
        assert not fields["anchor"].startswith('"')
        assert _is_list(fields["use_for"]) and len(fields["use_for"].splitlines()) >= 2
        assert _is_list(fields["checklist"]) and len(fields["checklist"].splitlines()) == 4
        assert _is_list(fields["follow_ups"], FOLLOW_UP) and len(fields["follow_ups"].splitlines()) == 3
        assert "[" in fields["situation"]  # the fill-in blanks survive as written
    # Values become tags; two stories share "move fast".
    assert sum("move-fast" in story.tags for story in stories) == 3
    # The template at the end of the section is not a story.
    assert not any("own story" in story.title.casefold() for story in stories)


@pytest.mark.seed_docs
def test_seed_story_answers_come_from_the_story_bank(seed: ParseResult) -> None:
    for story in _of(seed, "story"):
        answer = story.fields["answers"]
        assert answer.startswith("Tell me about a time")
        assert "→" not in answer and "*" not in answer


@pytest.mark.seed_docs
def test_seed_questions(seed: ParseResult) -> None:
    questions = _of(seed, "question")
    assert Counter(q.fields["category"] for q in questions) == {
        "behavioural": 5,
        "system design": 4,
        "coding": 2,
        "AI-assisted coding": 1,
    }
    for question in questions:
        fields = question.fields
        for name in ("prompt", "asking", "prep", "practice"):
            assert fields.get(name), (fields["prompt"][:30], name)
        assert not fields["prompt"].startswith('"')
        assert _is_list(fields["great"]) and len(fields["great"].splitlines()) == 4
        assert _is_list(fields["red_flags"]) and len(fields["red_flags"].splitlines()) == 4
        assert not re.search(r"^\d+$", fields["practice"], re.M)  # no page numbers in text
    assert sum("notes" in q.fields for q in questions) == 4  # the "From JD" lines


@pytest.mark.seed_docs
def test_seed_curveballs(seed: ParseResult) -> None:
    for curveball in _of(seed, "curveball"):
        assert curveball.fields["prompt"] and curveball.fields["why"]
        steps = curveball.fields["framework"].splitlines()
        assert [line.split(".")[0] for line in steps] == ["1", "2", "3", "4", "5"]
        assert curveball.fields["warning"] and not curveball.fields["warning"].startswith("⚠")


@pytest.mark.seed_docs
def test_seed_bridges(seed: ParseResult) -> None:
    bridges = _of(seed, "bridge")
    for bridge in bridges:
        assert bridge.fields["gap"] and bridge.fields["script"]
        assert bridge.fields["why"].startswith("*Re: ")
        assert _is_list(bridge.fields["verify"]) and len(bridge.fields["verify"].splitlines()) == 3
    assert "C++" in bridges[0].title


@pytest.mark.seed_docs
def test_seed_recovery_and_plan(seed: ParseResult) -> None:
    recovery, plan = _of(seed, "beats")
    assert _beat_labels(recovery.fields["beats"]) == ["Pause", "Acknowledge", "Reason", "Anchor"]
    assert "What to avoid" in recovery.fields["notes"]
    assert plan.title == "30/60/90 day plan"
    beats = plan.fields["beats"].splitlines()
    assert [b.split(" — ")[0] for b in beats] == ["1. **Days 1-30", "2. **Days 31-60", "3. **Days 61-90"]
    assert all("Milestone:" in b for b in beats)
    assert plan.fields["notes"].count("*My milestone:*") == 3


@pytest.mark.seed_docs
def test_seed_questions_to_ask(seed: ParseResult) -> None:
    asks = _of(seed, "ask")
    assert Counter(a.fields["interviewer"] for a in asks) == {
        "recruiter": 3,
        "hiring manager": 3,
        "peer interviewer": 3,
        "executive or skip-level": 3,
    }
    assert all(a.fields["why"] for a in asks)
    assert sum("company-specific" in a.tags for a in asks) == 4
    assert sum("role-specific" in a.tags for a in asks) == 3


@pytest.mark.seed_docs
def test_seed_advice_no_kind_holds_is_kept_and_listed(seed: ParseResult) -> None:
    advice = _of(seed, "basic")
    assert all("unsorted" in note.tags and note.fields["back"] for note in advice)
    fronts = [note.title for note in advice]
    assert any(front.startswith("Where You Stand › ") for front in fronts)
    assert "Delivery Tips" in fronts
    assert len(fronts) == len({f.casefold() for f in fronts})
    # Every paragraph kept that way is listed for the report, with the note it went to.
    assert len(seed.unmapped) >= len(advice)
    assert {u.kept_in for u in seed.unmapped} == {f"note {front!r}" for front in fronts}
    # The stories, questions and the rest are not listed: their lines went to fields.
    story_lines = {note.line for note in _of(seed, "story")}
    assert not story_lines & {u.line for u in seed.unmapped}


def test_reworded_labels_read_the_same() -> None:
    """Another generator's wording: "What They Are Really Asking", "SITUATION (verify)", "TASK — VERIFY",
    "ACTION [VERIFY]", "Situation - verify", "Likely Follow-Ups", "Practise With AI", no emoji anywhere."""
    result = _parse(DATA / "kestrel_reworded.txt")
    assert result.warnings == []
    assert result.deck.name == "Kestrel Freight Site Reliability Engineer playbook — Inès Vandermeer"
    counts = Counter(n.kind for n in result.notes)
    assert counts == {"pitch": 4, "story": 3, "question": 4, "curveball": 2, "bridge": 1, "beats": 2, "ask": 2,
                      "basic": 3}
    for story in _of(result, "story"):
        for name in ("situation", "task", "action", "result", "follow_ups", "checklist", "answers"):
            assert story.fields.get(name), (story.title, name)
    for question in _of(result, "question"):
        for name in ("asking", "great", "red_flags", "prep", "practice"):
            assert question.fields.get(name), (question.title, name)
    recovery = _of(result, "beats")[0]
    assert _beat_labels(recovery.fields["beats"]) == ["Pause", "Restate", "Reason"]
    where = next(n for n in _of(result, "basic") if n.title == "Where You Stand › Your strengths")
    assert where.fields["back"].startswith("Calm under pressure")


# --- detection ---------------------------------------------------------------------------------


@pytest.mark.parametrize("path", [pytest.param(SEED_PLAYBOOK, marks=pytest.mark.seed_docs), NORTHWIND, HELIOS],
                         ids=lambda p: p.name)
def test_detect_scores_playbooks_high(path: Path) -> None:
    assert playbook.detect(_read(path), path.name) >= 20, path.name


def test_detect_scores_other_documents_zero() -> None:
    markdown = (
        "# Interview notes\n\n## Red flags\n\n- talking over people\n\n"
        "## What great looks like\n\n- clear structure\n\nUse this story for: anything.\n"
    )
    csv = "front,back,tags\nWhat is FSRS?,A scheduler,srs\nUSE THIS STORY FOR,x,y\n"
    assert playbook.detect(markdown, "notes.md") == 0
    assert playbook.detect(csv, "cards.csv") == 0
    assert playbook.detect("", "") == 0


@pytest.mark.seed_docs
def test_detect_scores_the_seed_competency_guide_zero() -> None:
    assert playbook.detect(_read(SEED_COMPETENCY), SEED_COMPETENCY.name) == 0


# --- invented variants: other people, counts and formatting -------------------------------------


def test_northwind_variant() -> None:
    result = _parse(NORTHWIND)
    assert result.warnings == []
    assert result.deck.name == "Northwind Logistics Data Engineer playbook — Priya Raman"
    assert Counter(n.kind for n in result.notes) == {
        "pitch": 4,
        "story": 4,
        "question": 8,
        "curveball": 2,
        "bridge": 2,
        "beats": 2,
        "ask": 8,
        "basic": 5,
    }
    stories = _of(result, "story")
    assert [s.fields["answers"] for s in stories] == [
        "Tell me about a time you saved money",
        "Tell me about a time you prevented a problem",
        "Tell me about a time you improved reliability",
        "Tell me about a time you helped others learn",
    ]
    assert [len(s.fields["follow_ups"].splitlines()) for s in stories] == [3, 2, 1, 1]
    assert stories[1].fields["result"].count("\n\n") == 1  # two paragraphs
    assert Counter(q.fields["category"] for q in _of(result, "question")) == {
        "behavioural": 3,
        "coding": 2,
        "system design": 2,
        "AI-assisted coding": 1,
    }
    pitches = _of(result, "pitch")
    assert _beat_labels(pitches[0].fields["beats"]) == ["Hook", "Proof", "Close"]
    assert _beat_labels(pitches[1].fields["beats"]) == ["Past", "Present", "Future"]
    assert pitches[2].fields["label"] == "Why Northwind?"
    assert {"northwind-logistics", "playbook"} <= set(stories[0].tags)
    # Its contents table (tab-separated rows, as PDF tools copy a table) is a Markdown table, a row a line.
    contents = next(n for n in _of(result, "basic") if n.title == "Your Interview Prep Starts Here")
    assert contents.fields["back"] == (
        "| SECTION | TITLE | WHAT YOU'LL WALK AWAY WITH |\n| --- | --- | --- |\n"
        "| 4 | Your Story, Interview-Ready | Pitches |\n| 5 | Stories That Win Interviews | Stories |\n"
        "| 6 | Questions You'll Face | Questions |")


def test_helios_variant() -> None:
    result = _parse(HELIOS)
    assert result.warnings == []
    assert result.deck.name == "Helios Grid Backend Engineer playbook — Tomás Okafor"
    assert Counter(n.kind for n in result.notes) == {
        "pitch": 4,
        "story": 7,
        "question": 10,
        "curveball": 3,
        "bridge": 1,
        "beats": 2,
        "ask": 4,
        "basic": 3,  # delivery tips, the graceful bridge, the questions that hurt a candidacy
    }
    stories = _of(result, "story")
    assert all(s.fields["answers"].startswith("Tell me about") for s in stories)
    assert stories[2].fields["values"] == "Keep the lights on; Be open, honest, and kind"
    # The category lines above the prompts win over the wording.
    assert [q.fields["category"] for q in _of(result, "question")][:3] == [
        "behavioural",
        "system design",
        "coding",
    ]
    labels = [p.fields["label"] for p in _of(result, "pitch")]
    assert labels == [
        "The 30-second pitch",
        "The 2-minute version",
        "Why Helios?",
        "Why this role specifically?",
    ]
    recovery = _of(result, "beats")[0]
    assert recovery.title == "The 4-step recovery"
    assert _beat_labels(recovery.fields["beats"]) == ["Pause", "Clarify", "Reason", "Land"]


def test_line_endings_and_page_breaks_do_not_matter() -> None:
    text = _read(HELIOS)
    plain = playbook.parse(text, "a.txt")
    windows = playbook.parse(text.replace("\n", "\r\n").replace("\n7\r\n", "\n7\f\r\n"), "a.txt")
    assert [n.to_dict() for n in windows.notes] == [n.to_dict() for n in plain.notes]
    assert [n.line for n in windows.notes] == [n.line for n in plain.notes]


def test_unnumbered_stories_are_found_by_their_headers() -> None:
    text = _read(HELIOS)
    start, end = text.index("7 STORIES THAT WIN"), text.index("Build Your Own Story")
    stories_part = re.sub(r"^\d+\n", "", text[start:end], flags=re.M)
    result = playbook.parse(text[:start] + stories_part + text[end:], "b.txt")
    titles = [s.title for s in _of(result, "story")]
    assert titles == [s.title for s in _of(_parse(HELIOS), "story")]
    assert all(s.fields["situation"] for s in _of(result, "story"))


def test_story_without_situation_is_kept_with_a_warning_naming_its_line() -> None:
    text = _read(NORTHWIND)
    broken = re.sub(
        r"(2 Schema Drift Guard.*?)SITUATION VERIFY\n\n[^\n]+\n\n", r"\1", text, count=1, flags=re.S
    )
    assert broken != text
    result = playbook.parse(broken, "broken.txt")
    story = next(s for s in _of(result, "story") if s.title == "Schema Drift Guard")
    assert story.fields["situation"] == ""
    assert story.fields["task"] and story.fields["result"]
    assert len(_of(result, "story")) == 4
    assert result.warnings == [f"broken.txt:{story.line}: story 'Schema Drift Guard' has no SITUATION"]


def test_announced_count_that_does_not_match_is_a_warning() -> None:
    text = _read(NORTHWIND)
    cut_from = text.index('"Tell me about a time you had to learn a tool')
    result = playbook.parse(text[:cut_from] + text[text.index("\n7\n\nScripts for") :], "short.txt")
    assert len(_of(result, "question")) == 7
    assert any("announces 8 questions but 7 were read" in w for w in result.warnings)


def test_text_without_playbook_sections_is_an_error() -> None:
    with pytest.raises(ImportFormatError) as caught:
        playbook.parse("# Just some notes\n\n- one\n- two\n", "notes.md")
    assert caught.value.line == 1
    assert str(caught.value).startswith("notes.md:1: ")


@pytest.mark.parametrize(
    ("prompt", "category"),
    [
        ("Tell me about a time you led a distributed systems migration.", "behavioural"),
        ("Write a function that reverses a linked list.", "coding"),
        ("Design a URL shortener for a global audience.", "system design"),
        ("Solve this with the AI assistant and explain each suggestion.", "AI-assisted coding"),
        ("What motivates you?", "behavioural"),
    ],
)
def test_infer_category(prompt: str, category: str) -> None:
    assert infer_category(prompt) == category


# --- robustness --------------------------------------------------------------------------------

_FRAGMENTS = [
    line for line in _read(HELIOS).splitlines() + _read(NORTHWIND).splitlines()[:400:3] if line.strip()
]


def _parse_or_error(text: str) -> None:
    try:
        result = playbook.parse(text, "fuzz.txt")
    except ImportFormatError as err:
        assert err.source == "fuzz.txt"
        return
    assert isinstance(result, ParseResult)
    assert all(note.title.strip() for note in result.notes)
    assert playbook.detect(text) >= 0


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_text_parses_or_raises_format_error(text: str) -> None:
    _parse_or_error(text)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_FRAGMENTS) | st.just("") | st.text(max_size=20), max_size=80))
def test_shuffled_playbook_lines_parse_or_raise_format_error(lines: list[str]) -> None:
    _parse_or_error("\n".join(lines))


def test_a_table_of_tab_separated_rows_is_a_markdown_table() -> None:
    from flashdeck.core.importers.playbook_text import markdown_table

    assert markdown_table(["Skill\tStatus", "C++ | Rust\t Gap ", "Go"]) == (
        "| Skill | Status |\n| --- | --- |\n| C++ \\| Rust | Gap |\n| Go |  |")
