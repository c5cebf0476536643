"""What the candidate says out loud: pitches, gap bridge scripts and the recovery framework.

- Pitches: a heading ("The 30-Second Pitch", "The 2-Minute Version", "Why This
  Company?", "Why this role specifically?"), an optional "~30 seconds" line,
  the pitch text, then either numbered beat lines ("1 Hook: …") or labelled
  paragraphs ("Past: …") and an optional "Tip: …".
- Bridge scripts: a title, "Re: <the job requirement>", then "WHY INTERVIEWERS
  WILL PROBE THIS", "YOUR BRIDGE SCRIPT" and "BEFORE YOU USE THIS SCRIPT, VERIFY".
- The recovery framework: "The 4-Step Recovery", then a number, a step name and
  a description per step, then "WHAT TO AVOID" and "PHRASES THAT WORK".
"""

from __future__ import annotations

import re

from flashdeck.core.importers.playbook_text import (
    Context,
    Section,
    bulletise,
    heading_text,
    join_lines,
)
from flashdeck.core.notes import NoteDraft

__all__ = ["parse_bridges", "parse_pitches", "parse_recovery"]

_PITCH_HEADING = re.compile(
    r"(?:the )?(?:\d+|one|two|thirty|sixty)[- ]?(?:seconds?|secs?|minutes?|mins?)\b"
    r".*\b(?:pitch|version|intro)\b.*"
    r"|\"?why\b.{1,50}\?\"?"
)
_TIPS_END = re.compile(r"delivery tips:?")
_DURATION = re.compile(r"[~(]*\s*\d+[- ]?(?:seconds?|secs?|minutes?|mins?)\)?")
_BEAT_LINE = re.compile(r"(\d+)[.)]?\s+([A-Z][\w' ]{0,24}):\s*(\S.*)")
_LABELLED = re.compile(r"([A-Z][\w' ]{0,24}):\s+(\S.*)")
_TIP = re.compile(r"tip:\s*(.*)", re.I)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“(])")


def _first_sentence(text: str) -> str:
    return _SENTENCE_END.split(text, maxsplit=1)[0]


def parse_pitches(ctx: Context, region: Section) -> list[NoteDraft]:
    """The pitch notes in the "Your Story, Interview-Ready" section."""
    doc = ctx.doc
    stop = doc.find(_TIPS_END, region.start, region.end)
    end = stop if stop is not None else region.end
    heads = doc.find_all(_PITCH_HEADING, region.start, end)
    notes = []
    for n, head in enumerate(heads):
        body_end = heads[n + 1] if n + 1 < len(heads) else end
        label = heading_text(doc.raw[head])
        text: list[str] = []
        beats: list[str] = []
        labelled: list[str] = []
        tip = ""
        for first, para in doc.paragraphs(head + 1, body_end):
            if not text and not beats and _DURATION.fullmatch(doc.keys[first]):
                continue
            if beat := _BEAT_LINE.fullmatch(para):
                beats.append(f"{beat.group(2)}: {beat.group(3)}")
            elif tip_match := _TIP.fullmatch(para):
                tip = tip_match.group(1).strip()
            else:
                text.append(para)
                if part := _LABELLED.fullmatch(para):
                    labelled.append(f"{part.group(1)}: {_first_sentence(part.group(2))}")
        # "Past: … / Present: … / Pivot: … / Future: …" paragraphs are the beats of
        # the longer pitch; a lone "Label:" paragraph is just text.
        if not beats and len(labelled) >= 2:
            beats = labelled
        fields = {"label": label, "text": "\n\n".join(text)}
        if beats:
            fields["beats"] = bulletise(beats, ordered=True)
        if tip:
            fields["tip"] = tip
        if not fields["text"]:
            ctx.warn(head, f"pitch {label!r} has no text")
        notes.append(NoteDraft("pitch", fields, tags=ctx.tags("pitch"), line=head + 1))
    return notes


_BRIDGE_HEADING = re.compile(r"bridge scripts? for your gaps:?")
_RE_LINE = re.compile(r"re:\s*(.*)")
_BRIDGE_PARTS = (
    ("why", re.compile(r"why (?:interviewers|they)(?: will| might)? probe\b.*")),
    ("script", re.compile(r"(?:your )?bridge script:?")),
    ("verify", re.compile(r"before you use this script\b.*")),
    ("practice", re.compile(r"(?:practi[cs]e with ai|ai practice(?: prompt)?):?")),
)


