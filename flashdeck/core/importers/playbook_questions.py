"""The interview questions and the curveball questions of an interview playbook.

A question is a quoted prompt (optionally followed by "From JD: …") and the
labelled parts "WHAT THEY'RE REALLY ASKING", "WHAT GREAT LOOKS LIKE", "RED
FLAGS", "YOUR PREP" and "PRACTICE WITH AI". The generator does not label each
question's category, so unless a category line stands above the prompt it is
inferred from the prompt's wording (see :func:`infer_category`).

A curveball is a quoted prompt, "Why they ask: …", a "FRAMEWORK" list and,
after the list, an optional warning paragraph (shown with ⚠ in the PDF).
"""

from __future__ import annotations

import re

from flashdeck.core.importers.playbook_text import (
    Context,
    PlaybookText,
    Section,
    bulletise,
    is_quoted,
    unquote,
)
from flashdeck.core.notes import NoteDraft

__all__ = ["declared_question_count", "infer_category", "parse_curveballs", "parse_questions"]

_ASKING = re.compile(r"what they'?re really asking:?")
_PARTS = (
    ("asking", _ASKING),
    ("great", re.compile(r"what (?:a )?great(?: answers?)? looks? like:?")),
    ("red_flags", re.compile(r"red flags:?")),
    ("prep", re.compile(r"your prep:?")),
    ("practice", re.compile(r"(?:practi[cs]e with ai|ai practice(?: prompt)?):?")),
)
_LIST_FIELDS = ("great", "red_flags")
_FROM_JD = re.compile(r"from (?:the )?jd\b.*")
_CATEGORY_LINE = re.compile(
    r"(behaviou?ral|system design|coding|ai[- ]assisted(?: coding)?)(?: question| round)?:?"
)
_DECLARED = (re.compile(r"(\d+) question patterns decoded\b.*"), re.compile(r"these (\d+) questions\b.*"))

_AI = re.compile(r"\bai[- ]assist|\bai (?:assistant|tool|pair)|\bcopilot\b", re.I)
_CODING = re.compile(
    r"\bwrite (?:a |an )?(?:function|method|program|code)\b|\bcoding (?:problem|question|exercise)\b"
    r"|\bimplement (?:a |an )?(?:function|algorithm|class)\b|^\W*given (?:an? |the )?(?:array|list|string|"
    r"binary|tree|graph|matrix|linked)",
    re.I,
)
_BEHAVIOURAL = re.compile(
    r"\btell me about a time\b|\bdescribe (?:a|an) (?:time|situation|specific|significant|moment)\b"
    r"|\bgive (?:me )?an example\b|\bhow would you approach this situation\b|\bwhat did you learn\b",
    re.I,
)
_DESIGN = re.compile(
    r"\bdesign\b|\barchitect|\bat (?:\w+'s )?scale\b|\binfrastructure\b|\bdistributed\b", re.I
)

_WHY = re.compile(r"why they ask\b\s*:?\s*(.*)", re.I)
_FRAMEWORK = re.compile(r"framework:?")
_STEP_MARK = re.compile(r"^(?:[-•]|\*(?!\*)|\d+[.)])\s+")
_WARNING_MARK = re.compile(r"^(?:⚠\ufe0f?|warning:|note:)\s*", re.I)


def infer_category(prompt: str) -> str:
    """The question's category from its wording: AI-assisted coding, coding, behavioural or system design.

    Order matters: an AI-assisted round is also a coding problem, and a story
    question about a distributed system is still behavioural.
    """
    if _AI.search(prompt):
        return "AI-assisted coding"
    if _CODING.search(prompt):
        return "coding"
    if _BEHAVIOURAL.search(prompt):
        return "behavioural"
    if _DESIGN.search(prompt):
        return "system design"
    return "behavioural"


def _category_label(key: str) -> str:
    if key.startswith("ai"):
        return "AI-assisted coding"
    if key.startswith("behav"):
        return "behavioural"
    return "system design" if key.startswith("system") else "coding"


def declared_question_count(doc: PlaybookText, region: Section) -> int | None:
    """How many questions the section says it has ("12 question patterns decoded")."""
    for index in range(region.start, region.end):
        for pattern in _DECLARED:
            match = pattern.match(doc.keys[index])
            if match:
                return int(match.group(1))
    return None


