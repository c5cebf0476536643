"""Which of a card's beats or talking points an answer covered: a check that can fail.

Each point is reduced to its meaning-bearing terms: stemmed content words,
numbers (as values, so "forty percent", "40 percent" and "40%" meet) and names.
A term that several points of the card share ("errors" in the Situation and the
Result) says little about either, so each term weighs 1 / the number of points
it appears in. A point is covered when the answer says enough of its weight.

For beats (a STAR story's Situation → Task → Action → Result) order counts too:
a beat's terms are looked for only after the place where the previous beat
was found, so a story told without its Result does not get the Result for
the numbers it mentioned while setting the scene.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from flashdeck.core.stemmer import stem

__all__ = ["COVERED_SHARE", "MAX_NEEDED", "CoveragePoint", "coverage", "coverage_fraction", "number_value",
           "point_terms", "terms"]

# A point counts as covered when this share of its weight was said, or MAX_NEEDED weight
# for a long point (its gist, not a recitation).
COVERED_SHARE = 0.3
MAX_NEEDED = 3.5
# Only a beat found firmly (this share of it said) moves the place where the next is looked for:
# a beat covered by a few words said elsewhere must not push the rest of the story out of reach.
FIRM_SHARE = 0.5

_TOKEN = re.compile(r"[$£€]?\d+(?:[.,]\d+)*%?|[a-z]+(?:'[a-z]+)?", re.IGNORECASE)
_BLANK = re.compile(r"\[[^\]]*\]")  # "[metric]": a blank in a template, not a word the user says
_MARKUP = re.compile(r"[*_`#>|]+|\(https?://[^)]*\)")

_UNITS = {"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
          "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
          "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
          "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000, "k": 1_000}
_FRACTIONS = {"half": 0.5, "third": 1 / 3, "quarter": 0.25}

_WORDS = (
    "a about above after again against all also am an and any are as at be because been before being below "
    "between both but by can could did do does doing down during each few for from further had has have "
    "having he her here hers herself him himself his how i if in into is it its itself just me more most my "
    "myself no nor not now of off on once only or other our ours ourselves out over own same she should so "
    "some such than that the their theirs them themselves then there these they this those through to too "
    "under until up very was we were what when where which while who whom why will with would you your "
    "yours yourself yourselves i'm i've i'd we're we've it's don't didn't get got make made use used etc e g "
    "eg ie um uh er like know per every first last day days week weeks month months year years time times ago "
    "later back"
)
STOPWORDS = frozenset(_WORDS.split())  # the words every answer has, whatever its story


def number_value(words: Sequence[str]) -> float | None:
    """The value of a spoken or written number: ``["forty"]`` → 40, ``["2", "million"]`` → 2e6,
    ``["0.4"]`` → 0.4, ``["one", "point", "five"]`` → 1.5; ``None`` when it is not a number."""
    total, current, seen = 0.0, 0.0, False
    decimals: list[str] | None = None
    for word in words:
        word = word.casefold().lstrip("$£€").rstrip("%").replace(",", "")
        if decimals is not None and word in _UNITS and _UNITS[word] < 10:
            decimals.append(str(_UNITS[word]))
            continue
        if re.fullmatch(r"\d+(?:\.\d+)?", word):
            current += float(word)
        elif word in _UNITS:
            current += _UNITS[word]
        elif word in _SCALES:
            scale = _SCALES[word]
            if decimals:
                current += float("0." + "".join(decimals))
                decimals = None
            if scale == 100:
                current = (current or 1) * 100
            else:
                total += (current or 1) * scale
                current = 0.0
        elif word == "point" and seen:
            decimals = []
            continue
        elif word in _FRACTIONS and not seen:
            return _FRACTIONS[word]
        elif word in ("and", "a"):
            continue
        else:
            return None
        seen = True
    if not seen:
        return None
    value = total + current
    if decimals:
        value += float("0." + "".join(decimals))
    return value


def _number_term(value: float) -> str:
    return "#" + (f"{value:g}" if value != int(value) else str(int(value)))


def _numberish(token: str, inside: bool) -> bool:
    word = token.casefold()
    return (word[0].isdigit() or (word[0] in "$£€" and len(word) > 1) or word in _UNITS or word in _SCALES
            or (inside and word in ("point", "and")))


def terms(text: str) -> list[tuple[str, int]]:
    """The meaning-bearing terms of a text with their word positions: stems, ``#value`` numbers."""
    tokens = _TOKEN.findall(_MARKUP.sub(" ", _BLANK.sub(" ", text)))
    out: list[tuple[str, int]] = []
    i = 0
    while i < len(tokens):
        token = tokens[i].casefold()
        j = i
        # The longest run of number words from here ("two point five million").
        while j < len(tokens) and _numberish(tokens[j], j > i):
            j += 1
        while j > i and tokens[j - 1].casefold() in ("and", "point"):
            j -= 1
        value = number_value(tokens[i:j]) if j > i else None
        if value is not None and not (j == i + 1 and token == "one"):  # "the first one" is not a figure
            out.append((_number_term(value), i))
            i = j
            continue
        if token not in STOPWORDS and len(token) >= 3 and not token[0].isdigit():
            out.append((stem(token.replace("'", "")), i))
        i += 1
    return out


