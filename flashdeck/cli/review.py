"""Reviewing in a terminal, one line of input at a time (``flashdeck review``).

Lines, not keystrokes, so it can be scripted: ``printf '\\n3\\n\\n3\\n' | flashdeck review``
answers two cards Good. Every rating is committed before the next card shows.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any, TextIO

from flashdeck.cli.common import Command, open_collection
from flashdeck.core.errors import CardChanged
from flashdeck.core.kinds import kind_by_name
from flashdeck.core.scheduling import Rating

if TYPE_CHECKING:
    from flashdeck.collection import CardView, Collection

__all__ = ["COMMANDS", "TerminalReview", "add_parsers"]


def add_parsers(sub: Any) -> None:
    review = sub.add_parser("review", help="review in the terminal (reads lines from stdin)")
    review.add_argument("--deck")
    review.add_argument("--limit", type=int, default=None, metavar="N")


_HELP_FRONT = "[Enter] show answer · u undo · s suspend · q quit"
_COMMANDS = {"u", "undo", "s", "suspend", "q", "quit"}


def _front_text(card: CardView) -> str:
    template = kind_by_name(card.kind).templates[card.ord]
    return template.front.format_map(_Missing(card.fields)).replace("**", "")


def _back_text(card: CardView) -> str:
    kind = kind_by_name(card.kind)
    parts = []
    for name in kind.templates[card.ord].back:
        value = card.fields.get(name, "").strip()
        if value:
            parts.append(f"{kind.label_of(name)}:\n{value}")
    return "\n\n".join(parts) or "(no answer text)"


class _Missing(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return ""


class TerminalReview:
    def __init__(self, col: Collection, stdin: TextIO, stdout: TextIO, *, limit: int | None = None) -> None:
        self.col, self.stdin, self.out, self.limit = col, stdin, stdout, limit
        self.answered = 0

    def _say(self, text: str = "") -> None:
        self.out.write(text + "\n")
        self.out.flush()

    def _read(self, prompt: str) -> str | None:
        self.out.write(prompt)
        self.out.flush()
        line = self.stdin.readline()
        if not line:
            return None
        return line.rstrip("\r\n").strip()

    def _command(self, text: str, card: CardView) -> bool:
        """Handle u/s/q; True when the session should end."""
        if text in ("q", "quit"):
            return True
        if text in ("s", "suspend"):
            self.col.suspend([card.id])
            self._say(f"suspended card {card.id}")
        elif text in ("u", "undo"):
            try:
                entry = self.col.undo()
            except CardChanged as err:  # another window built on that answer: nothing was undone
                self._say(str(err.args[0]))
                return False
            if entry is None:
                self._say("nothing to undo")
            else:
                if entry.label == "answer":
                    self.answered -= 1
                self._say(f"undone: {entry.label}")
        return False

    def run(self) -> int:
        while self.limit is None or self.answered < self.limit:
            card = self.col.next_card()
            if card is None:
                self._say("Nothing more is due today.")
                break
            counts = self.col.counts()
            self._say(f"\n— new {counts.new} · learning {counts.learning} · review {counts.review} —")
            self._say(_front_text(card))
            text = self._read(f"{_HELP_FRONT}\n> ")
            if text is None:
                break
            if text in _COMMANDS:
                if self._command(text, card):
                    break
                continue
            self._say(_back_text(card))
            if not self._rate(card):
                break
        self._say(f"{self.answered} card(s) answered.")
        return 0

    def _rate(self, card: CardView) -> bool:
        """Read a rating; False when the session should end."""
        preview = self.col.interval_preview(card.id)
        buttons = " · ".join(f"{r.value} {r.name.lower()} ({preview[r]})" for r in Rating)
        while True:
            text = self._read(f"{buttons} · u undo · s suspend · q quit\n> ")
            if text is None:
                return False
            if text in _COMMANDS:
                return not self._command(text, card)
            try:
                rating = Rating.parse(text)
            except ValueError as err:
                self._say(str(err))
                continue
            try:
                self.col.answer(card.id, rating)
            except CardChanged as err:  # answered in another window meanwhile: show what is due now
                self._say(str(err.args[0]))
                return True
            self.answered += 1
            self._say(f"answered {rating.name.lower()} (card {card.id})")
            return True


def cmd_review(args: argparse.Namespace) -> int:
    with open_collection(args) as col:
        if args.deck:
            col.select_deck(args.deck)
        return TerminalReview(col, sys.stdin, sys.stdout, limit=args.limit).run()


COMMANDS: dict[str, Command] = {"review": cmd_review}
