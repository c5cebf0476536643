"""``flashdeck render NOTE_ID``: a card's HTML exactly as the review screen shows it; ``flashdeck notes``.

``notes QUERY`` lists the notes a search finds with both of their ids — the number
``render``, the browser and the editor use, and the stable ``d:…`` id imports and
deck files use — and their cards; ``render`` takes either id.

For checking what a deck from a stranger would display (and for scripts): the
same sanitised HTML the review screen hands its text view, printed to stdout
followed by one newline. The view's default style sheet (fonts, the yellow of
a blank) is not part of that HTML and is not printed.

Same contract as flashdeck.cli: exit 0 on success, 1 with one line on stderr
for a problem the user can fix (no such note, no such card), 2 for bad usage.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from flashdeck.collection import CardView, Collection

__all__ = ["COMMANDS", "add_parsers", "cmd_notes", "review_html"]


def add_parsers(sub: Any) -> None:
    """Add the ``render`` and ``notes`` commands to flashdeck's subparsers."""
    notes = sub.add_parser("notes", help="list the notes a search finds, with their ids (for render and the editor)")
    notes.add_argument("query", nargs="?", default="", metavar="QUERY",
                       help="the browser's search language, e.g. 'deck:Prep kind:story' (default: every note)")
    notes.add_argument("--json", action="store_true")
    render = sub.add_parser("render", help="print a card's HTML as the review screen shows it")
    render.add_argument("note_id", metavar="NOTE_ID",
                        help="the note's id: its number or its stable id (d:…), as `flashdeck notes` lists them")
    render.add_argument("--card", type=int, default=1, metavar="N",
                        help="which of the note's card templates, counting from 1 (default 1)")
    render.add_argument("--back", action="store_true", help="the answer side (the back repeats the front first)")


def review_html(card: CardView, back: bool) -> str:
    """The HTML the review screen gives its card view for ``card`` (front, or back once revealed)."""
    from flashdeck.core.render import with_large_prompt

    front_html, back_html = with_large_prompt(*card.render())
    return back_html if back else front_html


def _fail(message: str) -> int:
    print(f"flashdeck: {message}".splitlines()[0], file=sys.stderr)
    return 1


def _note_cards(col: Collection, note_id: int) -> dict[int, CardView]:
    """The note's cards by template ordinal (a template the note's fields do not fill has none)."""
    cards = [col.card(card_id) for card_id in col.search(f"note:{note_id}")]
    return {card.ord: card for card in cards if card.note_id == note_id}


def cmd_render(args: argparse.Namespace) -> int:
    from flashdeck.collection import Collection, NotFound
    from flashdeck.core.kinds import kind_by_name

    with Collection.open(args.db) as col:
        try:
            note_id = col.note_id(args.note_id)
        except NotFound:
            return _fail(f"no note with id {args.note_id} (`flashdeck notes` lists them)")
        note = col.note(note_id)
        cards = _note_cards(col, note_id)
        templates = kind_by_name(note.kind).templates
        card = cards.get(args.card - 1)
        if card is None:
            have = ", ".join(f"{o + 1} ({templates[o].name})" for o in sorted(cards)) or "none"
            return _fail(f"note {args.note_id} has no card {args.card}; its cards: {have}")
        html = review_html(card, args.back)
    sys.stdout.write(html + "\n")
    return 0


def cmd_notes(args: argparse.Namespace) -> int:
    import json

    from flashdeck.collection import Collection
    from flashdeck.core.kinds import kind_by_name
    from flashdeck.core.search import SearchError

    with Collection.open(args.db) as col:
        try:
            found = col.notes(args.query)
        except SearchError as err:
            return _fail(f"bad search {args.query!r}: {err}")
    if args.json:
        names = {n.kind: tuple(t.name for t in kind_by_name(n.kind).templates) for n in found}
        print(json.dumps([n.to_dict(names[n.kind]) for n in found], indent=2, ensure_ascii=False))
        return 0
    if not found:
        print("no notes found")
        return 0
    width = max(len(str(n.id)) for n in found)
    guid_width = max(len(n.guid) for n in found)
    for n in found:
        cards = f"{len(n.cards)} card{'s' if len(n.cards) != 1 else ''}"
        print(f"{str(n.id).rjust(width)}  {n.guid.ljust(guid_width)}  {n.kind:<9} {cards:<8} {n.deck}: {n.title}")
    return 0


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "render": cmd_render,
    "notes": cmd_notes,
}
