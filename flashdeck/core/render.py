"""Markdown to sanitised HTML, and the front and back of every card.

Anything a deck holds may come from a stranger, so the HTML is cleaned with an
allow-list (nh3): no scripts, no event handlers, no remote or local resources.
Bracketed blanks such as ``[what year?]`` stay visible as "fill in" marks.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache

import markdown as md_lib
import nh3

from flashdeck.core.kinds import kind_by_name

__all__ = ["BLANK", "count_blanks", "render_card", "render_markdown"]

# A blank is bracketed text that is not a Markdown link or a task-list box.
# Anki's sound tags ("[sound:x.mp3]", kept from imported packages) are not blanks either.
BLANK = re.compile(r"\[(?!\s?\]|[xX]\]|sound:)([^\[\]\n]{1,300})\](?![(\[:])")

_ALLOWED_TAGS = {
    "p", "br", "hr", "strong", "em", "b", "i", "u", "s", "del", "code", "pre", "kbd",
    "blockquote", "ul", "ol", "li", "h1", "h2", "h3", "h4", "h5", "h6",
    "table", "thead", "tbody", "tr", "th", "td", "span", "div", "a", "sup", "sub", "img",
}
_ALLOWED_ATTRS = {"span": {"class"}, "div": {"class"}, "a": {"href", "title"}, "th": {"align"}, "td": {"align"},
                  "img": {"src", "alt", "title"}}
# An image may only name a file in the media folder (from an Anki package): a plain
# file name, no scheme, no folder. Any other <img> is dropped whole (the view refuses it too).
_IMAGE = re.compile(r"<img\b[^>]*>")
_LOCAL_SRC = re.compile(r'\ssrc="(?!\.)[^"/\\:]+"')


class _Markdown:
    """One Markdown converter, reset per use (building one costs ~1 ms)."""

    def __init__(self) -> None:
        self._md = md_lib.Markdown(extensions=["tables", "sane_lists", "fenced_code"])

    def convert(self, text: str) -> str:
        self._md.reset()
        return str(self._md.convert(text))


@lru_cache(maxsize=1)
def _converter() -> _Markdown:
    return _Markdown()


def count_blanks(text: str) -> int:
    return len(BLANK.findall(text))


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


def render_markdown(text: str) -> str:
    """Markdown → safe HTML with blanks marked."""
    return sanitise(_converter().convert(_mark_blanks(text)))


class _Fields(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return ""


def render_card(kind: str, ordinal: int, fields: Mapping[str, str]) -> tuple[str, str]:
    """The (front, back) HTML of card ``ordinal`` of a note."""
    spec = kind_by_name(kind)
    template = spec.templates[ordinal]
    front_md = template.front.format_map(_Fields(fields))
    sections = []
    for name in template.back:
        value = fields.get(name, "").strip()
        if value:
            sections.append(f'<div class="field"><h4>{spec.label_of(name)}</h4>{render_markdown(value)}</div>')
    front = render_markdown(front_md)
    back = front + '<hr id="answer">' + "".join(sections)
    return front, back
