"""A single STAR story written any common way, with or without coaching around it.

Reads documents like::

    Question: Tell me about a time you missed a deadline.
    S – Situation: ...
    **Task:** ...
    ## Action
    ...
    RESULT
    ...
    What to avoid:
    - ...

into one ``story`` note plus one ``concept`` note per coaching list. Labels are
recognised only at the start of a line and only when set off as labels (alone
on the line, followed by a colon or dash, bold, or a heading), so prose that
merely mentions "the situation" is never split. A story missing one of the four
parts is rejected whole: nothing half-made.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from flashdeck.core.notes import ImportFormatError, NoteDraft, ParseResult

__all__ = ["NAME", "detect", "parse", "title_from_question"]

NAME = "star"

_STAR_ORDER = ("situation", "task", "action", "result")
_STRICT_PREFIX = re.compile(r"^[ \t]{0,3}(?:(?P<hashes>#{1,6})[ \t]+|\d{1,2}[.)][ \t]+)?")
# Second chance for stories written as a bullet list ("- **Situation:** ...").
_LENIENT_PREFIX = re.compile(r"^[ \t]*(?:(?P<hashes>#{1,6})[ \t]+|\d{1,2}[.)][ \t]+|[-*+][ \t]+)?")
_CLOSING_HASHES = re.compile(r"[ \t]+#+[ \t]*$")
_EMPHASIS = re.compile(r"^(\*{1,2}|_{1,2})(?P<label>[^*_\n]+?)\1(?P<tail>.*)$")
_SEPARATOR = r"(?:[ \t]*:|[ \t]+[-–—]|[ \t]*[–—])"
_STAR_LABEL = re.compile(
    r"^(?:\(?(?P<letter>[star])\)?[ \t]*[-–—:.)|][ \t]*)?"
    r"(?P<word>situation|tasks?|actions?|results?)"
    r"(?:[ \t]*\([^)\n]{0,40}\))?"  # "Situation (context)"
    rf"(?:{_SEPARATOR}[ \t]*(?P<rest>.*)|[ \t]*)$",
    re.IGNORECASE,
)
_PLAIN_LABEL = re.compile(r"^(?P<label>[A-Za-z][\w '’/&()-]{0,60}?)[ \t]*:[ \t]*(?P<rest>.*)$")
_WORD_AT_START = re.compile(
    r"^[^A-Za-z\n]{0,12}(?:[star]\W{1,6})?(situation|tasks?|actions?|results?)", re.IGNORECASE | re.MULTILINE
)
_FENCE = re.compile(r"^[ \t]{0,3}(```|~~~)")
_BULLET = re.compile(r"^[ \t]*(?:[-*+]|\d{1,3}[.)])[ \t]+\S")

_QUESTION_LABELS = {"question", "q", "interviewquestion", "prompt", "thequestion", "samplequestion"}
_TITLE_LABELS = {"title", "story", "storytitle", "name", "storyname"}
_STORY_FIELDS = {
    "anchor": "anchor",
    "metric": "anchor",
    "keymetric": "anchor",
    "resumeanchor": "anchor",
    "values": "values",
    "value": "values",
    "competencies": "values",
    "usefor": "use_for",
    "usethisstoryfor": "use_for",
    "goodfor": "use_for",
    "followups": "follow_ups",
    "followupquestions": "follow_ups",
    "likelyfollowups": "follow_ups",
    "checklist": "checklist",
    "notes": "notes",
}
_COACHING = re.compile(
    r"\b(showcase|avoid|tips?|highlight|pitfalls?|mistakes?|remember|dos|don'?ts|watch out|"
    r"red flags?|key points?|takeaways?|coach\w*|rubric|look(?:ing)? for|emphasi[sz]e|"
    r"what (?:to|not to|they|interviewers?))\b",
    re.IGNORECASE,
)
# A coaching heading written as a bare line, without colon or bold: kept narrow
# so that a short sentence inside an Action never ends it.
_BARE_COACHING = re.compile(
    r"^(?:tips?|what (?:to|not to) (?:showcase|avoid|highlight|emphasi[sz]e|include|do|say)|"
    r"pitfalls|common (?:mistakes|pitfalls)|do'?s and don'?ts|dos|don'?ts|things to avoid|"
    r"coaching(?: notes| tips)?|key points|red flags)$",
    re.IGNORECASE,
)
_QUESTION_LEAD = re.compile(
    r"^(?:(?:can|could|would)\s+you\s+)?(?:please\s+)?"
    r"(?:tell\s+(?:me|us)\s+about|describe|give\s+(?:me\s+|us\s+)?an\s+example\s+of|talk\s+about|"
    r"share|walk\s+(?:me|us)\s+through)\s+"
    r"(?:(?:a|an|the)\s+)?(?:(?:time|situation|moment|occasion|example|instance)\s+)?"
    r"(?:(?:when|where|in\s+which|that)\s+)?(?:you\s+)?",
    re.IGNORECASE,
)


def _key(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", text.casefold())


@dataclass(frozen=True)
class _Label:
    """A line set off as a label: what it names and any text after it."""

    role: str  # star | question | title | field | coaching | heading | other
    name: str  # the story field, or the label text as written
    rest: str
    level: int | None  # heading level, when the label is a heading


def _star_label(line: str, lenient: bool) -> _Label | None:
    prefix = (_LENIENT_PREFIX if lenient else _STRICT_PREFIX).match(line)
    assert prefix is not None  # every part of the prefix is optional
    level = len(prefix.group("hashes")) if prefix.group("hashes") else None
    text = line[prefix.end() :]
    if level is not None:
        text = _CLOSING_HASHES.sub("", text)
    emphasis = _EMPHASIS.match(text.strip())
    if emphasis:
        match = _STAR_LABEL.match(emphasis.group("label").strip())
        tail = emphasis.group("tail").strip()
        rest = re.sub(r"^[:–—-][ \t]*", "", tail)
    else:
        match = _STAR_LABEL.match(text.strip())
        rest = (match.group("rest") or "") if match else ""
    if match is None:
        return None
    word = match.group("word").casefold().rstrip("s")
    letter = match.group("letter")
    if letter and letter.casefold() != word[0]:
        return None  # "A – Situation" is not a STAR label
    return _Label("star", word, rest.strip(), level)


def _classify(line: str, lenient: bool) -> _Label | None:
    """What a line labels, if it is set off as a label at all."""
    star = _star_label(line, lenient)
    if star is not None:
        return star
    stripped = line.strip()
    heading = re.match(r"^[ \t]{0,3}(#{1,6})[ \t]+(.*)$", line)
    level: int | None = None
    if heading:
        level = len(heading.group(1))
        text = _CLOSING_HASHES.sub("", heading.group(2)).strip()
        emphasis = _EMPHASIS.match(text)
        if emphasis and not emphasis.group("tail").strip():
            text = emphasis.group("label").strip()
        plain = _PLAIN_LABEL.match(text)
        label, rest = (plain.group("label"), plain.group("rest")) if plain else (text, "")
        if not label:
            return None
    elif (emphasis := _EMPHASIS.match(stripped)) is not None:
        label = emphasis.group("label").strip().rstrip(":").strip()
        rest = re.sub(r"^[:–—-][ \t]*", "", emphasis.group("tail").strip())
    elif (plain := _PLAIN_LABEL.match(stripped)) is not None and len(plain.group("label").split()) <= 6:
        label, rest = plain.group("label"), plain.group("rest")
    elif _BARE_COACHING.match(stripped):
        label, rest = stripped, ""  # "Tips" alone on a line
    else:
        return None
    label, rest = label.strip(), rest.strip()
    key = _key(label)
    if key in _QUESTION_LABELS:
        return _Label("question", label, rest, level)
    if key in _TITLE_LABELS:
        return _Label("title", label, rest, level)
    if key in _STORY_FIELDS:
        return _Label("field", _STORY_FIELDS[key], rest, level)
    if len(label.split()) <= 8 and _COACHING.search(label):
        return _Label("coaching", label, rest, level)
    if level is not None:
        whole = f"{label}: {rest}" if rest else label
        return _Label("heading", whole, "", level)
    return _Label("other", label, rest, level)


@dataclass
class _Section:
    role: str  # prose | star | question | title | field | coaching
    name: str
    line: int
    level: int | None = None
    body: list[str] = field(default_factory=list)

    def text(self) -> str:
        return "\n".join(self.body).strip("\n").strip()


def _next_is_list(lines: list[str], index: int) -> bool:
    # By index, not over a slice: copying the rest of the document for every
    # "Label:" line made a file of many such lines quadratic.
    for following in range(index + 1, len(lines)):
        if lines[following].strip():
            return bool(_BULLET.match(lines[following]))
    return False


def _sections(lines: list[str], lenient: bool) -> list[_Section]:
    """Split the document at its labels; text between labels belongs to the label above."""
    sections = [_Section("prose", "", 1)]
    in_fence = False
    seen_star = False
    have_title = False
    for index, line in enumerate(lines):
        current = sections[-1]
        if _FENCE.match(line):
            in_fence = not in_fence
        label = None if in_fence or _FENCE.match(line) else _classify(line, lenient)
        if label is None:
            current.body.append(line)
            continue
        role = label.role
        if role == "star":
            seen_star = True
        elif current.role == "star" and not _ends_star_section(label, current):
            current.body.append(line)
            continue
        elif role == "heading":
            role = "coaching"
            if not seen_star and label.name.endswith("?"):
                role = "question"
            elif not seen_star and not have_title:
                role = "title"
            label = _Label(role, label.name, label.name if role != "coaching" else "", label.level)
        elif role == "other":
            if label.rest or not _next_is_list(lines, index) or current.role == "star":
                current.body.append(line)
                continue
            role = "coaching"  # "Some label:" over a list, outside the story itself
        have_title = have_title or role == "title"
        section = _Section(role, label.name, index + 1, label.level)
        sections.append(section)
        if label.rest:
            section.body.append(label.rest)
            if role in ("title", "question"):
                # "Title: X" is one line; what follows is prose about the story.
                sections.append(_Section("prose", "", index + 2))
    return sections


def _ends_star_section(label: _Label, current: _Section) -> bool:
    if label.role == "other":
        return False  # "Key steps:" inside an Action stays in the Action
    if label.level is not None and current.level is not None:
        return label.level <= current.level  # sub-headings of a "## Action" are its own
    return True


def _lines(text: str) -> list[str]:
    # Callers normally pass decoded text (newlines already "\n"); pasted text may not be.
    return text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")


def detect(text: str, filename: str = "") -> int:
    """>= 18 when at least three of Situation/Task/Action/Result appear as labels."""
    head = "\n".join(_lines(text))
    if re.search(r"^<!--\s*(?:id|kind|tags|target)\s*:", head, re.MULTILINE) or (
        head.startswith("---\n") and re.search(r"^deck\s*:", head[:2000], re.MULTILINE)
    ):
        return 0  # FlashDeck's own deck file has "### Situation" field headings
    # A cheap look first, as detect runs on every document imported.
    words = {w.casefold().rstrip("s") for w in _WORD_AT_START.findall(head)}
    if len(words) < 3:
        return 0
    found: set[str] = set()
    in_fence = False
    for line in head.split("\n"):
        if _FENCE.match(line):
            in_fence = not in_fence
            continue
        if not in_fence and (label := _star_label(line, False)) is not None:
            found.add(label.name)
    if len(found) >= 3:
        return 18 + (len(found) == 4)
    # A story written as a bullet list is read only when all four parts are there.
    if len(words) < 4:
        return 0
    lenient = {s.name for s in _sections(head.split("\n"), lenient=True) if s.role == "star"}
    return 18 if len(lenient) == 4 else 0


def title_from_question(question: str) -> str:
    """A short title from an interview question: "Tell me about a time you X?" → "X"."""
    text = " ".join(question.split()).rstrip("?.!")
    short = _QUESTION_LEAD.sub("", text, count=1).strip() or text
    if short != text:
        # The title is the candidate's own story: "with your manager" → "with my manager".
        short = re.sub(r"\byour\b", "my", re.sub(r"\byourself\b", "myself", short))
    words = short.split()
    if len(words) > 8:
        short = " ".join(words[:8]) + "…"
    return short[:1].upper() + short[1:]


def _first_label_line(sections: list[_Section]) -> int:
    return next((s.line for s in sections if s.role == "star"), 1)


def _check_star(sections: list[_Section], source: str) -> dict[str, _Section]:
    parts: dict[str, _Section] = {}
    for section in sections:
        if section.role != "star":
            continue
        if section.name in parts:
            raise ImportFormatError(
                f"a second {section.name.capitalize()} (the first is at line "
                f"{parts[section.name].line}); this format reads one story per document",
                source=source,
                line=section.line,
            )
        parts[section.name] = section
    missing = [name.capitalize() for name in _STAR_ORDER if name not in parts]
    if missing:
        if not parts:
            raise ImportFormatError(
                "no Situation, Task, Action or Result labels (expected e.g. 'Situation:' at a line start)",
                source=source,
                line=1,
            )
        found = ", ".join(n.capitalize() for n in _STAR_ORDER if n in parts)
        raise ImportFormatError(
            f"the story starting here has no {' or '.join(missing)} label (found {found})",
            source=source,
            line=_first_label_line(sections),
        )
    for name in _STAR_ORDER:
        if not parts[name].text():
            raise ImportFormatError(f"{name.capitalize()} has no text", source=source, line=parts[name].line)
    return parts


def _first_paragraph(text: str) -> tuple[str, str]:
    first, _, more = text.partition("\n\n")
    return first.strip(), more.strip()


def _one_line(text: str) -> str:
    return " ".join(text.split())


def parse(text: str, source: str = "<star>") -> ParseResult:
    """One story note plus a concept note per coaching list; errors name the line."""
    lines = _lines(text)
    sections = _sections(lines, lenient=False)
    if {s.name for s in sections if s.role == "star"} != set(_STAR_ORDER):
        lenient = _sections(lines, lenient=True)
        if {s.name for s in lenient if s.role == "star"} == set(_STAR_ORDER):
            sections = lenient
    parts = _check_star(sections, source)
    warnings: list[str] = []

    for section in list(sections):
        if section.role in ("question", "title"):
            # Only the first paragraph under "## Question" is the question;
            # any more is prose about the story, kept in its notes.
            head, more = _first_paragraph(section.text())
            section.body = [head]
            sections.append(_Section("prose", "", section.line, body=[more]))
    sections.sort(key=lambda s: s.line)
    question = next((_one_line(s.text()) for s in sections if s.role == "question" and s.text()), "")
    question_line = next((s.line for s in sections if s.role == "question"), None)
    prose = [s for s in sections if s.role == "prose" and s.text()]
    if not question and prose:
        # A first line ending in "?" is the question the story answers.
        first = prose[0]
        for offset, line in enumerate(first.body):
            if line.strip():
                if line.strip().endswith("?") and not _BULLET.match(line):
                    question = _one_line(line)
                    question_line = first.line + offset
                    first.body = first.body[offset + 1 :]
                break
    title = next((_one_line(s.text()) for s in sections if s.role == "title" and s.text()), "")
    title = title or (title_from_question(question) if question else "") or "STAR story"

    fields = {name: parts[name].text() for name in _STAR_ORDER}
    fields["title"] = title
    extra: dict[str, list[str]] = {}
    if question:
        extra.setdefault("use_for", []).append(f"- {question}")
    for section in sections:
        if section.role == "field" and section.text():
            extra.setdefault(section.name, []).append(section.text())
        elif section.role == "prose" and section.text():
            extra.setdefault("notes", []).append(section.text())
    for name, chunks in extra.items():
        fields[name] = "\n\n".join(chunks) if name != "use_for" else "\n".join(chunks)

    starts = [s.line for s in sections if s.role in ("star", "title")]
    story_line = min([*starts, *([question_line] if question_line else [])])
    notes = [NoteDraft(kind="story", fields=fields, line=story_line)]
    terms: dict[str, int] = {}
    for section in sections:
        if section.role != "coaching":
            continue
        body = section.text()
        label = section.name.strip().rstrip(":").strip() or "Coaching"
        if not body:
            warnings.append(f"{source}:{section.line}: {label!r} has no text under it; not imported")
            continue
        term = f"{label} — {title}"
        terms[term] = terms.get(term, 0) + 1
        if terms[term] > 1:
            term = f"{term} ({terms[term]})"
        notes.append(NoteDraft(kind="concept", fields={"term": term, "definition": body}, line=section.line))
    return ParseResult(format=NAME, notes=notes, warnings=warnings)
