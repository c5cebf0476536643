"""An attempt read against the prepared answer: each beat or talking point covered or missed, in place.

Two HTML texts for the Rehearse feedback (no widgets here, and all text escaped):

- the prepared answer, point by point, each with ✓ or ✗, the words of it that were said marked;
- the transcript, with the words that met a point marked and, where a beat was first met, its
  name set in the text (``[Action]``): where in the answer the Situation ended and the Action began.

Words are matched as ``flashdeck.core.coverage`` matches them (stems and number values), one word at a time.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from html import escape

from flashdeck.core.coverage import CoveragePoint, terms

__all__ = ["COVERED_COLOUR", "MISSED_COLOUR", "prepared_html", "transcript_html", "word_term"]

COVERED_COLOUR = "#3f9d62"
MISSED_COLOUR = "#d0574f"
_WORD = re.compile(r"[$£€]?\d+(?:[.,]\d+)*%?|[A-Za-z]+(?:'[A-Za-z]+)?")


def word_term(word: str) -> str | None:
    """The coverage term of one written or spoken word (its stem, or ``#value``), if it bears meaning."""
    found = terms(word)
    return found[0][0] if len(found) == 1 else None


def _marked(text: str, wanted: set[str], style: str) -> str:
    """``text`` escaped, its words whose term is in ``wanted`` wrapped in a styled span."""
    out: list[str] = []
    last = 0
    for match in _WORD.finditer(text):
        term = word_term(match.group())
        if term is None or term not in wanted:
            continue
        out.append(escape(text[last:match.start()]))
        out.append(f'<span style="{style}">{escape(match.group())}</span>')
        last = match.end()
    out.append(escape(text[last:]))
    return "".join(out).replace("\n", "<br>")


def prepared_html(points: Sequence[tuple[str, str]], checked: Sequence[CoveragePoint] | None) -> str:
    """The prepared answer as the attempt met it (``checked`` is ``None`` before an analysis)."""
    if not points:
        return "<p><i>This card has no prepared beats or points to check an answer against.</i></p>"
    by_label = {p.label: p for p in checked or ()}
    blocks = []
    for label, text in points:
        point = by_label.get(label)
        said = f"color:{COVERED_COLOUR}; font-weight:600"
        if point is None:
            mark, body = "·", escape(text).replace("\n", "<br>")
        else:
            colour = COVERED_COLOUR if point.covered else MISSED_COLOUR
            mark = f'<span style="color:{colour}; font-weight:700">{"✓" if point.covered else "✗"}</span>'
            body = _marked(text, set(point.matched), said)
        heading = f"{mark} <b>{escape(label)}</b>"
        blocks.append(f"<p>{heading}<br>{body}</p>" if label != text else f"<p>{mark} {body}</p>")
    return "".join(blocks)


def transcript_html(transcript: str, checked: Sequence[CoveragePoint] | None, beats: Sequence[str] = ()) -> str:
    """The transcript, the words that met a point marked; ``beats`` named where each was first met."""
    if checked is None:
        return escape(transcript).replace("\n", "<br>")
    matched = {term for point in checked for term in point.matched}
    shared: dict[str, int] = {}
    for point in checked:
        for keyword in point.keywords:
            shared[keyword] = shared.get(keyword, 0) + 1
    # Where each covered beat begins: the first word (after the previous beat's) of a term its own.
    starts: dict[int, str] = {}
    words = [(m, word_term(m.group())) for m in _WORD.finditer(transcript)]
    floor = 0
    for point in checked:
        if point.label not in beats or not point.covered:
            continue
        own = {t for t in point.matched if shared.get(t, 0) == 1} or set(point.matched)
        said = set(point.matched)
        for index in range(floor, len(words)):
            if words[index][1] in own:
                # The beat starts a little before its first word of its own: with the words of
                # it said just before ("billing migration" ahead of "six weeks late").
                start, back, gap = index, index - 1, 0
                while back >= floor and gap <= 3:
                    if words[back][1] in said:
                        start, gap = back, 0
                    else:
                        gap += 1
                    back -= 1
                starts[start] = point.label
                floor = index + 1
                break
    out: list[str] = []
    last = 0
    style = f"color:{COVERED_COLOUR}; font-weight:600"
    for index, (match, term) in enumerate(words):
        beat_here = starts.get(index)
        if beat_here is None and (term is None or term not in matched):
            continue
        out.append(escape(transcript[last:match.start()]))
        if beat_here is not None:
            out.append(f'<span style="color:#3b6fd8; font-weight:700">[{escape(beat_here)}]</span> ')
        word = escape(match.group())
        out.append(f'<span style="{style}">{word}</span>' if term in matched else word)
        last = match.end()
    out.append(escape(transcript[last:]))
    return "".join(out).replace("\n", "<br>")
