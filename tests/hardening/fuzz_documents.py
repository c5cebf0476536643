"""Hypothesis strategies for the importer fuzz tests: near-valid documents of each format, and raw text.

A near-valid document is made of the lines a format cares about (its headings,
labels, markers, header keys, list and quote shapes), valid and subtly wrong,
mixed with ordinary content lines, in any order: the parsers meet their own
grammar in shapes no hand-written test lists.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import strategies as st

REPO = Path(__file__).resolve().parents[2]

WORDS = ["I", "we", "led", "the", "migration", "cut", "cost", "40%", "in", "Q3", "team", "Why", "what", "story",
         "Situation", "task", "result", "values", "Meta", "Core", "Values", "a", "an", "it", "x", "é", "日本", "🚩"]
PUNCT = [":", "-", "–", "—", "→", "->", "?", ".", ",", ";", '"', "“", "”", "'", "(", ")", "[", "]", "*", "**", "_",
         "`", "#", "|", "\t", "  ", "<", ">", "&", "\\", "/", "%"]
PREFIXES = ["", "", "", "- ", "* ", "+ ", "1. ", "2) ", "• ", "> ", "  - ", "    ", "\t", "## ", "### ", "# ", "**",
            '"', "✓ ", "⚠️ "]

words = st.lists(st.sampled_from(WORDS + PUNCT), min_size=0, max_size=10).map(" ".join)
content_line = st.one_of(
    st.tuples(st.sampled_from(PREFIXES), words).map("".join),
    st.text(max_size=40),
    st.just(""),
)


def document(special: list[str]) -> st.SearchStrategy[str]:
    """Lines drawn from the format's own ``special`` lines and content lines, joined with newlines."""
    line = st.one_of(st.sampled_from(special), st.sampled_from(special).map(lambda s: s + " " + "x"), content_line)
    return st.lists(line, min_size=1, max_size=40).map("\n".join)


DECK_HEADER = ["deck: Prep", "deck:", "kind: story", "kind: question", "kind: nope", "target: 2:00-3:00", "target: 9",
               "target: 3:00-1:00", "tags: a, b c", "description: One line", "Deck: Upper", "bogus: 1", "", "x"]
DECK_LINES = [
    "## Tell me about a failure", "## Title ##", "## ", "##", "##\tTab title", "### Situation", "### Front",
    "### Back", "### Red flags:", "### red_flags", "### Nope", "### ", "###", "#### deeper", "<!-- id: q-1 -->",
    "<!-- id: q-1; kind: question; tags: a b -->", "<!-- kind: concept -->", "<!-- kind: story -->",
    "<!-- target: 1:00-2:00 -->", "<!-- target: soon -->", "<!-- bogus: 1 -->", "<!-- id: bad id! -->",
    "<!-- id: -x -->", "<!-- -->", "\\## escaped", "\\\\### twice", "```", "# Deck name", "---",
]


@st.composite
def deck_documents(draw: st.DrawFn) -> str:
    head = ""
    if draw(st.booleans()):
        keys = draw(st.lists(st.sampled_from(DECK_HEADER), max_size=5))
        closed = draw(st.sampled_from(["---", "---", "---", ""]))
        head = "\n".join(["---", *keys, closed]) + "\n"
    return head + draw(document(DECK_LINES))


