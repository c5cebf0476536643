"""The words people label their prep material with, matched loosely.

One place for the vocabulary the parsers of hand-written material share: STAR
labels in every common spelling, question and answer labels, the parts of a
coaching rubric, the headings of a pitch, and questions themselves (with or
without a question mark). :func:`label_key` reduces a label to compare it:
case, emoji, emphasis, apostrophes, "they're"/"they are", trailing colons and
badge words such as ``VERIFY`` or ``(draft)`` do not matter.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = [
    "ANSWER_LABELS",
    "QUESTION_LABELS",
    "STAR_ORDER",
    "StarLabel",
    "coaching_kind",
    "is_question",
    "label_key",
    "pitch_heading",
    "star_label",
    "story_field",
]

STAR_ORDER = ("situation", "task", "action", "result")

_CONTRACTIONS = (
    (re.compile(r"\b(they|you|we)\s+are\b"), r"\1re"),
    (re.compile(r"\b(do|does|did|is|are|should)\s+not\b"), r"\1nt"),
    (re.compile(r"\bi\s+am\b"), "im"),
    (re.compile(r"\bwhat\s+is\b"), "whats"),
)
_BADGES = re.compile(
    r"(?:\s*(?:\((?:[^()]{0,30})\)|\[(?:[^\[\]]{0,30})\]|\b(?:verify|verified|draft|from resume|you fill in|"
    r"anchor here|optional|todo|tbd|required)\b))+\s*$"
)


@lru_cache(maxsize=8192)
def label_key(text: str) -> str:
    """A label reduced for matching.

    ``"🔗 **What They Are Really Asking** (verify):"`` → ``"what theyre really asking"``.
    """
    text = unicodedata.normalize("NFKC", text).casefold()
    text = text.replace("’", "'").replace("‘", "'").replace("`", "'")
    text = re.sub(r"[*_#>]+", " ", text)
    text = text.replace("'", "")
    for pattern, replacement in _CONTRACTIONS:
        text = pattern.sub(replacement, text)
    text = re.sub(r"[^\w\s()\[\]&+/-]", " ", text)  # emoji, quotes, colons, dashes used as separators
    text = " ".join(text.split())
    previous = None
    while previous != text:
        previous, text = text, _BADGES.sub("", text).strip(" -/")
    return " ".join(re.sub(r"[()\[\]]", " ", text).split())


# -- STAR --------------------------------------------------------------------------------------------

_SEPARATOR = r"(?:[ \t]*[:.)|][ \t]*|[ \t]+[-–—][ \t]*|[ \t]*[–—][ \t]*)"
_STAR_WORD = re.compile(
    r"^(?:\(?(?P<letter>[star])\)?[ \t]*[-–—:.)|/][ \t]*)?"
    r"(?P<word>situation|context|tasks?|actions?|results?|outcome)"
    r"(?:[ \t]*\((?P<paren>[^)\n]{0,40})\))?"  # "Situation (verify)", "Result (with numbers)"
    rf"(?:{_SEPARATOR}(?P<rest>.*)|[ \t]*)$",
    re.IGNORECASE | re.DOTALL,
)
_STAR_LETTER = re.compile(rf"^\(?(?P<letter>[STAR])\)?(?:{_SEPARATOR}(?P<rest>.*)|[ \t]*)$", re.DOTALL)
_WORDS = {"situation": "situation", "context": "situation", "task": "task", "action": "action",
          "result": "result", "outcome": "result"}


class StarLabel:
    """A STAR label found at the start of a text: the part, the text after it, and how it was written."""

    __slots__ = ("letter_only", "part", "rest")

    def __init__(self, part: str, rest: str, letter_only: bool) -> None:
        self.part, self.rest, self.letter_only = part, rest, letter_only

    def __repr__(self) -> str:
        return f"StarLabel({self.part!r}, {self.rest!r}, letter_only={self.letter_only})"


@lru_cache(maxsize=16384)
def star_label(text: str, *, letters: bool = True) -> StarLabel | None:
    """``"S – Situation: …"``, ``"**Task**"``, ``"situation - …"``, ``"(R) …"``, ``"Result (verify)"`` → the part.

    ``letters``: also read a lone letter (``"S: …"``, ``"(A)"``); the caller
    decides whether the document uses them (a Q/A sheet's ``A:`` is an answer).
    """
    stripped = text.strip()
    bold = re.match(r"^(\*\*|__)(?P<inner>[^*_\n]{1,60}?)\1(?P<tail>.*)$", stripped, re.DOTALL)
    if bold:
        inner = bold.group("inner").strip()
        tail = re.sub(r"^[ \t]*[:–—-][ \t]*", "", bold.group("tail")).strip()
        stripped = f"{inner.rstrip(':').strip()}: {tail}" if tail else inner.rstrip(":").strip()
    match = _STAR_WORD.match(stripped)
    if match:
        word = match.group("word").casefold().rstrip("s")
        part = _WORDS[word]
        letter = match.group("letter")
        if letter and letter.casefold() != part[0]:
            return None  # "A – Situation" is not a STAR label
        paren = match.group("paren")
        if paren and len(paren.split()) > 4:
            return None
        return StarLabel(part, (match.group("rest") or "").strip(), False)
    if letters and (match := _STAR_LETTER.match(stripped)):
        part = {"S": "situation", "T": "task", "A": "action", "R": "result"}[match.group("letter")]
        return StarLabel(part, (match.group("rest") or "").strip(), True)
    return None


# -- labels of the other parts -------------------------------------------------------------------------

QUESTION_LABELS = frozenset({
    "q", "question", "questions", "interview question", "prompt", "the question", "sample question",
    "likely question", "asked", "they ask", "question asked",
})
ANSWER_LABELS = frozenset({
    "a", "answer", "my answer", "response", "suggested answer", "sample answer", "how i would answer",
    "how id answer", "talking points", "key points to say",
})
_NUMBERED_Q = re.compile(r"^q(?:uestion)?\s*\d{1,3}$")
_NUMBERED_A = re.compile(r"^a(?:nswer)?\s*\d{1,3}$")

_STORY_FIELDS = {
    "title": "title", "story": "title", "story title": "title", "name": "title", "story name": "title",
    "anchor": "anchor", "metric": "anchor", "key metric": "anchor", "resume anchor": "anchor",
    "headline number": "anchor", "impact": "anchor",
    "values": "values", "value": "values", "competencies": "values", "competency": "values",
    "leadership principle": "values", "leadership principles": "values",
    "use for": "use_for", "use this story for": "use_for", "good for": "use_for", "answers questions": "use_for",
    "follow ups": "follow_ups", "follow up questions": "follow_ups", "likely follow ups": "follow_ups",
    "follow up": "follow_ups", "followups": "follow_ups", "probing questions": "follow_ups",
    "checklist": "checklist", "notes": "notes", "learnings": "notes", "lessons learned": "notes",
    "what i learned": "notes", "reflection": "notes",
}


def question_or_answer(label: str) -> str | None:
    """``"Q"``/``"Question 3"`` → ``"q"``; ``"A"``/``"My answer"`` → ``"a"``; anything else ``None``."""
    key = label_key(label)
    if key in QUESTION_LABELS or _NUMBERED_Q.match(key):
        return "q"
    if key in ANSWER_LABELS or _NUMBERED_A.match(key):
        return "a"
    return None


def story_field(label: str) -> str | None:
    """The story field a label names (``"Follow-up questions"`` → ``follow_ups``), if any."""
    return _STORY_FIELDS.get(label_key(label).replace("-", " "))


# Coaching labels, matched at the start of a label only: "Owning a production mistake" or
# "Demonstrating ownership" are titles, not coaching.
_CHECKLIST = re.compile(
    r"^(?:what to (?:showcase|highlight|include|show|say|emphasi[sz]e|demonstrate|hit)|showcase(?: points)?|"
    r"highlights?|key points(?: to (?:hit|make|cover))?|points to (?:hit|cover|make)|must[- ]hit|"
    r"what (?:they|interviewers?|the interviewer|hiring managers?)(?:re| are| is)? (?:look(?:ing)?|listen(?:ing)?)"
    r" for|what (?:a )?great(?: answers?)? (?:looks? like|answers|includes?)|signals(?: to (?:show|send))?|rubric|"
    r"scoring(?: rubric)?|strong answers? (?:show|include)s?|make sure(?: to)?|checklist)\b"
)
_AVOID = re.compile(
    r"^(?:what (?:to|not to) avoid|what not to (?:do|say)|avoid|things to avoid|donts?|do nots?|dont|"
    r"(?:common )?(?:mistakes|pitfalls)(?: to avoid)?|red flags?|anti ?patterns?|watch out(?: for)?|traps?|"
    r"never)\b"
)
_TIPS = re.compile(
    r"^(?:(?:delivery |quick )?tips?|remember|coach(?:ing)?(?: notes| tips)?|advice|reminders?|how to tell it|"
    r"dos and donts|dos|notes to self|guidance)\b"
)


@lru_cache(maxsize=8192)
def coaching_kind(label: str) -> str | None:
    """What a coaching label heads: ``checklist`` (points to showcase), ``avoid`` or ``tips``."""
    key = label_key(label).replace("-", " ")
    if len(key.split()) > 8:
        return None
    if _TIPS.match(key):
        return "tips"
    if _AVOID.match(key):
        return "avoid"
    if _CHECKLIST.match(key):
        return "checklist"
    return None


# -- questions and pitches -------------------------------------------------------------------------

_QUESTION_LEAD = re.compile(
    r"^(?:\d{1,3}[.)]\s*)?(?:(?:can|could|would)\s+you\s+)?(?:please\s+)?"
    r"(?:tell\s+(?:me|us)\s+about|describe|give\s+(?:me\s+|us\s+)?(?:an?\s+)?examples?|walk\s+(?:me|us)\s+through|"
    r"talk\s+(?:me|us)\s+through|share\s+(?:a|an|the)|explain|how\s+(?:do|did|would|will|have|should)\s+you|"
    r"what\s+(?:would|did|do|is|are|was|were|have)\s+(?:you|your)|why\s+(?:do|did|should|would|are|have)\s+you|"
    r"why\s+(?:this|our|us|here)|have\s+you\s+ever|when\s+(?:have|did)\s+you|where\s+do\s+you\s+see|"
    r"what\s+(?:motivates|excites|interests|drives)\s+you|what\s+makes\s+you)\b",
    re.IGNORECASE,
)


@lru_cache(maxsize=8192)
def is_question(text: str) -> bool:
    """A question as people write them: ending in "?", or a prompt such as "Tell me about a time … ."."""
    clean = plain(text).strip().strip("\"“”'").strip()
    if not clean or len(clean.split()) > 45:
        return False
    if clean.rstrip("*_ )\"”").endswith(("?", "？", "؟")):
        return True
    return bool(_QUESTION_LEAD.match(clean))


def plain(text: str) -> str:
    text = text.strip()
    for mark in ("**", "__"):
        if text.startswith(mark) and text.endswith(mark) and len(text) > 4:
            return text[2:-2]
    return text


_PITCH = re.compile(
    r"^(?:my\s+|the\s+|your\s+)?(?:"
    r"tell\s+(?:me|us)\s+about\s+yourself|introduce\s+yourself|(?:self[- ])?introduction|intro|about\s+me|"
    r"walk\s+(?:me|us)\s+through\s+your\s+(?:resume|cv|background|career)|elevator\s+pitch|pitch|"
    r"(?:\d+|thirty|sixty|one|two|three)[- ]?(?:seconds?|secs?|s|minutes?|mins?)\s+(?:pitch|intro|version|story)|"
    r"why\s+(?:do\s+you\s+want\s+to\s+(?:work\s+)?(?:here|at\s+\S+(?:\s+\S+)?|join\s+\S+(?:\s+\S+)?)|"
    r"(?:this|the|our)\s+(?:company|role|team|job|position|opportunity)|us|here)|"
    r"what\s+(?:excites|attracts|draws)\s+you\s+(?:about|to)\s+.{1,40}"
    r")\??(?:\s*[-–—:]?\s*(?:talking\s+points|pitch|answer|notes))?\s*[?:.]?$",
    re.IGNORECASE,
)
# "Why Acme?" / "Why Google Cloud": a company's name, so case matters here.
_WHY_NAME = re.compile(
    r"^[Ww]hy\s+[A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*)?\??(?:\s*[-–—:]?\s*(?:talking\s+points|pitch))?\s*[?:.]?$")


@lru_cache(maxsize=4096)
def pitch_heading(text: str) -> bool:
    """A heading over a pitch: "Tell me about yourself", "Why this company?", "Why Acme", "30-second pitch"."""
    clean = " ".join(plain(text).replace("’", "'").strip().strip("\"“”").split())
    if len(clean.split()) > 10:
        return False
    return bool(_PITCH.match(clean) or _WHY_NAME.match(clean))
