"""Reading a competency guide's text into its parts: the structure, not yet notes.

The guides are text pulled from a web page or a PDF, so they carry no Markdown:
headings are bare lines ("Direct Triggers"), emoji sit alone on the lines between
sections, and several parts (signals, pitfalls, red flags, probes, company
framings, levels, story ideas) have no heading at all. Those parts are found by
the labelled lines that end or start each of them ("Common Miss …", "Fix…",
"Probes:", "What Elevates", "Anti-pattern …", "Also covers: …"); see
:mod:`flashdeck.core.importers.competency_lines` for how lines are classified.
"""

from __future__ import annotations

from flashdeck.core.importers.competency_lines import (
    ANCHORS,
    CONTAINER,
    LIST,
    ONE_LINE,
    PAIRS,
    PARAGRAPH,
    Line,
    anchor_of,
    clean_lines,
    heading_of,
    is_bullet,
    split_pair,
    starts_with_quote,
    strong_marker,
    title_line,
    weak_marker,
)
from flashdeck.core.importers.competency_parts import (
    Framing,
    Guide,
    Level,
    Pitfall,
    Probe,
    Section,
    Signal,
    StoryIdea,
)

__all__ = ["Guide", "read_guide"]


def _warn(guide: Guide, source: str, line: int, message: str) -> None:
    guide.warnings.append(f"{source}:{line}: {message}")


def _skipped(guide: Guide, source: str, line: Line) -> None:
    _warn(guide, source, line.number, f"text not recognised as part of the guide, skipped: {line.text!r}")


def read_guide(text: str, source: str) -> Guide:
    """Split a guide's text into its parts; lines that fit nowhere become warnings."""
    lines = clean_lines(text)
    guide = Guide()
    first = next(
        (i for i, ln in enumerate(lines) if heading_of(ln) is not None or anchor_of(ln) is not None),
        len(lines),
    )
    _read_preamble(lines[:first], guide, source)
    # The page repeats its subtitle as a banner near the end; it is already kept.
    body = [ln for ln in lines[first:] if not (guide.subtitle and ln.text == guide.subtitle)]
    if first < len(lines):
        guide.first_line = lines[first].number
    i = 0
    while i < len(body):
        if body[i].blank:
            i += 1
            continue
        heading = heading_of(body[i])
        if heading is not None:
            name, shape, inline = heading
            i = _read_section(body, i, name, shape, inline, guide, source)
            continue
        j = i
        while j < len(body) and heading_of(body[j]) is None:
            j += 1
        _read_run(body[i:j], guide, source)
        i = j
    return guide


def _read_preamble(lines: list[Line], guide: Guide, source: str) -> None:
    """Title, subtitle and company from the page header; page chrome becomes warnings."""
    content = [ln for ln in lines if not ln.blank]
    title_at = None
    for index, ln in enumerate(content):
        parsed = title_line(ln.text)
        if parsed is None:
            continue
        kind, first, second = parsed
        if kind == "banner":
            guide.company = guide.company or first
            guide.banner_beats = second
        elif title_at is None:
            guide.title, guide.company = first, second or guide.company
            title_at = index
    for index, ln in enumerate(content):
        if title_line(ln.text) is not None:
            continue
        if title_at is not None and index == title_at + 1:
            guide.subtitle = ln.text
            continue
        _skipped(guide, source, ln)


def _next_content(body: list[Line], i: int) -> int:
    while i < len(body) and body[i].blank:
        i += 1
    return i


def _stops(ln: Line) -> bool:
    return ln.blank or heading_of(ln) is not None or anchor_of(ln) is not None