PLAYBOOK_LINES = [
    "Personalized Interview Playbook", "Prepared for", "Ada Lovelace", "Company", "Acme", "Target role",
    "Backend Engineer", "Generated", "2026-01-01", "Your Story, Interview-Ready", "30-Second Pitch",
    "2-Minute Pitch", "Delivery tips:", "1. Hook: I build things", "Tip: smile", "6 Stories That Win Interviews",
    "Your 6 stories:", "1 Migrated billing", "1", "2", "From resume", "✓ Draft story", "Use this story for:",
    "SITUATION", "TASK", "ACTION", "RESULT", "Before you use this story:", "☐ Check the numbers",
    "Likely Follow-up Questions - Prepare Your Answers", "Build Your Own Story", "What They're Testing",
    "12 Question Patterns Decoded", "From the JD", "What they're really asking:", "What great looks like:",
    "Red flags:", "Your prep:", "Practice with AI:", "Scripts for Awkward Questions", "Bridge Scripts for Your Gaps",
    "Re: No Kubernetes", "Why interviewers probe", "Your bridge script:", "Before you use this script",
    "When You Don't Know the Answer", "The 3-Step Recovery", "What to avoid:", "Phrases that work:",
    "✗ Bluffing", "Curveball Questions", "Why they ask: to see", "Framework:", "⚠️ Warning: don't",
    "Quick Reference", "Questions That Make Them Want You", "For the hiring manager", "Why it works: shows care",
    "Questions That Hurt Your Candidacy", "A Handout That Closes the Deal", "Days 1-30:", "Days 31-60",
    "My milestone:", "This is my approach", "Your Story Bank", "Migrated billing → Tell me about a migration",
    "Interview Day Cheat Sheet", "→ an arrow line", "“A quoted line”", "- a bullet", "• a bullet",
]
COMPETENCY_LINES = [
    "Focus on long-term impact", "Tell me about a time you planned ahead - Meta Core Values",
    "Meta Core ValuesSignal: I noticed → I advocated → I built", "Definition", "Definition: doing the long thing",
    "Core Signal", "Core Signal: did they invest", "What it is not", "What it's not", "Direct Triggers",
    "Direct Trigger Questions", "Indirect Triggers", "Do not confuse with", "Don't confuse with",
    "OwnershipOwnership is about", "Bias for action: moving fast", "Depth tip", "How to recognize",
    "Stories not recommended", "Prep action", "Key Signal", "Top disqualifier", "Delivery red flag", "Signals",
    "What interviewers listen for", "Pitfalls", "Common pitfalls", "Red flags", "Probing follow-ups",
    "Company framings", "Level expectations", "Story ideas", "Common miss: they stop early", "Common miss",
    "Probes: why then?", "Signal: long view", "Example Q: Tell me", "Example QTell me about", "What elevates",
    "Anti-pattern: short-termism", "Also covers: ownership", "Weak: I just did it", "Strong: I weighed it",
    "Weak answer", "Strong answer: with data", "Detection: ask yourself", "DetectionAsk yourself", "Fix: plan",
    "FIX — plan", "🚩 Blames others", "🚩", '"I noticed""nobody had flagged it"', "“We” everywhere", "L5", "Senior",
    "Meta", "Amazon: Ownership", "- a bullet", "• a bullet", "1. numbered",
]
STAR_LINES = [
    "Question: Tell me about a time you failed?", "Q: Describe a conflict", "Tell me about a time you led?",
    "S – Situation:", "S - Situation: we had", "Situation", "SITUATION", "**Situation:** text", "## Situation",
    "(S) Situation: x", "Situation (context): y", "A – Situation", "Task:", "**Task**", "### Task", "TASK",
    "Tasks: several", "Action:", "Actions", "## Action", "ACTION", "1. Action: first", "Result:", "RESULT",
    "Results: 40%", "## Result ##", "- **Result:** done", "- **Situation:** x", "- **Task:** y", "- **Action:** z",
    "Title: Billing", "Story: Billing", "Anchor: cut 40%", "Metric: 40%", "Values: ownership", "Use for: failure",
    "Follow-ups:", "Checklist:", "Notes:", "What to avoid:", "Tips", "Tips:", "Pitfalls", "Key points:",
    "What to showcase:", "## Coaching", "Some label:", "```", "~~~", "Rubric", "Red flags:",
]
QUESTION_LINES = [
    "Q: Why this team?", "Q:", "A:", "A: because", "Q1: What broke?", "A1: the queue", "**Q:** bold", "**A:** bold",
    "Question 3: How?", "Answer: yes", "- Tell me about a failure", "1. What is your weakness?", "2) Why us?",
    "- [x] Describe a conflict", "- [ ] What motivates you?", "    indented answer", "    - nested answer",
    "<details>", "<summary>Toggle?</summary>", "</details>", "<aside>", "</aside>", "• Why now?", "你为什么？",
    "## Questions", "Tell me about yourself", "Q: Tell me about yourself",
]
PITCH_LINES = [
    "## Why this company?", "## Tell me about yourself", "# Why Acme", "WHY THIS ROLE", "**Why us?**",
    "## 30-second pitch", "Elevator pitch:", "- Mission — e.g. I use it", "- Growth (for example 40%)",
    "    - a fact", "  ◦ nested", "Tip: pause", "Past: startups", "- point", "### Sub point",
]
OUTLINE_LINES = [
    "# Title", "## Section", "### Sub", "###### Deep", "####### Seven", "#", "# ", "#NoSpace", "## Closing ##",
    "# **Bold**", "# _emph_", "===", "---", "- - -", "Setext", "---", "title: My notes", "deck: Deck", "...",
    "```", "~~~", "```python", "- bullet", "  - nested", "    - deeper", "1. item", "10) item", "* star",
    "+ plus", "> quote", "| a | b |", "\t- tabbed",
]

ANKI_HEADER = ["#separator:tab", "#separator:comma", "#separator:semicolon", "#separator:pipe", "#separator:bogus",
               "#separator:", "#html:true", "#html:false", "#columns:Front\tBack\tTags", "#columns:Back,Front",
               "#tags column:3", "#tags column:0", "#guid column:4", "#deck column:x", "#deck:Imported",
               "#tags:a b", "#notetype:Basic", "#if matches:update current"]
