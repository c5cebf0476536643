"""Markdown to sanitised HTML, and the front and back of every card.

Anything a deck holds may come from a stranger, so the HTML is cleaned with an
allow-list (nh3): no scripts, no event handlers, no remote or local resources.
Bracketed blanks such as ``[what year?]`` stay visible as "fill in" marks.
"""

from __future__ import annotations

import html as html_lib
import re
from collections.abc import Iterable, Mapping
from functools import lru_cache

import markdown as md_lib
import nh3

from flashdeck.core.blanks import BLANK, count_blanks
from flashdeck.core.kinds import asked_question, kind_by_name
from flashdeck.core.markdown_lists import CommonMarkLists

__all__ = ["BLANK", "count_blanks", "render_card", "render_markdown", "with_large_prompt"]


_ALLOWED_TAGS = {
    "p", "br", "hr", "strong", "em", "b", "i", "u", "s", "del", "code", "pre", "kbd",
    "blockquote", "ul", "ol", "li", "h1", "h2", "h3", "h4", "h5", "h6",
    "table", "thead", "tbody", "tr", "th", "td", "span", "div", "a", "sup", "sub", "img",
}
_ALLOWED_ATTRS = {"span": {"class"}, "div": {"class"}, "a": {"href", "title"}, "th": {"align"}, "td": {"align"},
                  "img": {"src", "alt", "title"},
                  # A list that starts at 3 (or goes on after a paragraph) keeps its numbers.
                  "ol": {"start"},
                  "*": set()}  # no attribute on every tag: nh3 would otherwise allow lang and title anywhere
# An image may only name a file in the media folder (from an Anki package): a plain
# file name, no scheme, no folder. Any other <img> is dropped whole (the view refuses it too).
_IMAGE = re.compile(r"<img\b[^>]*>")
# "%" too: a URL decodes "%2F" to "/" (the view refuses "%" as well).
_LOCAL_SRC = re.compile(r'\ssrc="(?!\.)[^"/\\:%]+"')


class _Markdown:
    """One Markdown converter, reset per use (building one costs ~1 ms)."""

    def __init__(self) -> None:
        # sane_lists writes <ol start="…">; CommonMarkLists reads lists as people type them.
        self._md = md_lib.Markdown(extensions=["tables", "sane_lists", "fenced_code", CommonMarkLists()])

    def convert(self, text: str) -> str:
        self._md.reset()
        return str(self._md.convert(text))


@lru_cache(maxsize=1)
def _converter() -> _Markdown:
    return _Markdown()


def _mark_blanks(text: str) -> str:
    return BLANK.sub(lambda m: f'<span class="fill-in">[{m.group(1)}]</span>', text)


def _drop_foreign_images(html: str) -> str:
    if "<img" not in html:
        return html
    return _IMAGE.sub(lambda m: m.group(0) if _LOCAL_SRC.search(m.group(0)) else "", html)


def sanitise(html: str) -> str:
    return _drop_foreign_images(nh3.clean(
        html,
        tags=_ALLOWED_TAGS,
        attributes=_ALLOWED_ATTRS,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    ))


# Python-Markdown is quadratic or worse on some shapes (thousands of unclosed
# "[", long runs of headings or underlines) and recurses once per nesting level
# (a few hundred nested lists raise RecursionError). A field past these bounds
# is shown as plain text: a hostile or runaway field never freezes a screen.
MARKDOWN_MAX_CHARS = 20_000
MARKDOWN_MAX_LINES = 1_000
_MARKDOWN_MAX_BRACKETS = 200
_DEEP_NESTING = re.compile(r"^(?:[ \t]*(?:>|(?:[-*+]|\d{1,9}[.)])[ \t])){24,}|^[ \t]{96,}\S", re.MULTILINE)
# Plain text past this is cut: a 30 MB field would take the text view minutes to lay out.
PLAIN_MAX_CHARS = 200_000


def _too_complex(text: str) -> bool:
    return (
        len(text) > MARKDOWN_MAX_CHARS
        or text.count("\n") >= MARKDOWN_MAX_LINES
        or text.count("[") > _MARKDOWN_MAX_BRACKETS
        or _DEEP_NESTING.search(text) is not None
    )


def _plain_html(text: str) -> str:
    """Text as escaped paragraphs with line breaks kept and blanks marked (no Markdown)."""
    cut = len(text) - PLAIN_MAX_CHARS
    shown = html_lib.escape(text[:PLAIN_MAX_CHARS] if cut > 0 else text, quote=False)
    paragraphs = [p.replace("\n", "<br>") for p in re.split(r"\n[ \t]*\n", _mark_blanks(shown)) if p.strip()]
    out = "".join(f"<p>{p}</p>" for p in paragraphs)
    if cut > 0:
        out += f"<p><i>… {cut:,} more characters not shown</i></p>"
    return out


def render_markdown(text: str) -> str:
    """Markdown → safe HTML with blanks marked (plain text for a field too big or deep to format)."""
    if _too_complex(text):
        return sanitise(_plain_html(text))
    try:
        converted = _converter().convert(_mark_blanks(text))
    except RecursionError:  # a nesting shape the bounds above did not foresee
        return sanitise(_plain_html(text))
    return sanitise(converted)


class _Fields(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return ""


def render_card(kind: str, ordinal: int, fields: Mapping[str, str], tags: Iterable[str] = ()) -> tuple[str, str]:
    """The (front, back) HTML of card ``ordinal`` of a note (its tags may name a field's heading)."""
    spec = kind_by_name(kind)
    template = spec.templates[ordinal]
    front_md = template.front.format_map(_Fields(fields))
    if question := asked_question(kind, ordinal, fields):
        front_md += "\n\n> " + question  # the question the story is told for
    sections = []
    tags = tuple(tags)
    for name in template.back:
        value = fields.get(name, "").strip()
        if value:
            sections.append(f'<div class="field"><h4>{spec.label_for(name, tags)}</h4>{render_markdown(value)}</div>')
    front = render_markdown(front_md)
    back = front + '<hr id="answer">' + "".join(sections)
    return front, back


def with_large_prompt(front: str, back: str) -> tuple[str, str]:
    """The review screen's HTML: the prompt a size up from the answer text, on both sides.

    The back repeats the front first. Kept here, not in the Qt screen, so that
    ``flashdeck render`` prints exactly what the review screen shows.
    """
    # Our own wrapper around already-sanitised HTML; Qt maps "large" to one step above the base font.
    large = f'<div style="font-size: large">{front}</div>'
    return large, (large + back[len(front):] if back.startswith(front) else back)