def _read_section(
    body: list[Line], i: int, name: str, shape: str, inline: str, guide: Guide, source: str
) -> int:
    """Record the section headed at ``body[i]``; returns the index after what it owns."""
    heading = body[i]
    owned: list[Line] = [Line(heading.number, inline)] if inline else []
    k = _next_content(body, i + 1)
    end = i + 1
    if (shape == PARAGRAPH and not inline) or (shape == LIST and (k >= len(body) or not is_bullet(body[k]))):
        while k < len(body) and not _stops(body[k]):
            owned.append(body[k])
            k += 1
        end = k
    elif shape == ONE_LINE and not inline:
        if k < len(body) and not _stops(body[k]):
            owned.append(body[k])
            end = k + 1
    elif shape == LIST:
        while k < len(body) and is_bullet(body[k]):
            owned.append(body[k])
            end = k + 1
            k = _next_content(body, k + 1)
    elif shape == PAIRS:
        while k < len(body) and not _stops(body[k]):
            after = _next_content(body, k + 1)
            # A line followed by "Probes:" is the first probe's question, not a pair.
            if after < len(body) and anchor_of(body[after]) == "probes":
                break
            pair = split_pair(body[k].text)
            if pair is None:
                break
            guide.confusions.append((body[k].number, *pair))
            owned.append(body[k])
            end = k + 1
            k = after
    if shape != CONTAINER:
        if not owned:
            _warn(guide, source, heading.number, f"the {name!r} section is empty")
        if shape != PAIRS:
            guide.sections.append(Section(name, heading.number, owned))
    return end


def _read_run(run: list[Line], guide: Guide, source: str) -> None:
    """Parts without headings, each found by the labelled line that ends (or starts) it."""
    p = _next_content(run, 0)
    while p < len(run):
        a = _next_content(run, p + 1)
        while a < len(run) and anchor_of(run[a]) not in ANCHORS:
            a = _next_content(run, a + 1)
        if anchor_of(run[p]) in ANCHORS:
            a = p  # a labelled line with nothing before it: reported below as stray
        if a >= len(run):
            for ln in run[p:]:
                if not ln.blank:
                    _skipped(guide, source, ln)
            return
        kind = anchor_of(run[a]) or ""
        if a == p:
            _skipped(guide, source, run[p])
            p = _next_content(run, p + 1)
            continue
        if kind == "probes":
            question = p
            for q in range(p, a):
                if not run[q].blank:
                    question = q
            for ln in run[p:question]:
                if not ln.blank:
                    _skipped(guide, source, ln)
            p = _read_probe(run, question, a, guide, source)
        elif kind in ("signal", "example", "elevates"):
            end = _framing_tail(run, a)
            _read_framing(run[p:end], guide)
            p = end
        else:
            block = [ln for ln in run[p : a + 1] if not ln.blank]
            {"miss": _read_signal, "fix": _read_pitfall, "anti": _read_level, "also": _read_story}[kind](
                block, guide
            )
            p = a + 1
        p = _next_content(run, p)


def _read_signal(block: list[Line], guide: Guide) -> None:
    *head, miss = block
    quoted = [i for i, ln in enumerate(head) if starts_with_quote(ln.text)]
    first_quote = quoted[0] if quoted else 1
    description = head[:first_quote] or head[:1]
    rest = head[len(description) :]
    guide.signals.append(
        Signal(
            line=block[0].number,
            description=" ".join(ln.text for ln in description),
            phrases=[ln.text for ln in rest if starts_with_quote(ln.text)],
            why="\n".join(ln.text for ln in rest if not starts_with_quote(ln.text)),
            miss=ANCHORS["miss"].match(miss.text).group(1).strip(),  # type: ignore[union-attr]
        )
    )


def _read_pitfall(block: list[Line], guide: Guide) -> None:
    name, *middle, fix = block
    detection = [ANCHORS["detection"].match(ln.text) for ln in middle]
    guide.pitfalls.append(
        Pitfall(
            line=name.number,
            name=name.text,
            quotes=[ln.text for ln in middle if starts_with_quote(ln.text)],
            explanation="\n".join(
                ln.text
                for ln, d in zip(middle, detection, strict=True)
                if not d and not starts_with_quote(ln.text)
            ),
            detection="\n".join(d.group(1).strip() for d in detection if d),
            fix=ANCHORS["fix"].match(fix.text).group(1).strip(),  # type: ignore[union-attr]
            flagged=name.flagged,
        )
    )


def _read_level(block: list[Line], guide: Guide) -> None:
    name, *middle, anti = block
    guide.levels.append(
        Level(
            line=name.number,
            name=name.text,
            description=[ln.text for ln in middle],
            anti_pattern=ANCHORS["anti"].match(anti.text).group(1).strip(),  # type: ignore[union-attr]
        )
    )


def _read_story(block: list[Line], guide: Guide) -> None:
    title, *middle, also = block
    guide.stories.append(
        StoryIdea(
            line=title.number,
            title=title.text,
            description=middle[0].text if middle else "",
            example=[ln.text for ln in middle[1:]],
            also_covers=ANCHORS["also"].match(also.text).group(1).strip(),  # type: ignore[union-attr]
        )
    )