HEADER_ROWS = ["front,back,tags", "Question\tAnswer", "Front;Back", "term,definition,tags,guid", "a,b"]


@st.composite
def csv_documents(draw: st.DrawFn) -> str:
    delimiter = draw(st.sampled_from([",", "\t", ";", "|"]))
    cell_text = st.one_of(words, st.text(max_size=20), st.sampled_from(['"', '""', "a\nb", ",", "\t", ";", " ", ""]))

    def cell(text: str, quoted: bool) -> str:
        return '"' + text.replace('"', '""') + '"' if quoted else text

    rows = draw(st.lists(
        st.lists(st.tuples(cell_text, st.booleans()).map(lambda t: cell(*t)), min_size=1, max_size=4)
        .map(delimiter.join),
        min_size=1, max_size=15))
    head = draw(st.lists(st.sampled_from(ANKI_HEADER), max_size=3))
    header_row = draw(st.lists(st.sampled_from(HEADER_ROWS), max_size=1))
    body = "\n".join([*head, *header_row, *rows])
    if draw(st.booleans()):  # a file cut off anywhere, mid-quote included
        body = body[: draw(st.integers(0, len(body)))]
    return body


TOKENS = ["\n", "\n", " ", "#", "##", "###", "- ", "* ", "1. ", ":", ",", ";", "\t", '"', "'", "---", "```", "<!--",
          "-->", "id:", "kind:", "deck:", "Situation", "Task", "Action", "Result", "Core Signal", "Weak:", "Strong:",
          "Use this story for:", "What they're really asking:", "\\", "→", "🚩", "é", "\u00a0", "\u2028", "\x0c",
          "\r", "\r\n", "[", "]", "(", ")", "|", "**", "x", "word"]
token_soup = st.lists(st.sampled_from(TOKENS), max_size=60).map("".join)
raw_text = st.one_of(st.text(max_size=300), token_soup)

def _bases(*patterns: str) -> list[str]:
    paths = sorted(p for pattern in patterns for p in REPO.glob(pattern))
    assert paths, patterns
    return [p.read_text(encoding="utf-8") for p in paths]


@st.composite
def _mutated(draw: st.DrawFn, bases: list[str], special: list[str]) -> str:
    """A real document of the format (the project's test data and shipped decks) with a few lines
    deleted, repeated, moved, replaced by the format's own lines or content, or spliced, and maybe cut short."""
    lines = draw(st.sampled_from(bases)).split("\n")
    index = st.integers(0, 10**6)
    for _ in range(draw(st.integers(0, 8))):
        op = draw(st.sampled_from(["delete", "repeat", "move", "insert", "replace", "splice"]))
        if not lines:
            lines = [""]
        i = draw(index) % len(lines)
        if op == "delete":
            del lines[i : i + draw(st.integers(1, 5))]
        elif op == "repeat":
            lines[i:i] = lines[i : i + draw(st.integers(1, 5))]
        elif op == "move":
            lines.insert(draw(index) % len(lines), lines.pop(i))
        elif op in ("insert", "replace"):
            new = draw(st.one_of(st.sampled_from(special), content_line))
            lines[i : i + (op == "replace")] = [new]
        else:
            at = draw(index) % (len(lines[i]) + 1)
            spliced = draw(st.one_of(st.sampled_from(PUNCT + TOKENS), st.text(max_size=5)))
            lines[i] = lines[i][:at] + spliced + lines[i][at:]
    text = "\n".join(lines)
    if draw(st.integers(0, 4)) == 0:
        text = text[: draw(index) % (len(text) + 1)]
    return text


def _near_valid(bases: str, special: list[str], grammar: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    mutated = _mutated(_bases(bases), special)
    return st.one_of(mutated, mutated, mutated, grammar)  # three in four start from a real document


STRUCTURED = {
    "deck": _near_valid("decks/*.md", DECK_LINES, deck_documents()),
    "playbook": _near_valid("tests/data/playbooks/*.txt", PLAYBOOK_LINES, document(PLAYBOOK_LINES)),
    "competency": _near_valid("tests/data/competency/*.txt", COMPETENCY_LINES, document(COMPETENCY_LINES)),
    "star": _near_valid("tests/data/star/*", STAR_LINES, document(STAR_LINES)),
    "csv": _near_valid("tests/data/csv/*", ANKI_HEADER + HEADER_ROWS, csv_documents()),
    "outline": _near_valid("tests/data/outline/*", OUTLINE_LINES, document(OUTLINE_LINES)),
    "questions": _near_valid("tests/data/questions/*", QUESTION_LINES, document(QUESTION_LINES)),
    "pitch": _near_valid("tests/data/pitch/*", PITCH_LINES, document(PITCH_LINES)),
}
ANY_DOCUMENT = st.one_of(*STRUCTURED.values(), raw_text)
