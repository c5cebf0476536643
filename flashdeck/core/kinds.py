"""Note kinds: their fields, their card templates and their speaking targets.

A kind is to FlashDeck what a note type is to Anki. Each kind lists its named
fields (the first is the title), and one or more card templates; a card is
generated for a template when the fields it needs are filled in. Spoken cards
carry a default target window in seconds, which decks and notes may override.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property

from flashdeck.core.errors import InvalidInput

__all__ = [
    "KINDS",
    "CardTemplate",
    "FieldSpec",
    "NoteKind",
    "asked_question",
    "default_target",
    "format_window",
    "kind_by_name",
    "parse_window",
]

Target = tuple[int, int]


@dataclass(frozen=True)
class FieldSpec:
    name: str
    label: str


@dataclass(frozen=True)
class CardTemplate:
    """One prompt generated from a note.

    ``front`` is a Markdown format string over the note's fields; ``back``
    lists the fields shown (under their labels) once the answer is revealed.
    ``requires`` are the fields that must be non-empty for the card to exist;
    the first template needs only the title, so every note has at least one card.
    ``asks`` is a field whose first line, when filled, is the interview question
    the prompt answers: shown under the front (a story told for a question).
    """

    name: str
    front: str
    back: tuple[str, ...]
    requires: tuple[str, ...]
    spoken: bool = False
    asks: str | None = None


@dataclass(frozen=True)
class NoteKind:
    name: str
    label: str
    fields: tuple[FieldSpec, ...]
    templates: tuple[CardTemplate, ...]
    target: Target | None = None
    target_rule: Callable[[Mapping[str, str]], Target | None] | None = None
    # (tag, field, label): a note with that tag shows that field under that label. One kind holds notes
    # of several roles (a competency guide's signals, pitfalls, framings…): "Definition" over a signal's
    # reason ("why it matters") was wrong. The importers tag each note with its role.
    role_labels: tuple[tuple[str, str, str], ...] = ()

    @cached_property
    def title_field(self) -> str:
        return self.fields[0].name

    @cached_property
    def field_names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)

    def label_of(self, field_name: str) -> str:
        for spec in self.fields:
            if spec.name == field_name:
                return spec.label
        return field_name

    def label_for(self, field_name: str, tags: Iterable[str] = ()) -> str:
        """The heading a card shows over ``field_name`` of a note with ``tags``."""
        tags = set(tags)
        for tag, name, label in self.role_labels:
            if name == field_name and tag in tags:
                return label
        return self.label_of(field_name)

    def field_for_label(self, label: str) -> str | None:
        """The field a heading names, by label or name, ignoring case and punctuation."""
        wanted = _label_key(label)
        for spec in self.fields:
            if wanted in (_label_key(spec.label), _label_key(spec.name)):
                return spec.name
        return None

    def templates_for(self, fields: Mapping[str, str]) -> list[tuple[int, CardTemplate]]:
        """(ordinal, template) for every card this note's fields produce."""
        out = []
        for ordinal, tpl in enumerate(self.templates):
            for name in tpl.requires:
                value = fields.get(name)
                if not value or value.isspace():
                    break
            else:
                out.append((ordinal, tpl))
        return out


