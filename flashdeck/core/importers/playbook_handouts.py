"""The playbook's take-away pages: questions to ask the interviewers and the 30/60/90 plan.

- Questions to ask: "For the Recruiter" (and hiring manager, peers,
  executives), a "Focus: …" line, then quoted questions, each followed by
  "Why it works: …"; a "★ COMPANY-SPECIFIC" or "◆ ROLE-SPECIFIC" line marks
  the question below it.
- The 30/60/90 plan: "DAYS 1-30", the phase name ("Ramp"), its aim, then
  upper-case sub-headings with bullets and "MY MILESTONE". It becomes one
  beats note — the three phases in order — with the detail in its notes.
"""

from __future__ import annotations

import re

from flashdeck.core.importers.playbook_text import Context, Section, bulletise, is_quoted, unquote
from flashdeck.core.notes import NoteDraft

__all__ = ["parse_asks", "parse_plan"]

_INTERVIEWER = re.compile(r"for (?:the |your )?(.{3,40})")
_WHY_WORKS = re.compile(r"why it works:\s*(.*)", re.I)
_SPECIFIC = re.compile(r"(company|role)[- ]specific:?")


def _interviewer(text: str) -> str:
    """A readable interviewer type for "A question to ask the {interviewer}"."""
    if "recruit" in text:
        return "recruiter"
    if "hiring manager" in text or text in {"hm", "manager"}:
        return "hiring manager"
    if "peer" in text:
        return "peer interviewer"
    if "exec" in text or "skip" in text:
        return "executive or skip-level"
    return text.rstrip(":")


def parse_asks(ctx: Context, region: Section) -> list[NoteDraft]:
    """The "ask" notes: every quoted question under a "For the …" heading."""
    doc = ctx.doc
    notes: list[NoteDraft] = []
    interviewer = ""
    marker = ""
    current: NoteDraft | None = None
    for first, text in doc.paragraphs(region.start + 1, region.end):
        key = doc.keys[first]
        heading = _INTERVIEWER.fullmatch(key)
        specific = _SPECIFIC.fullmatch(key)
        if heading and not is_quoted(text) and not text.endswith("."):
            interviewer, marker, current = _interviewer(heading.group(1)), "", None
        elif specific:
            marker = f"{specific.group(1)}-specific"
        elif is_quoted(text) and interviewer:
            fields = {"question": unquote(text), "interviewer": interviewer}
            extra = (marker,) if marker else ()
            current = NoteDraft("ask", fields, tags=ctx.tags("ask", interviewer, *extra), line=first + 1)
            notes.append(current)
            marker = ""
        elif (why := _WHY_WORKS.fullmatch(text)) and current is not None:
            current.fields["why"] = why.group(1).strip()
    return notes


_PHASE = re.compile(r"days? (\d+)\s*(?:-|to)\s*(\d+):?")
_MILESTONE = re.compile(r"my milestone:?")
_CLOSING = re.compile(r"this is my approach\b.*")


def _is_subheading(raw: str) -> bool:
    letters = [c for c in raw if c.isalpha()]
    return bool(letters) and raw == raw.upper() and len(raw) <= 60 and not raw.startswith("-")


def _sentence_case(raw: str) -> str:
    return re.sub(r"\bi\b", "I", raw.strip(" :").capitalize())


def _phase(ctx: Context, head: int, end: int) -> tuple[str, str]:
    """(beat, detail as Markdown) for the phase whose heading is at ``head``."""
    doc = ctx.doc
    match = _PHASE.fullmatch(doc.keys[head])
    days = f"Days {match.group(1)}-{match.group(2)}" if match else doc.raw[head]
    lines = list(doc.content(head + 1, end))
    intro: list[str] = []
    while lines and not _is_subheading(doc.raw[lines[0]]) and len(intro) < 2:
        intro.append(doc.raw[lines.pop(0)])
    name = intro[0] if intro else ""
    aim = intro[1] if len(intro) > 1 else ""
    detail = [f"**{days} — {name}**" + (f" — {aim}" if aim else "")]
    milestone = ""
    subs = [i for i in lines if _is_subheading(doc.raw[i])] + [end]
    for n, sub in enumerate(subs[:-1]):
        stop = subs[n + 1]
        if _MILESTONE.fullmatch(doc.keys[sub]):
            paragraphs = doc.paragraphs(sub + 1, stop)
            milestone = " ".join(text for _, text in paragraphs)
            detail.append(f"*My milestone:* {milestone}")
        else:
            detail.append(f"*{_sentence_case(doc.raw[sub])}*\n\n" + bulletise(doc.items(sub + 1, stop)))
    beat = f"**{days} — {name}:** {aim.rstrip('.')}".rstrip(": ")
    if milestone:
        beat += f". Milestone: {milestone}"
    else:
        ctx.warn(head, f"{days} of the 30/60/90 plan has no MY MILESTONE")
    return beat, "\n\n".join(detail)


def parse_plan(ctx: Context, region: Section) -> list[NoteDraft]:
    """The 30/60/90 plan as one beats note: a beat per phase, the detail in its notes."""
    doc = ctx.doc
    heads = doc.find_all(_PHASE, region.start, region.end)
    if not heads:
        return []
    beats, details = [], []
    for n, head in enumerate(heads):
        end = heads[n + 1] if n + 1 < len(heads) else region.end
        closing_at = doc.find(_CLOSING, head + 1, end)
        beat, detail = _phase(ctx, head, closing_at if closing_at is not None else end)
        beats.append(beat)
        details.append(detail)
        if closing_at is not None:
            details.append(f"*{doc.raw[closing_at]}*")
    fields = {
        "title": "30/60/90 day plan",
        "beats": bulletise(beats, ordered=True),
        "notes": "\n\n".join(details),
    }
    return [NoteDraft("beats", fields, tags=ctx.tags("30-60-90-plan"), line=heads[0] + 1)]