def _paragraph_above(doc: PlaybookText, index: int, floor: int) -> tuple[int, int] | None:
    """(first, last) line of the paragraph that ends just above ``index``."""
    last = doc.prev_content(index, floor)
    if last is None:
        return None
    first = last
    while first - 1 >= floor and not doc.blank(first - 1):
        first -= 1
    return first, last


def _question_head(doc: PlaybookText, asking: int, floor: int) -> tuple[int, str, str, str | None] | None:
    """(first line, prompt, JD note, explicit category) for the question above ``asking``."""
    above = _paragraph_above(doc, asking, floor)
    jd_note = ""
    if above and _FROM_JD.fullmatch(doc.keys[above[0]]):
        jd_note = " ".join(doc.raw[i] for i in range(above[0], above[1] + 1))
        above = _paragraph_above(doc, above[0], floor)
    if above is None:
        return None
    first, last = above
    lines = [doc.raw[i] for i in range(first, last + 1) if not doc.page_number(i)]
    category = None
    if lines and _CATEGORY_LINE.fullmatch(doc.keys[first]) and len(lines) > 1:
        category = _category_label(doc.keys[first])
        lines = lines[1:]
    elif (label := doc.prev_content(first, floor)) is not None and _CATEGORY_LINE.fullmatch(doc.keys[label]):
        category = _category_label(doc.keys[label])
        first = label
    prompt = unquote(" ".join(lines))
    return (first, prompt, jd_note, category) if prompt else None


def parse_questions(ctx: Context, region: Section) -> list[NoteDraft]:
    """The question notes in the questions section ``region``."""
    doc = ctx.doc
    heads = []
    floor = region.start
    for asking in doc.find_all(_ASKING, region.start, region.end):
        head = _question_head(doc, asking, floor)
        if head is None:
            ctx.warn(asking, "'WHAT THEY'RE REALLY ASKING' without a question above it; skipped")
        else:
            heads.append((asking, *head))
        floor = asking + 1
    notes = []
    for n, (asking, first, prompt, jd_note, category) in enumerate(heads):
        end = heads[n + 1][1] if n + 1 < len(heads) else region.end
        parts = doc.split_fields(asking, end, _PARTS)
        fields = {"prompt": prompt, "category": category or infer_category(prompt)}
        for name, part in parts.items():
            if name in _LIST_FIELDS:
                fields[name] = bulletise(doc.items(part.start + 1, part.end))
            else:
                fields[name] = doc.prose(part.start + 1, part.end)
        if jd_note:
            fields["notes"] = jd_note
        for name, _ in _PARTS[:4]:
            if not fields.get(name):
                ctx.warn(first, f"question {prompt[:40]!r}… has no {name.replace('_', ' ')} part")
        tags = ctx.tags(fields["category"])
        notes.append(NoteDraft("question", fields, tags=tags, line=first + 1))
    return notes


def parse_curveballs(ctx: Context, region: Section) -> list[NoteDraft]:
    """The curveball notes: each quoted prompt up to the next one."""
    doc = ctx.doc
    starts = [i for i in doc.content(region.start + 1, region.end) if is_quoted(doc.raw[i])]
    notes = []
    for n, start in enumerate(starts):
        end = starts[n + 1] if n + 1 < len(starts) else region.end
        fields = {"prompt": unquote(doc.raw[start])}
        framework = doc.find(_FRAMEWORK, start + 1, end)
        body_end = framework if framework is not None else end
        for _, text in doc.paragraphs(start + 1, body_end):
            match = _WHY.fullmatch(text)
            if match:
                fields["why"] = match.group(1).strip()
        if framework is not None:
            steps: list[str] = []
            after: list[str] = []
            for _, text in doc.paragraphs(framework + 1, end):
                marker = _STEP_MARK.match(text)
                if marker and not after:
                    steps.append(text[marker.end() :])
                else:
                    after.append(_WARNING_MARK.sub("", text))
            fields["framework"] = bulletise(steps, ordered=True)
            if after:
                fields["warning"] = "\n\n".join(after)
        if not fields.get("framework"):
            ctx.warn(start, f"curveball {fields['prompt'][:40]!r}… has no FRAMEWORK")
        notes.append(NoteDraft("curveball", fields, tags=ctx.tags("curveball"), line=start + 1))
    return notes
