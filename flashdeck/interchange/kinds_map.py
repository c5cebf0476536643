"""How FlashDeck kinds and fields meet Anki note types and fields (both directions).

A kind is exported as the note type ``FlashDeck <Label>`` whose fields are the
kind's field labels in the kind's order. On import, a note type whose name
starts with ``FlashDeck`` and whose fields are exactly one kind's labels is
that kind again; any other note type becomes ``basic``.

Field text: FlashDeck fields are Markdown, Anki fields are HTML. Markdown goes
to Anki as written, with line breaks as ``<br>`` (inline HTML such as an image
works in both); coming back, ``<br>`` and ``<div>`` become line breaks again
and ``&nbsp;`` a space, so text survives the round trip unchanged.
"""

from __future__ import annotations

import re

from flashdeck.core.kinds import KINDS, NoteKind

__all__ = ["NOTETYPE_PREFIX", "anki_to_markdown", "kind_for_notetype", "markdown_to_anki", "notetype_name"]

NOTETYPE_PREFIX = "FlashDeck "
_BREAKS = re.compile(r"<br\s*/?>|</div>\s*<div>|</?div>", re.IGNORECASE)
_BY_LABELS = {tuple(spec.label for spec in kind.fields): kind for kind in KINDS.values()}


def notetype_name(kind: NoteKind) -> str:
    return NOTETYPE_PREFIX + kind.label


def kind_for_notetype(name: str, field_names: tuple[str, ...]) -> NoteKind | None:
    """Our kind for an Anki note type we exported (Anki may append a suffix to the name), else ``None``."""
    if not name.startswith(NOTETYPE_PREFIX):
        return None
    return _BY_LABELS.get(field_names)


def markdown_to_anki(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\n", "<br>")


def anki_to_markdown(html: str) -> str:
    return _BREAKS.sub("\n", html).replace("&nbsp;", " ").strip()