def _label_key(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", text.casefold())


def _f(name: str, label: str) -> FieldSpec:
    return FieldSpec(name, label)


def _question_target(fields: Mapping[str, str]) -> Target | None:
    category = fields.get("category", "").casefold()
    if "coding" in category or "design" in category:
        return None  # worked at a whiteboard, not told against a clock
    return (120, 180)


def _pitch_target(fields: Mapping[str, str]) -> Target | None:
    label = fields.get("label", "").casefold()
    if re.search(r"\b30[- ]?s(ec(ond)?s?)?\b|\b30\b", label):
        return (25, 35)
    if re.search(r"\b2[- ]?min(ute)?s?\b|\btwo[- ]minute", label):
        return (105, 135)
    if re.search(r"\b60[- ]?s(ec(ond)?s?)?\b|\b1[- ]?min(ute)?\b|one[- ]minute", label):
        return (50, 70)
    return (45, 90)


KINDS: dict[str, NoteKind] = {
    k.name: k
    for k in (
        NoteKind(
            "basic",
            "Basic",
            (_f("front", "Front"), _f("back", "Back")),
            (CardTemplate("Recall", "{front}", ("back",), ("front",)),),
        ),
        NoteKind(
            "story",
            "Story",
            (
                _f("title", "Title"),
                _f("anchor", "Anchor"),
                _f("values", "Values"),
                _f("use_for", "Use for"),
                _f("situation", "Situation"),
                _f("task", "Task"),
                _f("action", "Action"),
                _f("result", "Result"),
                _f("follow_ups", "Follow-ups"),
                _f("checklist", "Checklist"),
                _f("answers", "Answers"),
                _f("notes", "Notes"),
            ),
            (
                CardTemplate(
                    "Tell the story",
                    "**Tell the story:** {title}",
                    # The checklist (a rubric's points) and the notes (its "avoid" list, prose beside the
                    # story) are studied with the story: no other card shows them.
                    ("situation", "task", "action", "result", "anchor", "checklist", "notes"),
                    ("title",),
                    spoken=True,
                    asks="answers",
                ),
                CardTemplate(
                    "Which story",
                    "**Which story answers:** {use_for}",
                    ("title", "anchor"),
                    ("title", "use_for"),
                ),
                CardTemplate(
                    "Result metric",
                    "**What is the result metric of:** {title}",
                    ("anchor", "result"),
                    ("title", "anchor"),
                ),
            ),
            target=(120, 180),
        ),
        NoteKind(
            "question",
            "Question",
            (
                _f("prompt", "Prompt"),
                _f("category", "Category"),
                _f("asking", "What they're really asking"),
                _f("great", "What great looks like"),
                _f("red_flags", "Red flags"),
                _f("prep", "Your prep"),
                _f("practice", "Practice prompt"),
                _f("notes", "Notes"),
            ),
            (
                CardTemplate(
                    "Answer",
                    "**Answer this question:** {prompt}",
                    ("asking", "great", "red_flags", "prep", "notes"),
                    ("prompt",),
                    spoken=True,
                ),
            ),
            target_rule=_question_target,
        ),
        NoteKind(
            "curveball",
            "Curveball",
            (
                _f("prompt", "Prompt"),
                _f("why", "Why they ask"),
                _f("framework", "Framework"),
                _f("warning", "Warning"),
            ),
            (
                CardTemplate(
                    "Handle",
                    "**Handle this curveball:** {prompt}",
                    ("why", "framework", "warning"),
                    ("prompt",),
                    spoken=True,
                ),
            ),
            target=(90, 150),
        ),
        NoteKind(
            "pitch",
            "Pitch",
            (_f("label", "Label"), _f("text", "Text"), _f("beats", "Beats"), _f("tip", "Tip")),
            (
                CardTemplate(
                    "Give the pitch",
                    "**Give your pitch:** {label}",
                    ("text", "beats", "tip"),
                    ("label",),
                    spoken=True,
                ),
            ),
            target_rule=_pitch_target,
        ),
        NoteKind(
            "bridge",
            "Bridge",
            (
                _f("gap", "Gap"),
                _f("why", "Why they probe"),
                _f("script", "Script"),
                _f("verify", "Verify"),
            ),
            (
                CardTemplate(
                    "Bridge the gap",
                    "**Bridge this gap:** {gap}",
                    ("why", "script", "verify"),
                    ("gap",),
                    spoken=True,
                ),
            ),
            target=(60, 120),
        ),
        NoteKind(
            "concept",
            "Concept",
            (_f("term", "Term"), _f("definition", "Definition"), _f("details", "Details")),
            (
                CardTemplate(
                    "Recall",
                    "**Explain:** {term}",
                    ("definition", "details"),
                    ("term",),
                ),
            ),
            role_labels=tuple((tag, "definition", label) for tag, label in (
                ("signal", "Why it matters"),
                ("pitfall", "Why it hurts"),
                ("red-flags", "Red flags"),
                ("what-it-is-not", "What it is not"),
                ("keywords", "Keywords"),
                ("do-not-confuse", "The difference"),
                ("framing", "How they frame it"),
                ("level", "What is expected"),
                ("prep", "How to prepare"),
                ("story-idea", "What the story shows"),
                ("stories-to-avoid", "Stories to avoid"),
                ("talking-point", "Facts and examples"),
            )),
        ),
        NoteKind(
            "probe",
            "Probe",
            (_f("question", "Question"), _f("weak", "Weak answer"), _f("strong", "Strong answer")),
            (
                CardTemplate(
                    "Strong answer",
                    "**Give the strong answer:** {question}",
                    ("strong", "weak"),
                    ("question",),
                    spoken=True,
                ),
            ),
            target=(30, 90),
        ),
        NoteKind(
            "ask",
            "Question to ask",
            (_f("question", "Question"), _f("interviewer", "Interviewer"), _f("why", "Why it works")),
            (
                CardTemplate(
                    "Recall",
                    "**What would you ask?** {interviewer}",
                    ("question", "why"),
                    ("question",),
                ),
            ),
        ),
        NoteKind(
            "beats",
            "Beats",
            (_f("title", "Title"), _f("beats", "Beats"), _f("notes", "Notes")),
            (
                CardTemplate(
                    "Recall in order",
                    "**Recall the beats in order:** {title}",
                    ("beats", "notes"),
                    ("title",),
                ),
            ),
        ),
    )
}


def kind_by_name(name: str) -> NoteKind:
    try:
        return KINDS[name]
    except KeyError:
        raise InvalidInput(f"unknown note kind {name!r} (known: {', '.join(KINDS)})") from None


def asked_question(kind: str, ordinal: int, fields: Mapping[str, str]) -> str:
    """The interview question card ``ordinal`` of a note answers, if the note says ("" otherwise)."""
    spec = kind_by_name(kind)
    if not 0 <= ordinal < len(spec.templates):
        return ""
    name = spec.templates[ordinal].asks
    value = fields.get(name, "") if name else ""
    first = next((line.strip() for line in value.splitlines() if line.strip()), "")
    return re.sub(r"^(?:[-*+]|\d+[.)])\s+", "", first)


def default_target(kind: str, fields: Mapping[str, str]) -> Target | None:
    """The speaking window a note of ``kind`` gets unless its deck or itself says otherwise."""
    spec = kind_by_name(kind)
    if spec.target_rule is not None:
        return spec.target_rule(fields)
    return spec.target


_WINDOW = re.compile(r"^\s*(\d+(?::\d{1,2})?)\s*(?:-|–|—|to)\s*(\d+(?::\d{1,2})?)\s*$")


def _seconds(text: str) -> int:
    if ":" in text:
        minutes, seconds = text.split(":")
        return int(minutes) * 60 + int(seconds)
    return int(text)


def parse_window(text: str) -> Target:
    """``"2:00-3:00"`` → ``(120, 180)``; bare numbers are seconds (``"25-35"``)."""
    match = _WINDOW.match(text)
    if not match:
        raise InvalidInput(f"not a time window: {text!r} (expected like 2:00-3:00)")
    low, high = _seconds(match.group(1)), _seconds(match.group(2))
    if low > high:
        raise InvalidInput(f"time window ends before it starts: {text!r}")
    return (low, high)


def format_window(window: Target) -> str:
    low, high = window
    return f"{low // 60}:{low % 60:02d}-{high // 60}:{high % 60:02d}"
