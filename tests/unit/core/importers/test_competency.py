"""The competency-guide importer against the real seed guide and hand-written variants.

The seed is read from the folder FLASHDECK_SEED_DOCS names, at test time; its sentences are never
copied here. Expected texts below come from the variants in
``tests/data/competency/`` (written for these tests) or are derived from the
seed's own lines.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from pathlib import Path

import pytest
from helpers import DATA as TEST_DATA
from helpers import SEEDS
from hypothesis import given, settings
from hypothesis import strategies as st

from flashdeck.core.importers import competency, format_module
from flashdeck.core.kinds import kind_by_name
from flashdeck.core.notes import ImportFormatError, NoteDraft, ParseResult

SEED_GUIDE = SEEDS / "003_2c0bcdf519b42f55.txt"
SEED_PLAYBOOK = SEEDS / "002_02a86573ada4a25d.txt"
DATA = TEST_DATA / "competency"
BIAS = DATA / "bias_for_action_amazon.txt"
CUSTOMER = DATA / "customer_obsession_stripe.txt"


def _parse(path: Path) -> ParseResult:
    return competency.parse(path.read_text(encoding="utf-8"), source=path.name)


def _role(note: NoteDraft) -> str:
    """What part of the guide a note came from: its tag after the three shared ones."""
    return note.tags[3] if len(note.tags) > 3 else "definition"


def _counts(result: ParseResult) -> Counter[tuple[str, str]]:
    return Counter((note.kind, _role(note)) for note in result.notes)


def _with(result: ParseResult, role: str) -> list[NoteDraft]:
    return [note for note in result.notes if _role(note) == role]


def _bullets(text: str) -> list[str]:
    return [line[2:] for line in text.splitlines() if line.startswith("- ")]


# --- detection ---------------------------------------------------------------------------------


@pytest.mark.seed_docs
def test_detect_scores_the_seed_guide_high() -> None:
    assert competency.detect(SEED_GUIDE.read_text(encoding="utf-8"), SEED_GUIDE.name) >= 20


@pytest.mark.parametrize("path", [BIAS, CUSTOMER])
def test_detect_scores_the_variants_high(path: Path) -> None:
    assert competency.detect(path.read_text(encoding="utf-8"), path.name) >= 20


@pytest.mark.seed_docs
def test_detect_ignores_the_playbook() -> None:
    assert competency.detect(SEED_PLAYBOOK.read_text(encoding="utf-8"), SEED_PLAYBOOK.name) == 0


@pytest.mark.parametrize(
    ("text", "filename"),
    [
        ("# Notes\n\n## Definition\n\nA word.\n\n- one\n- two\n", "notes.md"),
        ("front,back,tags\nWhat is FSRS?,A scheduler,srs\nCore Signal,x,y\n", "cards.csv"),
        ("---\ndeck: Mine\n---\n\n## A note\n\n### Back\n\nText\n", "deck.md"),
        ("", ""),
    ],
)
def test_detect_ignores_other_documents(text: str, filename: str) -> None:
    assert competency.detect(text, filename) == 0


def test_registry_knows_the_module() -> None:
    assert format_module("competency").NAME == "competency"


# --- the seed guide ----------------------------------------------------------------------------

SEED_COUNTS = {
    ("concept", "definition"): 1,
    ("concept", "what-it-is-not"): 1,
    ("concept", "keywords"): 1,
    ("concept", "do-not-confuse"): 3,
    ("concept", "signal"): 6,
    ("concept", "pitfall"): 5,
    ("concept", "red-flags"): 1,
    ("question", "direct"): 4,
    ("question", "indirect"): 4,
    ("probe", "probe"): 4,
    ("concept", "framing"): 5,  # the "Company Framing" section + Amazon, Google, Meta, Microsoft
    ("concept", "level"): 4,
    ("concept", "story-idea"): 3,
    ("concept", "stories-to-avoid"): 1,
    ("concept", "prep"): 1,
    ("beats", "key-signal"): 1,
}


@pytest.mark.seed_docs
def test_seed_yields_every_part_with_exact_counts() -> None:
    result = _parse(SEED_GUIDE)
    assert result.format == "competency"
    assert dict(_counts(result)) == SEED_COUNTS
    assert len(result.notes) == 45
    assert result.deck.name == "Focus on Long-Term Impact — competency guide"
    assert result.deck.tags == ("focus-on-long-term-impact", "meta", "competency")


@pytest.mark.seed_docs
def test_seed_notes_are_well_formed() -> None:
    for note in _parse(SEED_GUIDE).notes:
        kind = kind_by_name(note.kind)
        assert note.title.strip(), note
        assert set(note.fields) <= set(kind.field_names)
        assert all(value == value.strip() and value for value in note.fields.values())
        assert note.tags[:3] == ("focus-on-long-term-impact", "meta", "competency")
        assert all(re.fullmatch(r"[a-z0-9-]+", tag) for tag in note.tags)
        assert kind.templates_for(note.fields), f"{note.title!r} makes no card"
    titles = [(n.kind, n.title.casefold()) for n in _parse(SEED_GUIDE).notes]
    assert len(titles) == len(set(titles))


@pytest.mark.seed_docs
def test_seed_trigger_questions() -> None:
    text = SEED_GUIDE.read_text(encoding="utf-8")
    result = _parse(SEED_GUIDE)
    for role in ("direct", "indirect"):
        questions = _with(result, role)
        assert len(questions) == 4
        for note in questions:
            assert note.kind == "question"
            assert note.fields["category"] == "behavioural"
            assert note.fields["prompt"] in text
            assert "focus-on-long-term-impact" in note.tags
            assert role in note.tags
            assert note.fields["asking"]  # the core signal


@pytest.mark.seed_docs
def test_seed_probes_have_weak_and_strong_answers() -> None:
    text = SEED_GUIDE.read_text(encoding="utf-8")
    probes = _with(_parse(SEED_GUIDE), "probe")
    assert len(probes) == 4
    for note in probes:
        assert note.fields["question"].endswith("?")
        assert note.fields["question"] in text
        weak, strong = note.fields["weak"], note.fields["strong"]
        assert weak.split("\n\n")[0] in text and strong.split("\n\n")[0] in text
        assert weak != strong
        assert "**Probes:**" in strong


@pytest.mark.seed_docs
def test_seed_signals_pitfalls_and_red_flags() -> None:
    result = _parse(SEED_GUIDE)
    signals = _with(result, "signal")
    assert [len(_bullets(s.fields["details"])) for s in signals] == [4, 3, 3, 3, 3, 3]
    assert all("**Common miss:**" in s.fields["details"] for s in signals)
    pitfalls = _with(result, "pitfall")
    for note in pitfalls:
        details = note.fields["details"]
        assert "**Detection:**" in details and "**Fix:**" in details and "**Sounds like:**" in details
    (flags,) = _with(result, "red-flags")
    assert len(_bullets(flags.fields["definition"])) == 5
    assert len(_bullets(flags.fields["details"])) == 5


@pytest.mark.seed_docs
def test_seed_framings_levels_and_story_ideas() -> None:
    result = _parse(SEED_GUIDE)
    framings = [n.title for n in _with(result, "framing")]
    assert framings[0] == "Focus on Long-Term Impact at Meta"
    assert [t.split(" at ")[1].split(":")[0] for t in framings[1:]] == [
        "Amazon",
        "Google",
        "Meta",
        "Microsoft",
    ]
    for note in _with(result, "framing")[1:]:
        assert all(
            label in note.fields["details"] for label in ("Signal", "Example question", "What elevates")
        )
    levels = _with(result, "level")
    assert all("**Anti-pattern:**" in n.fields["details"] for n in levels)
    assert all("**Also covers:**" in n.fields["details"] for n in _with(result, "story-idea"))
    (avoid,) = _with(result, "stories-to-avoid")
    assert len(_bullets(avoid.fields["definition"])) == 2


@pytest.mark.seed_docs
def test_seed_key_signal_beats_in_order() -> None:
    lines = SEED_GUIDE.read_text(encoding="utf-8").splitlines()
    beat_line = lines[lines.index("Key Signal") + 1]
    expected = [b.strip().strip('"') for b in beat_line.split("->")]
    (beats,) = _with(_parse(SEED_GUIDE), "key-signal")
    assert beats.kind == "beats"
    assert beats.fields["beats"].splitlines() == [f"{i}. {b}" for i, b in enumerate(expected, 1)]
    assert len(expected) == 4


@pytest.mark.seed_docs
def test_seed_warnings_name_the_page_chrome_lines() -> None:
    warnings = _parse(SEED_GUIDE).warnings
    assert [w.split(":")[1] for w in warnings] == ["1", "2", "9"]
    assert all(w.startswith("003_2c0bcdf519b42f55.txt:") for w in warnings)


_STRUCTURE = re.compile(
    r"^(definition|core signal|company framing|what it is not|depth tip|(in)?direct triggers"
    r"|how to recogni[sz]e|do not confuse with|stories not recommended|prep action|key signal"
    r"|top disqualifier|delivery red flag"
    r"|pitfalls|what elevates|(❌ |✅ )?(weak|strong)|[A-Z]{2,3})$",
    re.I,
)


def _bigrams(text: str) -> set[tuple[str, ...]]:
    words = re.findall(r"[a-z0-9]+", text.casefold())
    return set(itertools.pairwise(words)) or {(w,) for w in words}


@pytest.mark.parametrize("path", [pytest.param(SEED_GUIDE, marks=pytest.mark.seed_docs), BIAS, CUSTOMER],
                         ids=lambda p: p.name)
def test_nothing_is_silently_dropped(path: Path) -> None:
    """Each content line's words reach a note, the deck description or a warning."""
    result = _parse(path)
    haystack = "\n".join(
        [result.deck.description, *result.warnings, *(v for n in result.notes for v in n.fields.values())]
    )
    have = _bigrams(haystack) | {(w,) for w in re.findall(r"[a-z0-9]+", haystack.casefold())}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        text = line.strip()
        if not re.search(r"[A-Za-z0-9]", text) or _STRUCTURE.match(text.strip("📌💡🎯🔍👁⚠️🚫📖 ")):
            continue
        wanted = _bigrams(text)
        missing = wanted - have
        assert len(missing) <= max(3, len(wanted) // 5), f"{path.name}:{number}: {text!r} lost {missing}"


@pytest.mark.seed_docs
def test_crlf_line_endings_read_the_same() -> None:
    text = SEED_GUIDE.read_text(encoding="utf-8")
    plain = competency.parse(text)
    crlf = competency.parse(text.replace("\n", "\r\n"))
    assert [n.fields for n in crlf.notes] == [n.fields for n in plain.notes]


# --- the variants ------------------------------------------------------------------------------


def test_bias_for_action_variant() -> None:
    """No emoji, headings in other cases, extra blank lines, "→" arrows, curly quotes."""
    result = _parse(BIAS)
    assert result.deck.name == "Bias for Action — competency guide"
    assert dict(_counts(result)) == {
        ("concept", "definition"): 1,
        ("concept", "framing"): 3,
        ("concept", "what-it-is-not"): 1,
        ("concept", "signal"): 4,
        ("concept", "prep"): 1,
        ("concept", "pitfall"): 3,
        ("concept", "red-flags"): 1,
        ("question", "direct"): 3,
        ("question", "indirect"): 2,
        ("concept", "keywords"): 1,
        ("concept", "do-not-confuse"): 2,
        ("probe", "probe"): 2,
        ("concept", "level"): 3,
        ("concept", "story-idea"): 2,
        ("concept", "stories-to-avoid"): 1,
        ("beats", "key-signal"): 1,
    }
    assert result.warnings == [
        "bias_for_action_amazon.txt:5: text not recognised as part of the guide, skipped: "
        "'Choose your preparation mode3 modes available'"
    ]
    notes = {n.title: n for n in result.notes}
    definition = notes["Bias for Action"].fields["definition"]
    assert "without waiting for complete information" in definition  # the PDF line break is rejoined
    assert notes["Bias for Action — key signal"].fields["beats"].splitlines() == [
        "1. I saw the cost of waiting",
        "2. I judged it reversible",
        "3. I added a safety net",
        "4. I acted",
        "5. I measured and adjusted",
    ]
    assert _bullets(notes["Bias for Action — keywords"].fields["definition"]) == [
        "reversible",
        "calculated risk",
        "rolled back",
        "checkpoint",
    ]
    assert "Bias for Action vs Dive Deep" in notes and "Bias for Action vs Deliver Results" in notes
    signal = notes["Candidate explains why the decision was reversible and therefore safe to take quickly."]
    assert _bullets(signal.fields["details"]) == ['"it could be rolled back"', '"I set a two-day checkpoint"']
    (flags,) = _with(result, "red-flags")
    assert [b.split("**")[1] for b in _bullets(flags.fields["definition"])] == [
        "Hedging Language",
        "Blaming the Data",
    ]
    probe = notes["How did you limit the damage if you were wrong?"]
    assert probe.fields["weak"] == "We would have fixed it later.\n\nVague and reactive."
    assert probe.fields["strong"] == (
        "I agreed an error budget with the on-call lead and a rollback trigger at one percent failures."
        '\n\n"I set the tripwire before I moved."\n\n**Probes:** Risk management under time pressure.'
    )
    assert [n.title for n in _with(result, "framing")] == [
        "Bias for Action at Amazon",
        "Bias for Action at Amazon: Bias for Action",
        "Bias for Action at Netflix: Informed Captain",
    ]
    assert [n.title.rsplit(" ", 1)[1] for n in _with(result, "level")] == ["L4", "L5", "L6"]


def test_customer_obsession_variant() -> None:
    """Emoji, no blank lines at all, "->" arrows, 🚩 red flags, a probe without a tagline."""
    result = _parse(CUSTOMER)
    assert result.deck.name == "Customer Obsession — competency guide"
    assert result.deck.tags == ("customer-obsession", "stripe", "competency")
    assert dict(_counts(result)) == {
        ("concept", "definition"): 1,
        ("concept", "what-it-is-not"): 1,
        ("concept", "signal"): 5,
        ("concept", "prep"): 1,
        ("concept", "pitfall"): 4,
        ("concept", "red-flags"): 1,
        ("question", "direct"): 5,
        ("question", "indirect"): 3,
        ("concept", "keywords"): 1,
        ("concept", "do-not-confuse"): 1,
        ("probe", "probe"): 3,
        ("concept", "framing"): 3,
        ("concept", "level"): 2,
        ("concept", "story-idea"): 1,
        ("beats", "key-signal"): 1,
    }
    assert result.warnings == [
        "customer_obsession_stripe.txt:1: text not recognised as part of the guide, skipped: 'Shield'"
    ]
    notes = {n.title: n for n in result.notes}
    assert notes["Customer Obsession — key signal"].fields["beats"].splitlines() == [
        "1. I listened",
        "2. I dug into the data",
        "3. I changed the plan",
        "4. I checked back with users",
    ]
    untagged = notes["What did you give up to make the change?"]
    assert untagged.fields["strong"] == (
        "I moved our planned dashboard redesign out by a quarter and explained the trade to my manager "
        "with the ticket data.\n\n**Probes:** Willingness to pay a cost for users."
    )
    (flags,) = _with(result, "red-flags")
    assert len(_bullets(flags.fields["definition"])) == 3
    assert [n.title for n in _with(result, "framing")] == [
        "Customer Obsession at Amazon: Customer Obsession",
        "Customer Obsession at Stripe: Users First",
        "Customer Obsession at Shopify: Merchant Obsession",
    ]
    shopify = notes["Customer Obsession at Shopify: Merchant Obsession"]
    assert shopify.fields["details"].endswith(
        "Connect the work to a merchant's livelihood, not just a metric."
    )
    assert "Customer Obsession vs Earn Trust" in notes
    assert [n.title for n in _with(result, "pitfall")] == [
        "Second-Hand Customer",
        "Feature Factory",
        "Vanity Metrics",
        "Internal Focus",
    ]


# --- malformed input ---------------------------------------------------------------------------

BROKEN = """Definition
Patience means waiting for the right moment to act.
Common Miss nothing came before this label
Direct Triggers
- Tell me about a time you waited on purpose.
Do Not Confuse With
Calm: Calm is about mood; Patience is about timing.
When did waiting pay off?
Probes: Judgement about timing.
Weak
I always wait.
Pitfall Twin
"I waited"
Waiting without a reason.
Detection: Look for the reason.
Fix: Give the reason.
Pitfall Twin
"I waited again"
Still no reason.
Detection: Look again.
Fix: Say why.
"""


def test_malformed_guide_warns_with_line_numbers() -> None:
    result = competency.parse(BROKEN, source="broken.txt")
    assert "broken.txt:3: text not recognised as part of the guide, skipped: " in result.warnings[0]
    assert any(w.startswith("broken.txt:8: follow-up question") for w in result.warnings)
    assert any(w.startswith("broken.txt:17: a second concept titled 'Pitfall Twin'") for w in result.warnings)
    titles = [n.title for n in result.notes]
    assert "Pitfall Twin" in titles and "Pitfall Twin (2)" in titles
    assert "Tell me about a time you waited on purpose." in titles


def test_text_without_guide_structure_is_an_error() -> None:
    with pytest.raises(ImportFormatError) as err:
        competency.parse("Just a shopping list\n- eggs\n- milk\n", source="list.txt")
    assert err.value.line == 1
    assert str(err.value).startswith("list.txt:1: not a competency guide")


def test_empty_sections_are_an_error_naming_the_line() -> None:
    with pytest.raises(ImportFormatError) as err:
        competency.parse("\n\nDefinition\n\nKey Signal\n", source="empty.txt")
    assert err.value.line == 3


# --- fuzzing -----------------------------------------------------------------------------------

_PIECES = [
    "Definition",
    "Core Signal",
    "What It Is NOT",
    "Direct Triggers",
    "Indirect triggers",
    "Do Not Confuse With",
    "Key Signal",
    "Depth Tip",
    "Pitfalls",
    "Common Miss",
    "Common Miss x",
    "FixDo it",
    "DetectionLook",
    "Probes:",
    "Probes: a",
    "❌ Weak",
    "✅ Strong",
    "Strong: yes",
    "What Elevates",
    "Signal: s",
    "Example QAsk",
    "AM",
    "Anti-pattern bad",
    "Also covers: a · b",
    "🚩 Flag",
    '"a""b"',
    '"a" -> "b" → c',
    "OwnershipOwnership is",
    "  • item",
    "- item",
    "X means y",
    "x - Acme Core Values",
    "AcmeCore ValuesSignal: a -> b",
    "",
    "📖",
    "lower case continuation",
]


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_fuzz_any_text_parses_or_fails_cleanly(text: str) -> None:
    try:
        result = competency.parse(text, source="fuzz.txt")
    except ImportFormatError:
        return
    assert all(note.title for note in result.notes)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES) | st.text(max_size=20), max_size=40))
def test_fuzz_guide_like_text_parses_or_fails_cleanly(pieces: list[str]) -> None:
    text = "\n".join(pieces)
    competency.detect(text)
    try:
        result = competency.parse(text, source="fuzz.txt")
    except ImportFormatError as err:
        assert err.line is not None
        return
    for note in result.notes:
        assert note.title
        assert set(note.fields) <= set(kind_by_name(note.kind).field_names)
