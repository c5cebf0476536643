"""The search language: free text, ``deck:``, ``kind:``, ``tag:``, ``is:``, ``id:``.

``is:blank`` finds notes with a ``[bracketed blank]`` still to fill in.
Terms are ANDed; a leading ``-`` negates a term; double quotes group words
(``"long term"``, ``deck:"System design"``). ``*`` in ``deck:`` and ``tag:``
matches anything. Parsing is pure; storage compiles the terms to SQL.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from flashdeck.core.errors import InvalidInput

__all__ = ["IS_VALUES", "SearchError", "Term", "parse_search"]

FIELDS = ("deck", "kind", "tag", "is", "id", "note")
IS_VALUES = ("due", "new", "learning", "review", "suspended", "buried", "spoken", "blank")


class SearchError(InvalidInput):
    """A search the user typed that cannot be read; the message says what is wrong."""


@dataclass(frozen=True)
class Term:
    field: str  # "text" for free text
    value: str
    negated: bool = False


_TOKEN = re.compile(r'(-?)(?:(\w+):)?(?:"([^"]*)"|(\S+))')


def parse_search(query: str) -> list[Term]:
    """``'deck:Stories -is:suspended "long term"'`` → three terms."""
    if query.count('"') % 2:
        raise SearchError("unbalanced quote in search")
    terms = []
    for match in _TOKEN.finditer(query):
        negated, field, quoted, bare = match.groups()
        value = quoted if quoted is not None else bare
        field = (field or "").casefold()
        if field and field not in FIELDS:
            # "http://x" or "note:" style text that is not a known field stays free text
            value, field = f"{field}:{value}", ""
        if not field:
            if value.endswith(":") and value[:-1].casefold() in FIELDS:
                raise SearchError(f"{value} needs a value")
            if value:
                terms.append(Term("text", value, bool(negated)))
            continue
        value = value.strip()
        if not value:
            raise SearchError(f"{field}: needs a value")
        if field == "is" and value.casefold() not in IS_VALUES:
            raise SearchError(f"is:{value} is not known (is:{'|'.join(IS_VALUES)})")
        if field in ("id", "note") and not value.isdigit():
            raise SearchError(f"{field}: takes a number")
        terms.append(Term(field, value, bool(negated)))
    return terms
