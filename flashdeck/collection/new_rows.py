"""The rows of an import's new notes made a column at a time, when the notes are all alike.

A CSV of thousands of cards is, as a rule, thousands of new notes of one deck and one kind, with the
same field names, tags and target. Their rows then differ only in the values each note has: the id, the
derived id, the title, the fields' JSON and the search text. Each of those columns is made by C-level
iteration (``map`` over the drafts with a built-in) instead of a Python loop a note, which was most of
the writer's time (10,000 notes: ~22,000 interpreter instructions a note, ~4,000 this way). The rows are
the same values, in the same order, that ``Collection._write_plan``'s loop makes (tested side by side);
any plan that is not uniform goes through that loop.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from itertools import chain, repeat
from operator import attrgetter, countOf, itemgetter
from typing import TYPE_CHECKING, Any

from flashdeck.core.kinds import kind_by_name

if TYPE_CHECKING:
    from flashdeck.collection.importing import PlannedNote
    from flashdeck.storage.store import NewCards, NewNotes

__all__ = ["add_alike", "fields_json_column"]

# What CPython's C encoder calls for each string (json.dumps(ensure_ascii=False)): quotes and escapes.
_quote: Callable[[str], str] = json.encoder.encode_basestring
# The bytes a JSON string escapes (ensure_ascii=False): the quote, the backslash and the controls below a space.
# Every other character, any non-ASCII one too (its UTF-8 bytes are all >= 0x80), goes in as it is.
_ESCAPED = bytes(range(0x20)) + b'"\\'

_draft = attrgetter("draft")
_fields = attrgetter("fields")
_action = attrgetter("action")
_kind = attrgetter("kind")
_tags = attrgetter("tags")
_target = attrgetter("target")


def _columns(field_dicts: list[dict[str, str]], names: tuple[str, ...]) -> list[list[str]]:
    """The values of ``field_dicts`` (each with exactly the keys ``names``, in that order), a list per name."""
    if len(names) == 1:
        return [list(map(itemgetter(names[0]), field_dicts))]
    flat = list(chain.from_iterable(map(itemgetter(*names), field_dicts)))
    return [flat[i::len(names)] for i in range(len(names))]


def fields_json_column(columns: list[list[str]], names: tuple[str, ...]) -> list[str]:
    """Per row, ``json.dumps({name: value …}, ensure_ascii=False, sort_keys=True)`` of the row's values in
    ``columns`` (one per name): the keys' text made once, each row joined from it and its values, quoted by
    the encoder's own function only when some value needs an escape (checked over all values at once:
    quoting each is ~1,400 instructions a string, ~70 % of making the JSON)."""
    order = sorted(range(len(names)), key=names.__getitem__)
    text = "".join(chain.from_iterable(columns)).encode("utf-8", "surrogatepass")
    mark = '"' if len(text.translate(None, _ESCAPED)) == len(text) else ""
    values = [columns[i] if mark else list(map(_quote, columns[i])) for i in order]
    pieces = [f"{'{' if k == 0 else mark + ', '}{_quote(names[i])}: {mark}" for k, i in enumerate(order)]
    rows = zip(*chain.from_iterable(zip(map(repeat, pieces), values, strict=True)), repeat(mark + "}"))
    return list(map("".join, rows))


def _all(values: Iterator[Any], first: Any, count: int) -> bool:
    """Whether all ``count`` values are ``first`` (or equal to it): ``countOf`` compares at C speed, by
    identity first (the notes of one file share their kind's and tags' objects), and hashes nothing."""
    return countOf(values, first) == count


def add_alike(planned: list[PlannedNote], deck_ids: dict[str, int], imported: str | None, next_note: int,
              next_card: int, notes: NewNotes, cards: NewCards) -> bool:
    """Add the rows of ``planned`` to ``notes`` and ``cards`` (ids from ``next_note`` and ``next_card``) when
    every note is new and all share deck, kind, field names, tags and target, and make at most one card
    each. Returns False, having added nothing, for any other plan."""
    count = len(planned)
    if not count or len(deck_ids) != 1 or not _all(map(_action, planned), "add", count):
        return False
    drafts = list(map(_draft, planned))
    first = drafts[0]
    kind, tags, target = first.kind, first.tags, first.target
    field_dicts = list(map(_fields, drafts))
    names = tuple(first.fields)
    if not (names and _all(map(_kind, drafts), kind, count) and _all(map(_tags, drafts), tags, count)
            and _all(map(_target, drafts), target, count) and _all(map(tuple, field_dicts), names, count)):
        return False
    spec = kind_by_name(kind)
    ordinals = [ordinal for ordinal, _tpl in spec.templates_for(field_dicts[0])]
    if len(ordinals) > 1:
        return False  # (their card ids interleave note by note: the loop's order)
    deck_id = next(iter(deck_ids.values()))  # (the notes' one deck)
    columns = _columns(field_dicts, names)
    # (the values in field order, as the dicts hold them: the search text is them joined, case-folded)
    texts = columns[0] if len(names) == 1 else map("\n".join, zip(*columns, strict=True))
    title = spec.title_field
    notes.group((deck_id, kind, target[0] if target else None, target[1] if target else None, imported)).extend(
        zip(range(next_note, next_note + count), map(attrgetter("guid"), planned),
            columns[names.index(title)] if title in names else repeat(""),
            fields_json_column(columns, names),
            repeat(f" {' '.join(tags)} " if tags else ""),
            map(str.casefold, texts)))
    if ordinals:
        cards.add_run(next_card, next_note, count, deck_id, ordinals[0])
    return True
