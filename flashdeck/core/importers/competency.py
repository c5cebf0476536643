"""Competency guides: one value ("Focus on long-term impact") taken apart for rehearsal.

A guide (text copied from a prep site's page or PDF) gives a competency's
definition and core signal, the signals an interviewer listens for, pitfalls,
red flags, trigger questions, probing follow-ups with weak and strong answers,
company framings, expectations per level, story ideas and the key signal as
ordered beats. ``competency_blocks`` reads the parts; this module turns them
into notes:

- concept notes: the definition (details: core signal), "what it is not",
  keywords, one per "do not confuse with" entry, one per signal, one per
  pitfall, one for all red flags, the company framing and one per company, one
  per level, one per story idea, "stories not recommended", a prep summary;
- question notes for the direct and indirect triggers (category behavioural);
- probe notes for the probing follow-ups;
- a beats note for the key signal.

Anything the reader could not place is reported in ``ParseResult.warnings``.
"""

from __future__ import annotations

import re

from flashdeck.core.importers.competency_blocks import read_guide
from flashdeck.core.importers.competency_lines import bullet_text, quoted_phrases, split_beats
from flashdeck.core.importers.competency_parts import Guide, Pitfall
from flashdeck.core.kinds import kind_by_name
from flashdeck.core.notes import DeckMeta, ImportFormatError, NoteDraft, ParseResult, normalise_tag

__all__ = ["NAME", "detect", "parse"]

NAME = "competency"

# Markers of this generator's guides that other documents (a playbook, notes)
# do not have at the start of a line.
_MARKER_PATTERNS = (  # each after whatever emoji or marks open the line
    r"core signal[ \t]*(?::[ \t]*)?$",
    r"what it is not[ \t]*(?::[ \t]*)?$",
    r"direct triggers?\b",
    r"indirect triggers?\b",
    r"do not confuse with[ \t]*(?::[ \t]*)?$",
    r"depth tip[ \t]*(?::[ \t]*)?$",
    r"how to recogni[sz]e[ \t]*(?::[ \t]*)?$",
    r"stories not recommended[ \t]*(?::[ \t]*)?$",
    r"key signal[ \t]*(?::[ \t]*)?$",
    r"top disqualifier[ \t]*(?::[ \t]*)?$",
    r"delivery red flag[ \t]*(?::[ \t]*)?$",
    r"common miss\b",
    r"probes:",
    r"what elevates[ \t]*(?::[ \t]*)?$",
    r"anti-pattern\b",
    r"also covers:",
    r"example q(?:uestion)?\b",
)
# All of them in one pass over the text (a group each), not one pass apiece: files reach 32 MB.
_MARKERS = re.compile(r"^[^\w\n]*(?:" + "|".join(f"({p})" for p in _MARKER_PATTERNS) + ")", re.I | re.M)


def detect(text: str, filename: str = "") -> int:
    """Score how surely ``text`` is a competency guide: 0 unless three markers are present."""
    del filename  # guides come as .txt or .md alike; only the content tells
    found: set[int] = set()
    for match in _MARKERS.finditer(text):
        found.add(match.lastindex or 0)
        if len(found) == len(_MARKER_PATTERNS):
            break
    return 0 if len(found) < 3 else min(60, 4 * len(found))


def _slug(text: str) -> str:
    return normalise_tag(re.sub(r"[^\w]+", "-", text.casefold()))


def _bullets(items: list[str]) -> str:
    return "\n".join(f"- {bullet_text(item)}" for item in items if bullet_text(item))


def _join(*parts: str) -> str:
    return "\n\n".join(p.strip() for p in parts if p and p.strip())


def _labelled(label: str, text: str) -> str:
    return f"**{label}:** {text.strip()}" if text.strip() else ""


def _competency_name(guide: Guide, source: str) -> str:
    """The competency as the definition names it ("X means …"), else the page's titles."""
    for section in guide.sections_named("definition"):
        for line in section.lines:
            match = re.match(r"^(.{2,80}?)\s+(?:means|is about|is defined as|refers to|is)\s", line.text)
            if match:
                return match.group(1).strip()
    guide.warnings.append(f"{source}:{guide.first_line}: no definition names the competency; using the title")
    return guide.subtitle or guide.title or "Competency"