def point_terms(text: str) -> list[str]:
    """The distinct terms of a talking point, in order of appearance."""
    return list(dict.fromkeys(term for term, _ in terms(text)))


def _weight(term: str) -> float:
    """Small numbers ("two", "3") come up in any story: they count half."""
    if term.startswith("#"):
        try:
            return 0.5 if float(term[1:]) <= 12 else 1.0
        except ValueError:
            return 1.0
    return 1.0


@dataclass(frozen=True)
class CoveragePoint:
    """One line of the coverage checklist: a beat or talking point and whether the answer touched it."""

    label: str
    keywords: tuple[str, ...]
    matched: tuple[str, ...]
    covered: bool
    score: float | None = None  # the share of the point's weight that was said

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"point": self.label, "covered": self.covered, "matched": list(self.matched),
                               "missing": [k for k in self.keywords if k not in self.matched]}
        if self.score is not None:
            out["score"] = round(self.score, 3)
        return out


def coverage(transcript: str | Sequence[str], points: Sequence[tuple[str, str]], *,
             ordered: bool = False) -> list[CoveragePoint]:
    """For each ``(label, text)`` point: which of its terms the answer said, and whether that covers it.

    ``transcript`` is the answer as text (or its words). ``ordered``: the points are beats
    said in this order (a story's S, T, A, R).
    """
    text = transcript if isinstance(transcript, str) else " ".join(transcript)
    said: dict[str, list[int]] = {}
    for term, position in terms(text):
        said.setdefault(term, []).append(position)
    point_keywords = [point_terms(body) for _, body in points]
    shared: dict[str, int] = {}
    for words in point_keywords:
        for word in words:
            shared[word] = shared.get(word, 0) + 1
    out = []
    floor = 0
    for (label, _), words in zip(points, point_keywords, strict=True):
        weights = {w: _weight(w) / shared[w] for w in words}
        total = sum(weights.values())
        found = {w: [p for p in said.get(w, ()) if p >= floor] for w in words}
        matched = tuple(w for w in words if found[w])
        got = sum(weights[w] for w in matched)
        needed = min(COVERED_SHARE * total, MAX_NEEDED)
        covered = bool(words) and got > 0 and got >= needed - 1e-9
        if ordered and covered and got >= FIRM_SHARE * total:
            # The next beat is looked for after where this one starts: the earliest place one
            # of its own terms (in no other point) was said, else any of its terms.
            own = [w for w in matched if shared[w] == 1] or list(matched)
            floor = max(floor, min(min(found[w]) for w in own))
        out.append(CoveragePoint(label, tuple(words), matched, covered, got / total if total else 0.0))
    return out


def coverage_fraction(points: Sequence[CoveragePoint]) -> float | None:
    """Covered points over all points with keywords; ``None`` when there is nothing to cover."""
    scored = [p for p in points if p.keywords]
    return None if not scored else sum(p.covered for p in scored) / len(scored)
