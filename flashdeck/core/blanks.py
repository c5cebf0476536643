"""Blanks: bracketed text a card shows as a "fill in" mark.

Apart from the renderer so that what only counts or finds blanks (import planning, the ``is:blank``
search) does not load Markdown and the HTML sanitiser with it.
"""

from __future__ import annotations

import re

__all__ = ["BLANK", "count_blanks"]

# A blank is bracketed text that is not a Markdown link or a task-list box.
# Anki's sound tags ("[sound:x.mp3]", kept from imported packages) are not blanks either.
BLANK = re.compile(r"\[(?!\s?\]|[xX]\]|sound:)([^\[\]\n]{1,300})\](?![(\[:])")


def count_blanks(text: str) -> int:
    return len(BLANK.findall(text))