def _framing_tail(run: list[Line], a: int) -> int:
    """The end of a company framing's labelled tail (Signal, Example Q, What Elevates + text)."""
    end = a
    k = a
    while k < len(run) and anchor_of(run[k]) in ("signal", "example", "elevates"):
        is_elevates = anchor_of(run[k]) == "elevates"
        end = k + 1
        if is_elevates and not ANCHORS["elevates"].match(run[k].text).group(1).strip():  # type: ignore[union-attr]
            # Its text is the one line after it: the next company's badge may follow at once.
            j = _next_content(run, k + 1)
            if j < len(run) and not _stops(run[j]):
                end = j + 1
        k = _next_content(run, end)
    return end


def _read_framing(lines: list[Line], guide: Guide) -> None:
    content = [ln for ln in lines if not ln.blank]
    tail_at = next(i for i, ln in enumerate(content) if anchor_of(ln) is not None)
    head = content[:tail_at]
    # The page shows a two-letter badge ("AM") above the company name.
    if len(head) >= 3 and head[0].text.isupper() and len(head[0].text) <= 3:
        head = head[1:]
    framing = Framing(
        line=(head or content)[0].number,
        company=head[0].text if head else "",
        value=head[1].text if len(head) >= 3 else "",
        description=[ln.text for ln in head[2:] if len(head) >= 3] or [ln.text for ln in head[1:2]],
    )
    current = ""
    for ln in content[tail_at:]:
        kind = anchor_of(ln)
        if kind in ("signal", "example", "elevates"):
            current = kind
            text = ANCHORS[kind].match(ln.text).group(1).strip()  # type: ignore[union-attr]
        else:
            text = ln.text
        if not text:
            continue
        if current == "signal":
            framing.signal = " ".join(filter(None, (framing.signal, text)))
        elif current == "example":
            framing.example = " ".join(filter(None, (framing.example, text)))
        else:
            framing.elevates.append(text)
    guide.framings.append(framing)


def _probe_end(run: list[Line], k: int) -> int:
    """Where the lines a probe may own end: the next labelled line, heading or question."""
    while k < len(run):
        ln = run[k]
        after = _next_content(run, k + 1)
        if not ln.blank and (
            anchor_of(ln) is not None
            or heading_of(ln) is not None
            or (after < len(run) and anchor_of(run[after]) == "probes")
        ):
            return k
        k += 1
    return k


def _read_probe(run: list[Line], q: int, a: int, guide: Guide, source: str) -> int:
    """A probe starts at its question (the line before "Probes:"); returns where it ends.

    Weak part: every line between the Weak and Strong markers (the answer, then
    why it is weak). Strong part: one line (broken sentences are already
    rejoined), then a quoted tagline if the next line is one. Blank lines carry
    no meaning here: some copies of a guide have them, some do not.
    """
    weak: list[str] = []
    strong: list[str] = []
    state = ""
    k = a + 1
    # Without a Strong marker the weak part's extent is unknown: keep its first
    # line only, so a pitfall or signal that follows is not swallowed.
    end = _probe_end(run, a + 1)
    has_strong = any(strong_marker(ln.text) is not None for ln in run[a + 1 : end] if not ln.blank)
    while k < end:
        ln = run[k]
        if ln.blank:
            k += 1
            continue
        marker_w, marker_s = weak_marker(ln.text), strong_marker(ln.text)
        if marker_s is not None and state != "strong":
            state = "strong"
            strong.extend([marker_s] if marker_s else [])
        elif marker_w is not None and not state:
            state = "weak"
            weak.extend([marker_w] if marker_w else [])
        elif state == "weak" and (has_strong or not weak):
            weak.append(ln.text)
        elif state == "strong" and not strong:
            strong.append(ln.text)
        elif state == "strong" and len(strong) == 1 and starts_with_quote(ln.text):
            strong.append(ln.text)
            k += 1
            break
        else:
            break
        k += 1
    probes_text = ANCHORS["probes"].match(run[a].text).group(1).strip()  # type: ignore[union-attr]
    probe = Probe(run[q].number, run[q].text, probes_text, weak, strong)
    if not probe.strong:
        _warn(guide, source, probe.line, f"follow-up question {probe.question!r} has no strong answer")
    guide.probes.append(probe)
    return k
