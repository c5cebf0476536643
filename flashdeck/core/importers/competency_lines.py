"""Line-level reading of a competency guide: cleaning, headings and labelled lines.

Text copied from the guide's page loses its layout: emoji markers stand alone on
lines, a label is glued to its text ("DetectionAsk yourself…", "Example QTell
me…"), quoted phrases run together (``"I noticed""nobody had flagged it"``), and
a PDF may break a sentence across lines. These helpers undo that, line by line.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

__all__ = [
    "ANCHORS",
    "CONTAINER",
    "HEADINGS",
    "LIST",
    "ONE_LINE",
    "PAIRS",
    "PARAGRAPH",
    "Line",
    "anchor_of",
    "bullet_text",
    "clean_lines",
    "heading_of",
    "is_bullet",
    "quoted_phrases",
    "split_beats",
    "split_pair",
    "starts_with_quote",
    "strong_marker",
    "title_line",
    "weak_marker",
]

# What a heading owns: a paragraph (lines up to a blank), one line, a bulleted
# list, "do not confuse with" pairs, or nothing (a container of headless parts).
PARAGRAPH, ONE_LINE, LIST, PAIRS, CONTAINER = "paragraph", "one line", "list", "pairs", "container"


@dataclass(frozen=True)
class Line:
    """One source line, stripped; ``text`` is empty for blank and emoji-only lines."""

    number: int
    text: str
    flagged: bool = False  # the line began with a 🚩 marker (a red flag)

    @property
    def blank(self) -> bool:
        return not self.text


# Heading key (letters only, case-folded) → (canonical name, what the heading owns).
# "Container" headings (a variant may title its signals or pitfalls) own nothing:
# the parts under them are found by their labelled lines as usual.
HEADINGS: dict[str, tuple[str, str]] = {
    "definition": ("definition", PARAGRAPH),
    "coresignal": ("core signal", PARAGRAPH),
    "companyframing": ("company framing", PARAGRAPH),
    "whatitisnot": ("what it is not", LIST),
    "whatitsnot": ("what it is not", LIST),
    # Pitfalls follow the depth tip with no heading, perhaps without a blank line.
    "depthtip": ("depth tip", ONE_LINE),
    "directtriggers": ("direct triggers", LIST),
    "directtriggerquestions": ("direct triggers", LIST),
    "indirecttriggers": ("indirect triggers", LIST),
    "indirecttriggerquestions": ("indirect triggers", LIST),
    "howtorecognize": ("how to recognize", PARAGRAPH),
    "howtorecognise": ("how to recognize", PARAGRAPH),
    "donotconfusewith": ("do not confuse with", PAIRS),
    "dontconfusewith": ("do not confuse with", PAIRS),
    "storiesnotrecommended": ("stories not recommended", LIST),
    "prepaction": ("prep action", PARAGRAPH),
    "keysignal": ("key signal", PARAGRAPH),
    "topdisqualifier": ("top disqualifier", ONE_LINE),
    "deliveryredflag": ("delivery red flag", ONE_LINE),
    **{
        key: ("", CONTAINER)
        for key in (
            "signals",
            "whatinterviewerslistenfor",
            "pitfalls",
            "commonpitfalls",
            "redflags",
            "probingfollowups",
            "followupprobes",
            "probingquestions",
            "companyframings",
            "levelexpectations",
            "expectationsbylevel",
            "storyideas",
        )
    },
}
# Headings that may carry their text on the same line ("Core Signal: Did …").
_INLINE_OK = {"definition", "core signal", "company framing", "depth tip", "prep action", "key signal",
              "top disqualifier", "delivery red flag"}  # fmt: skip

_LABEL_GAP = r"(?::\s*|\s*[–—-]\s+|\s+(?=[A-Z\"'“‘])|(?=[A-Z\"'“‘]))"
ANCHORS: dict[str, re.Pattern[str]] = {
    "miss": re.compile(r"^common miss\b\s*[:–—-]?\s*(.*)$", re.I),
    "fix": re.compile(r"^(?:Fix|FIX)" + _LABEL_GAP + r"(.+)$"),
    "detection": re.compile(r"^(?:Detection|DETECTION)" + _LABEL_GAP + r"(.+)$"),
    "probes": re.compile(r"^probes?\s*:\s*(.*)$", re.I),
    "signal": re.compile(r"^signal\s*:\s*(.+)$", re.I),
    "example": re.compile(r"^(?:Example|EXAMPLE)\s*(?:Q|Question|QUESTION)" + _LABEL_GAP + r"(.+)$"),
    "elevates": re.compile(r"^what elevates\b\s*:?\s*(.*)$", re.I),
    "anti": re.compile(r"^anti[- ]?pattern\b\s*[:–—-]?\s*(.*)$", re.I),
    "also": re.compile(r"^also covers\b\s*:?\s*(.*)$", re.I),
}
# Lines that end or start a headless part; "detection" only ever sits inside a pitfall.
_BLOCK_ANCHORS = tuple(k for k in ANCHORS if k != "detection")

_BULLET = re.compile(r"^(?:[•\-*–·▪◦]|\d{1,2}[.)])\s+(.*)$")
_QUOTES = '"“”„«»'
_PHRASE = re.compile(r"[\"“”„«»]([^\"“”„«»]+)[\"“”„«»]")
_ARROW = re.compile(r"\s*(?:->|→|⟶|➔|➜|=>|—>)\s*")
_MARKER = re.compile(r"^(weak|strong)(?:\s+answer)?\b\s*(?:[:–—-]\s*(.*))?$", re.I)
# "<question> - Meta Core Values" and the banner "Meta Core ValuesSignal: …" name the company.
_VALUES = r"(core values|leadership principles|operating principles|values|principles|competencies)"
# Searched piecewise, never as one "^(.+?) … (.+?) …$" pattern: that backtracks
# quadratically on a long line full of " - ", which a hostile file can hold.
_BANNER = re.compile(_VALUES + r"\s*signal\s*:\s*(.+)$", re.I)
_TITLE_TAIL = re.compile(r"(?<!\s)\s+" + _VALUES + r"\s*$", re.I)
_TITLE_DASH = re.compile(r"(?<!\s)\s+[-–—]\s+")
_TERMINAL = tuple(".!?:;\"”’')]…")


_ALNUM = re.compile(r"[^\W_]")  # a letter or digit of any script (str.isalnum, at C speed)


def _strip_marks(text: str) -> str:
    """Drop leading emoji and other symbols (and their variation selectors)."""
    i = 0
    while i < len(text) and (
        text[i].isspace() or unicodedata.category(text[i]) in ("So", "Sk", "Cf", "Mn", "Co")
    ):
        i += 1
    return text[i:]


def clean_lines(text: str) -> list[Line]:
    """Strip every line, blank out emoji-only lines, and rejoin sentences a PDF broke."""
    raw = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    lines: list[Line] = []
    for number, source in enumerate(raw, start=1):
        stripped = source.strip()
        if not _ALNUM.search(stripped):
            lines.append(Line(number, ""))
            continue
        flagged = stripped.startswith("🚩")
        text_ = stripped if stripped[0].isalnum() else _strip_marks(stripped)
        previous = lines[-1] if lines else None
        if (
            previous is not None
            and previous.text
            and text_[:1].islower()
            and not previous.text.endswith(_TERMINAL)
            and heading_of(previous) is None
        ):
            # A sentence broken across lines: the lower-case start continues it.
            lines[-1] = Line(previous.number, f"{previous.text} {text_}", previous.flagged)
            lines.append(Line(number, ""))
            continue
        lines.append(Line(number, text_, flagged))
    return lines


def heading_of(line: Line) -> tuple[str, str, str] | None:
    """(canonical name, shape, text on the same line) if ``line`` is a known heading."""
    text = line.text.lstrip("#").strip()
    if not text or len(text) > 60:
        return None
    key = re.sub(r"[^a-z]", "", text.casefold())
    if key in HEADINGS and len(text) <= 40:
        name, shape = HEADINGS[key]
        return name, shape, ""
    label, sep, rest = text.partition(":")
    if sep and rest.strip():
        key = re.sub(r"[^a-z]", "", label.casefold())
        if key in HEADINGS and HEADINGS[key][0] in _INLINE_OK:
            name, shape = HEADINGS[key]
            return name, shape, rest.strip()
    return None


def anchor_of(line: Line) -> str | None:
    """The kind of labelled line that ends or starts a headless part, if it is one."""
    if line.blank:
        return None
    for kind in _BLOCK_ANCHORS:
        if ANCHORS[kind].match(line.text):
            return kind
    return None


def is_bullet(line: Line) -> bool:
    """True for a list item ("• x", "- x", "1. x")."""
    return bool(_BULLET.match(line.text))


def bullet_text(text: str) -> str:
    """The item without its bullet ("• x", "- x", "1. x" → "x")."""
    match = _BULLET.match(text)
    return match.group(1).strip() if match else text.strip()


def starts_with_quote(text: str) -> bool:
    """True when ``text`` opens with a quotation mark (a quoted phrase or tagline)."""
    return text[:1] in _QUOTES


def quoted_phrases(text: str) -> list[str]:
    """``"a""b" "c"`` → ``['a', 'b', 'c']``; unquoted text is one phrase."""
    found = [p.strip() for p in _PHRASE.findall(text) if p.strip()]
    return found or ([text.strip()] if text.strip() else [])


def split_beats(text: str) -> list[str]:
    """``"I noticed" -> "I acted"`` (or →) → ``['I noticed', 'I acted']``."""
    beats = [b.strip().strip(_QUOTES).strip() for b in _ARROW.split(text)]
    return [b for b in beats if b]


def weak_marker(text: str) -> str | None:
    """The text after a "Weak" marker ("" if bare); None if the line is no such marker."""
    match = _MARKER.match(text)
    if match and match.group(1).lower() == "weak":
        return (match.group(2) or "").strip()
    return None


def strong_marker(text: str) -> str | None:
    """The text after a "Strong" marker ("" if bare); None if the line is no such marker."""
    match = _MARKER.match(text)
    if match and match.group(1).lower() == "strong":
        return (match.group(2) or "").strip()
    return None


def split_pair(text: str) -> tuple[str, str] | None:
    """A "do not confuse with" entry: (other competency, how it differs).

    The page glues the name to a sentence that repeats it ("OwnershipOwnership is
    about …"); hand-made variants write "Ownership: …" or "Ownership — …".
    """
    text = bullet_text(text)
    if not text[:1].isupper():
        return None
    for k in range(2, min(61, len(text) // 2 + 1)):
        if not text[k - 1].isspace() and text[k:].startswith(text[:k]):
            return text[:k].strip(), text[k:].strip()
    match = re.match(r"^([^:–—]{2,60}?)\s*(?::|\s[-–—]\s|—|–)\s*(\S.*)$", text)
    if match and len(match.group(1).split()) <= 6:
        return match.group(1).strip(), match.group(2).strip()
    return None


def title_line(text: str) -> tuple[str, str, str] | None:
    """("title", question, company) or ("banner", company, beats) for the page header."""
    banner = _BANNER.search(text, 1)
    if banner:
        return "banner", text[: banner.start()].strip(), banner.group(2).strip()
    tail = _TITLE_TAIL.search(text)
    while tail is not None:
        dash = next((m for m in _TITLE_DASH.finditer(text, 0, tail.start()) if m.start() > 0), None)
        company = "" if dash is None else text[dash.end() : tail.start()].strip()
        if dash is not None and company:
            return "title", text[: dash.start()].strip(), company
        # "Q - Core Values": with no company before "Core Values", "Core" is the company.
        tail = _TITLE_TAIL.search(text, tail.start(1) + 1)
    return None
