"""Delivery feedback from a transcript: pace, fillers, "I" versus "we", numbers, coverage, a suggested grade.

Pure text analysis over what the recogniser heard (lower-case words, no
punctuation), so it is tested with plain strings. The audio side (voice
activity, transcription) lives in ``flashdeck.analysis``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from flashdeck.core.coverage import CoveragePoint, coverage, coverage_fraction, point_terms
from flashdeck.core.rehearsal import beat_lines, zone_for

__all__ = [
    "CoveragePoint",
    "GradeSuggestion",
    "count_fillers",
    "coverage",
    "coverage_fraction",
    "find_numbers",
    "i_we_counts",
    "keywords",
    "lexical_words",
    "suggest_grade",
    "talking_points",
    "tokenize",
    "words_per_minute",
]

_TOKEN = re.compile(r"[$£€]?\d+(?:[.,]\d+)*(?:%|x\b|k\b|ms\b)?|[a-z]+(?:'[a-z]+)?", re.IGNORECASE)
keywords = point_terms  # the terms coverage looks for in a talking point


def tokenize(text: str) -> list[str]:
    """Lower-case word tokens; numbers keep their ``$``/``%``/``x``/``ms`` marks (``"$1,200"``, ``"30%"``)."""
    return [t.casefold() for t in _TOKEN.findall(text)]


def _word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


# -- fillers --------------------------------------------------------------------------------------

SOUND_FILLERS = frozenset({"um", "umm", "uh", "uhm", "er", "erm", "hmm", "mm"})
# "like" is a filler only when it is not a verb or a comparison. Without punctuation or
# grammar the word before it is the best cheap clue: after a subject, an auxiliary or a
# verb of perception ("I like", "would like", "looks like") it is meant; after anything
# else ("it was like a big change", "and like we") it is counted. This misses some fillers
# and counts some similes; the count is a nudge for the speaker, not a verdict.
_LIKE_MEANT_AFTER = _word_set(
    "i you we they he she it's who would i'd we'd you'd they'd do don't did didn't does doesn't "
    "to really also might may will just look looks looked looking sound sounds sounded feel feels "
    "felt feeling seem seems seemed something anything nothing everything things stuff more much "
    "exactly very most people someone somebody anyone be")
# "you know" is meant when it asks or reports knowing: "do you know", "if you know",
# "you know how/why/what/that …".
_YOU_KNOW_MEANT_AFTER = _word_set(
    "do did does don't didn't if as would will could should whether that what may might let "
    "when how because")
_YOU_KNOW_MEANT_BEFORE = _word_set("how why what where when who whether if that which him her them it")


def count_fillers(tokens: Sequence[str]) -> Counter[str]:
    """Filler counts by kind: ``um``, ``uh``, ``er`` (sounds), ``like`` and ``you know`` (filler uses only)."""
    counts: Counter[str] = Counter()
    for i, token in enumerate(tokens):
        prev = tokens[i - 1] if i > 0 else ""
        nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
        if token in SOUND_FILLERS:
            counts[{"umm": "um", "uhm": "um", "erm": "er", "mm": "hmm"}.get(token, token)] += 1
        elif token == "like" and prev not in _LIKE_MEANT_AFTER:
            counts["like"] += 1
        elif (token == "you" and nxt == "know" and prev not in _YOU_KNOW_MEANT_AFTER
              and (tokens[i + 2] if i + 2 < len(tokens) else "") not in _YOU_KNOW_MEANT_BEFORE):
            counts["you know"] += 1
    return counts


# -- words, pace, pronouns --------------------------------------------------------------------------

_I_FORMS = frozenset({"i", "i'm", "i've", "i'd", "i'll"})
_WE_FORMS = frozenset({"we", "we're", "we've", "we'd", "we'll"})


def i_we_counts(tokens: Sequence[str]) -> tuple[int, int]:
    """How often the speaker said "I" and "we" (contractions included: "I'm", "we've")."""
    return sum(t in _I_FORMS for t in tokens), sum(t in _WE_FORMS for t in tokens)


def lexical_words(tokens: Sequence[str]) -> list[str]:
    """The words that carry content: sound fillers (um, uh, er) removed."""
    return [t for t in tokens if t not in SOUND_FILLERS]


def words_per_minute(words: int, seconds: float) -> float:
    """Words over the whole attempt, pauses included: the pace a listener hears."""
    return 0.0 if seconds <= 0 else words * 60.0 / seconds


# -- numbers and metrics ----------------------------------------------------------------------------

_NUMBER_WORDS = _word_set(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety "
    "hundred thousand million billion trillion half dozen twice double triple")
_SCALE_WORDS = _word_set("hundred thousand million billion trillion")
_NUMBER_GLUE = frozenset({"and", "point", "a"})  # "one hundred and five", "two point five", "a hundred"
UNITS = _word_set(
    "percent percentage x times fold dollars dollar euros pounds k ms millisecond milliseconds second "
    "seconds minute minutes hour hours day days week weeks month months quarter quarters year years "
    "users customers people engineers requests orders points basis downloads installs items features "
    "patients star stars calls tickets teams")


def find_numbers(tokens: Sequence[str]) -> list[str]:
    """Numbers and metrics spoken, as phrases: ``["twelve percent", "300ms", "$1,200", "two days"]``.

    A run of number words (with "and"/"point" inside) is one number; a unit word
    right after it joins it. A lone "one" without a unit ("the first one") is a
    pronoun, not a number.
    """
    out: list[str] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token[0].isdigit() or token[0] in "$£€":
            phrase = [token]
            # "2 million requests", "$1.5 billion": the recogniser writes digits, the scale as a word.
            while i + 1 < len(tokens) and tokens[i + 1] in _SCALE_WORDS:
                phrase.append(tokens[i + 1])
                i += 1
            if i + 1 < len(tokens) and tokens[i + 1] in UNITS:
                phrase.append(tokens[i + 1])
                i += 1
            out.append(" ".join(phrase))
            i += 1
            continue
        if token not in _NUMBER_WORDS:
            i += 1
            continue
        j = i + 1
        while j < len(tokens) and (tokens[j] in _NUMBER_WORDS or (
                tokens[j] in _NUMBER_GLUE and j + 1 < len(tokens) and tokens[j + 1] in _NUMBER_WORDS)):
            j += 1
        phrase = list(tokens[i:j])
        has_unit = j < len(tokens) and tokens[j] in UNITS
        if has_unit:
            phrase.append(tokens[j])
            j += 1
        if phrase != ["one"]:
            out.append(" ".join(phrase))
        i = j
    return out


# -- coverage (flashdeck.core.coverage) ------------------------------------------------------------

_POINT_FIELDS: Mapping[str, tuple[str, ...]] = {
    "question": ("great", "prep"),
    "curveball": ("framework",),
    "pitch": ("beats",),
    "bridge": ("script",),
    "probe": ("strong",),
    "beats": ("beats",),
}


def talking_points(kind: str, fields: Mapping[str, str]) -> list[tuple[str, str]]:
    """The ``(label, text)`` points an answer to a note should cover.

    A story: its four STAR fields, labelled by beat. Other spoken kinds: the
    lines of their guidance fields (a pitch without beats: its sentences).
    """
    if kind == "story":
        return [(beat, fields[name]) for beat, name in
                (("Situation", "situation"), ("Task", "task"), ("Action", "action"), ("Result", "result"))
                if fields.get(name, "").strip()]
    points: list[tuple[str, str]] = []
    for name in _POINT_FIELDS.get(kind, ()):
        points.extend((line, line) for line in beat_lines(fields.get(name, "")))
    if kind == "pitch" and not points:
        sentences = re.split(r"(?<=[.!?])\s+", fields.get("text", "").strip())
        points = [(s, s) for s in sentences if s]
    return points


# -- the suggested grade ------------------------------------------------------------------------------


@dataclass(frozen=True)
class GradeSuggestion:
    """A grade (1 Again … 4 Easy) the delivery suggests, with its reasons. Shown, never applied."""

    grade: int
    reasons: tuple[str, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict[str, Any]:
        return {"grade": self.grade, "reasons": list(self.reasons)}


FILLERS_PER_MIN_OK = 3.0
FILLERS_PER_MIN_MANY = 8.0


def suggest_grade(duration_s: float, words: int, *, target: tuple[int, int] | None = None,
                  coverage: float | None = None, fillers: int = 0,
                  longest_pause_s: float = 0.0, missed: Sequence[str] = ()) -> GradeSuggestion:
    """Suggest a recall grade from how the answer was delivered.

    Rules (each can only lower the grade from Easy):

    - nothing said (under 10 words) → Again;
    - coverage under 40 % → Again; under 70 % → Hard; under 90 % → at most Good;
    - outside the target window by more than a quarter of it → Hard; outside at all → at most Good;
    - more than 8 fillers a minute → Hard; more than 3 → at most Good;
    - a pause over 3 s → at most Good.

    ``missed`` names the points not covered, so the reason says which ("missed: Result").
    """
    if words < 10:
        return GradeSuggestion(1, ("hardly anything was said",))
    grade, reasons = 4, []

    def cap(value: int, reason: str) -> None:
        nonlocal grade
        if value < grade:
            grade = value
        reasons.append(reason)

    if coverage is not None:
        said = f"covered {coverage:.0%} of the points" + (f" (missed: {', '.join(missed)})" if missed else "")
        if coverage < 0.4:
            cap(1, said)
        elif coverage < 0.7:
            cap(2, said)
        elif coverage < 0.9:
            cap(3, said)
    if target is not None:
        zone = zone_for(duration_s, target)
        if zone != "in":
            slack = max(1.0, (target[1] - target[0]) / 4, target[0] / 4)
            off = target[0] - duration_s if zone == "before" else duration_s - target[1]
            word = "short" if zone == "before" else "long"
            cap(2 if off > slack else 3, f"{off:.0f} s too {word}")
    per_min = fillers * 60.0 / duration_s if duration_s > 0 else 0.0
    if per_min > FILLERS_PER_MIN_MANY:
        cap(2, f"{per_min:.0f} fillers a minute")
    elif per_min > FILLERS_PER_MIN_OK:
        cap(3, f"{per_min:.0f} fillers a minute")
    if longest_pause_s > 3.0:
        cap(3, f"a {longest_pause_s:.0f} s pause")
    return GradeSuggestion(grade, tuple(reasons))