class _Notes:
    """Collects the notes of one guide with their shared tags, keeping titles unique."""

    def __init__(self, competency: str, company: str, source: str, warnings: list[str]) -> None:
        self.competency = competency
        self.base_tags = tuple(t for t in (_slug(competency), _slug(company), "competency") if t)
        self.source = source
        self.warnings = warnings
        self.notes: list[NoteDraft] = []
        self._titles: set[tuple[str, str]] = set()
        self._twins: dict[tuple[str, str], int] = {}  # a title seen before → the number its next twin tries

    def add(self, kind: str, fields: dict[str, str], line: int, *tags: str) -> None:
        fields = {name: value.strip() for name, value in fields.items() if value and value.strip()}
        title_field = kind_by_name(kind).title_field
        title = fields.get(title_field, "")
        if not title:
            self.warnings.append(f"{self.source}:{line}: a {kind} note with no title, skipped")
            return
        key = (kind, re.sub(r"\W+", " ", title.casefold()).strip())
        if key in self._titles:
            # Identity comes from the title, so twins would overwrite each other.
            number = self._twins.get(key, 2)  # (not counting up from 2 for every twin: a long file has many)
            while (kind, f"{key[1]} {number}") in self._titles:
                number += 1
            self._twins[key] = number + 1
            fields[title_field] = f"{title} ({number})"
            key = (kind, f"{key[1]} {number}")
            self.warnings.append(f"{self.source}:{line}: a second {kind} titled {title!r}, renamed")
        self._titles.add(key)
        all_tags = tuple(dict.fromkeys((*self.base_tags, *tags)))
        self.notes.append(NoteDraft(kind=kind, fields=fields, tags=all_tags, line=line))

    def concept(self, term: str, definition: str, details: str, line: int, *tags: str) -> None:
        if not definition.strip():
            definition, details = details, ""
        self.add("concept", {"term": term, "definition": definition, "details": details}, line, *tags)


def parse(text: str, source: str = "<competency>") -> ParseResult:
    """Read a competency guide; errors and warnings name ``source`` and the line."""
    guide = read_guide(text, source)
    if not guide.found_structure:
        raise ImportFormatError(
            "not a competency guide: none of its sections (Definition, Core Signal, Direct Triggers, "
            "Common Miss …) were found",
            source=source,
            line=1,
        )
    name = _competency_name(guide, source)
    notes = _Notes(name, guide.company, source, guide.warnings)
    core_signal = _overview(guide, notes)
    beats = _key_signal(guide, notes)
    _triggers(guide, notes, core_signal, beats)
    _parts(guide, notes)
    if not notes.notes:
        raise ImportFormatError("the guide has no content to import", source=source, line=guide.first_line)
    description = " — ".join(p for p in (guide.title, guide.subtitle) if p)
    if guide.company:
        description = f"{description} ({guide.company})" if description else guide.company
    deck = DeckMeta(name=f"{name} — competency guide", description=description, tags=notes.base_tags)
    # Notes were built part by part; the user reviews them best in the guide's order.
    notes.notes.sort(key=lambda note: note.line or 0)
    return ParseResult(format=NAME, notes=notes.notes, deck=deck, warnings=guide.warnings)


def _section_text(guide: Guide, name: str) -> tuple[list[str], int]:
    """The texts of every section called ``name`` and the line of the first one."""
    sections = guide.sections_named(name)
    texts = [line.text for s in sections for line in s.lines]
    return texts, sections[0].line if sections else guide.first_line


def _overview(guide: Guide, notes: _Notes) -> str:
    """Definition, what it is not, keywords, confusions, company framing; returns the core signal."""
    c = notes.competency
    definition, line = _section_text(guide, "definition")
    core, core_line = _section_text(guide, "core signal")
    core_signal = "\n\n".join(core)
    if definition or core:
        notes.concept(c, "\n\n".join(definition), _labelled("Core signal", core_signal), min(line, core_line))
    not_items, line = _section_text(guide, "what it is not")
    if not_items:
        notes.concept(f"{c} — what it is not", _bullets(not_items), "", line, "what-it-is-not")
    recognise, line = _section_text(guide, "how to recognize")
    if recognise:
        first, *others = recognise
        keywords, sep, rest = first.partition(":")
        if sep and keywords.strip().casefold() == "keywords":
            items = _keyword_items(rest)
            notes.concept(f"{c} — keywords", _bullets(items), "\n\n".join(others), line, "keywords")
        else:
            notes.concept(f"{c} — how to recognise it", "\n\n".join(recognise), "", line, "keywords")
    for number, other, difference in guide.confusions:
        notes.concept(f"{c} vs {other}", difference, "", number, "do-not-confuse")
    framing, line = _section_text(guide, "company framing")
    if framing:
        where = f" at {guide.company}" if guide.company else " — company framing"
        notes.concept(f"{c}{where}", "\n\n".join(framing), "", line, "framing")
    return core_signal


def _keyword_items(text: str) -> list[str]:
    text = text.strip().rstrip(".").strip()
    if text[:1] in "'\"‘“":
        items = re.split(r"['\"’”]\s*,\s*['\"‘“]", text)
        return [item.strip().strip("'\"‘’“”").strip() for item in items if item.strip("'\"‘’“” ")]
    return [item.strip() for item in text.split(",") if item.strip()]