def parse_bridges(ctx: Context, region: Section) -> list[NoteDraft]:
    """The bridge notes: one per "Re: <requirement>" line, titled by the line above it."""
    doc = ctx.doc
    heads: list[tuple[int, int]] = []  # (title line, "Re:" line)
    for re_line in doc.find_all(_RE_LINE, region.start, region.end):
        title = doc.prev_content(re_line, heads[-1][1] + 1 if heads else region.start)
        if title is None or _BRIDGE_HEADING.fullmatch(doc.keys[title]) or doc.page_number(title):
            ctx.warn(re_line, "bridge script without a gap title above its 'Re:' line; skipped")
            continue
        heads.append((title, re_line))
    notes = []
    for n, (title, re_line) in enumerate(heads):
        end = heads[n + 1][0] if n + 1 < len(heads) else region.end
        # The PDF repeats the section heading on each page; it ends a bridge too.
        end = doc.find(_BRIDGE_HEADING, re_line + 1, end) or end
        parts = doc.split_fields(re_line + 1, end, _BRIDGE_PARTS)
        gap = heading_text(doc.raw[title])
        requirement = doc.raw[re_line]
        why = doc.prose(parts["why"].start + 1, parts["why"].end) if "why" in parts else ""
        fields = {"gap": gap, "why": "\n\n".join(p for p in (f"*{requirement}*", why) if p.strip("*"))}
        if "script" in parts:
            fields["script"] = doc.prose(parts["script"].start + 1, parts["script"].end)
        if "verify" in parts:
            fields["verify"] = bulletise(doc.items(parts["verify"].start + 1, parts["verify"].end))
        if not fields.get("script"):
            ctx.warn(title, f"bridge {gap!r} has no BRIDGE SCRIPT")
        notes.append(NoteDraft("bridge", fields, tags=ctx.tags("gap"), line=title + 1))
    return notes


_RECOVERY = re.compile(r"(?:the )?(\d+|three|four|five)[- ]step recovery\b.*")
_AVOID = re.compile(r"what to avoid:?")
_PHRASES = re.compile(r"phrases that work:?")
_STEP_INLINE = re.compile(r"(\d{1,2})[.)]?\s+([A-Z][\w' -]{0,30})")
_CROSS = re.compile(r"^[✗✘×✓✔]\s*")
_WORD_COUNTS = {"three": 3, "four": 4, "five": 5}


def parse_recovery(ctx: Context, region: Section) -> list[NoteDraft]:
    """The "N-Step Recovery" framework as one beats note, steps in order."""
    doc = ctx.doc
    head = doc.find(_RECOVERY, region.start, region.end)
    if head is None:
        return []
    avoid = doc.find(_AVOID, head + 1, region.end)
    phrases = doc.find(_PHRASES, head + 1, region.end)
    steps_end = min(i for i in (avoid, phrases, region.end) if i is not None)
    steps: list[list[str]] = []  # [name, description lines…]
    expect_name = False
    for index in range(head + 1, steps_end):
        raw = doc.raw[index]
        if doc.blank(index):
            continue
        if doc.page_number(index):
            steps.append([])
            expect_name = True
        elif (inline := _STEP_INLINE.fullmatch(raw)) and not expect_name:
            steps.append([inline.group(2)])
        elif steps and expect_name:
            steps[-1].append(raw)
            expect_name = False
        elif steps:
            steps[-1].append(raw)
    beats = [f"**{s[0]}** — {join_lines(s[1:])}" if len(s) > 1 else f"**{s[0]}**" for s in steps if s]
    declared = _RECOVERY.fullmatch(doc.keys[head])
    word = declared.group(1) if declared else ""
    count = int(word) if word.isdigit() else _WORD_COUNTS.get(word)
    if count is not None and count != len(beats):
        ctx.warn(head, f"the recovery framework names {count} steps but {len(beats)} were found")
    notes_parts = []
    if avoid is not None:
        stop = phrases if phrases is not None and phrases > avoid else region.end
        items = [_CROSS.sub("", item) for item in doc.items(avoid + 1, stop)]
        notes_parts.append("**What to avoid**\n\n" + bulletise(items))
    if phrases is not None:
        stop = avoid if avoid is not None and avoid > phrases else region.end
        said = [text for _, text in doc.paragraphs(phrases + 1, stop)]
        notes_parts.append("**Phrases that work**\n\n" + bulletise(said))
    fields = {"title": heading_text(doc.raw[head]), "beats": bulletise(beats, ordered=True)}
    if notes_parts:
        fields["notes"] = "\n\n".join(notes_parts)
    return [NoteDraft("beats", fields, tags=ctx.tags("recovery"), line=head + 1)]