def _key_signal(guide: Guide, notes: _Notes) -> list[str]:
    texts, line = _section_text(guide, "key signal")
    if len(texts) == 1:
        beats = split_beats(texts[0])
    elif texts:
        beats = [bullet_text(t).strip('"“”').strip() for t in texts]
    else:
        beats = split_beats(guide.banner_beats)
    if guide.banner_beats and texts and split_beats(guide.banner_beats) != beats:
        guide.warnings.append(
            f"{notes.source}:{line}: the key signal differs from the page header's; the section's is kept"
        )
    if beats:
        ordered = "\n".join(f"{i}. {beat}" for i, beat in enumerate(beats, start=1))
        notes.add(
            "beats", {"title": f"{notes.competency} — key signal", "beats": ordered}, line, "key-signal"
        )
    return beats


def _triggers(guide: Guide, notes: _Notes, core_signal: str, beats: list[str]) -> None:
    great = _labelled("Hit the key signal", " → ".join(beats)) if beats else ""
    for section_name, tag in (("direct triggers", "direct"), ("indirect triggers", "indirect")):
        for section in guide.sections_named(section_name):
            for line in section.lines:
                fields = {
                    "prompt": bullet_text(line.text),
                    "category": "behavioural",
                    "asking": core_signal,
                    "great": great,
                    "notes": f"{tag.capitalize()} trigger for {notes.competency}.",
                }
                notes.add("question", fields, line.number, tag)


def _parts(guide: Guide, notes: _Notes) -> None:
    """Signals, pitfalls, red flags, probes, framings, levels, story ideas, prep summary."""
    c = notes.competency
    for s in guide.signals:
        phrases = [f'"{p}"' for s_line in s.phrases for p in quoted_phrases(s_line)]
        details = _join(
            "**Listen for:**\n" + _bullets(phrases) if phrases else "", _labelled("Common miss", s.miss)
        )
        notes.concept(s.description, s.why, details, s.line, "signal")
    flags: list[Pitfall] = []
    for p in guide.pitfalls:
        if p.flagged or not p.detection:
            flags.append(p)
            continue
        details = _join(
            _labelled("Sounds like", " ".join(p.quotes)),
            _labelled("Detection", p.detection),
            _labelled("Fix", p.fix),
        )
        notes.concept(p.name, p.explanation, details, p.line, "pitfall")
    if flags:
        listed = [
            " — ".join(x for x in (f"**{f.name}**", " ".join(f.quotes), f.explanation) if x) for f in flags
        ]
        fixes = [f"**{f.name}:** {f.fix}" for f in flags]
        notes.concept(f"{c} — red flags", _bullets(listed), "**Fixes:**\n" + _bullets(fixes), flags[0].line,
                      "red-flags")  # fmt: skip
    for probe in guide.probes:
        strong = _join(*probe.strong, _labelled("Probes", probe.probes))
        fields = {"question": probe.question, "weak": "\n\n".join(probe.weak), "strong": strong}
        notes.add("probe", fields, probe.line, "probe")
    for f in guide.framings:
        details = _join(
            _labelled("Signal", f.signal),
            _labelled("Example question", f.example),
            _labelled("What elevates", "\n\n".join(f.elevates)),
        )
        value = f": {f.value}" if f.value else ""
        notes.concept(f"{c} at {f.company}{value}", "\n\n".join(f.description), details, f.line, "framing")
    for level in guide.levels:
        notes.concept(f"{c} — expectations at {level.name}", "\n\n".join(level.description),
                      _labelled("Anti-pattern", level.anti_pattern), level.line, "level")  # fmt: skip
    for story in guide.stories:
        details = _join(
            _labelled("Example", " ".join(story.example)), _labelled("Also covers", story.also_covers)
        )
        notes.concept(story.title, story.description, details, story.line, "story-idea")
    avoid, line = _section_text(guide, "stories not recommended")
    if avoid:
        notes.concept(f"{c} — stories not recommended", _bullets(avoid), "", line, "stories-to-avoid")
    _prep_summary(guide, notes)


def _prep_summary(guide: Guide, notes: _Notes) -> None:
    prep, line = _section_text(guide, "prep action")
    parts = [
        "**Prep action:**\n" + _bullets(prep) if prep else "",
        *(
            _labelled(label, "\n\n".join(_section_text(guide, name)[0]))
            for name, label in (
                ("depth tip", "Depth tip"),
                ("top disqualifier", "Top disqualifier"),
                ("delivery red flag", "Delivery red flag"),
            )
        ),
    ]
    if any(parts):
        lines = [s.line for n in ("prep action", "depth tip", "top disqualifier", "delivery red flag")
                 for s in guide.sections_named(n)]  # fmt: skip
        notes.concept(
            f"{notes.competency} — how to prepare", _join(*parts), "", min(lines, default=line), "prep"
        )
