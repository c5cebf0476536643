"""An Anki package as FlashDeck notes: what maps to what (pure; no database).

- Note types we exported (``FlashDeck <Label>``) come back as their kind, field by field.
- Any other note type becomes ``basic``: the first non-empty field is the front,
  the next non-empty field the back, and every further non-empty field is
  appended to the back as ``**Field name:** value``, so no content is lost.
  Cloze deletions ``{{c1::answer::hint}}`` show as a fill-in blank ``[hint]`` on
  the front; the back has the full text.
- Identity: a note we exported keeps its own id (Anki keeps the guid we gave it);
  any other note gets ``anki:<guid>``, so importing the same package again adds nothing.
- The deck is the deck of the note's first card; tags are kept as they are.
- Review history is kept per card (see ``flashdeck.interchange.history``); a
  ``basic`` note has one card, so only the history of the note's first Anki card
  comes with it (reviews of its other cards are counted in a warning).
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field

from flashdeck.core.kinds import KINDS, NoteKind
from flashdeck.core.notes import DeckMeta, NoteDraft, ParseResult
from flashdeck.interchange.anki_collection import QUEUE_SUSPENDED, AnkiCard, AnkiNote, AnkiNotetype
from flashdeck.interchange.apkg_read import AnkiPackage, MediaMember
from flashdeck.interchange.history import counted
from flashdeck.interchange.kinds_map import anki_to_markdown, kind_for_notetype

__all__ = ["CardHistory", "PackageResult", "package_result"]

FORMAT = "apkg"
_CLOZE = re.compile(r"\{\{c\d+::(.*?)(?:::(.*?))?\}\}", re.DOTALL)
_MAX_GUID = 110


@dataclass(frozen=True)
class CardHistory:
    """One card's Anki reviews as ``(time_ms, ease, kind, duration_ms)``, and whether it was suspended."""

    reviews: tuple[tuple[int, int, int, int], ...]
    suspended: bool


@dataclass
class PackageResult(ParseResult):
    """A ParseResult that also carries what only a package has: history and media."""

    package_path: str = ""
    media: list[MediaMember] = field(default_factory=list)
    histories: dict[tuple[str, int], CardHistory] = field(default_factory=dict)  # (guid, ord) -> history
    reviews: int = 0  # answers in the histories that can be imported


def package_result(package: AnkiPackage) -> PackageResult:
    col = package.collection
    cards_by_note: dict[int, list[AnkiCard]] = {}
    for card in col.cards:
        cards_by_note.setdefault(card.note_id, []).append(card)
    notes: list[NoteDraft] = []
    histories: dict[tuple[str, int], CardHistory] = {}
    warnings = list(package.warnings)
    empty = dropped_reviews = 0
    for note in col.notes:
        notetype = col.notetypes[note.notetype_id]
        kind = kind_for_notetype(notetype.name, notetype.fields)
        cards = sorted(cards_by_note.get(note.id, []), key=lambda c: c.ord)
        draft = _draft(note, notetype, kind)
        if draft is None:
            empty += 1
            continue
        if kind is not None and draft.kind != kind.name:
            kind = None  # fell back to basic
        draft.deck = col.decks.get(cards[0].deck_id, "Imported") if cards else "Imported"
        notes.append(draft)
        assert draft.guid is not None
        for position, card in enumerate(cards):
            # A basic note has one card: the history of the note's first Anki card.
            ordinal = card.ord if kind is not None else (0 if position == 0 else None)
            rows = tuple((r.time_ms, r.ease, r.kind, r.duration_ms) for r in col.reviews.get(card.id, ()))
            if ordinal is None or (kind is not None and ordinal >= len(kind.templates)):
                dropped_reviews += sum(1 for r in rows if counted(r[1], r[2]))
                continue
            histories[(draft.guid, ordinal)] = CardHistory(rows, card.queue == QUEUE_SUSPENDED)
    if empty:
        warnings.append(f"{empty} note(s) with no text in any field were skipped")
    if dropped_reviews:
        warnings.append(f"{dropped_reviews} review(s) of Anki cards beyond a note's first card "
                        "(e.g. reverse cards) have no FlashDeck card and were not imported")
    decks = Counter(n.deck for n in notes)
    deck = DeckMeta(decks.most_common(1)[0][0] if decks else None)
    reviews = sum(1 for h in histories.values() for r in h.reviews if counted(r[1], r[2]))
    return PackageResult(FORMAT, notes, deck, warnings, package_path=package.source, media=package.media,
                         histories=histories, reviews=reviews)


def _guid(note: AnkiNote, ours: bool) -> str:
    guid = note.guid if ours else "anki:" + note.guid
    if len(guid) > _MAX_GUID or not guid.strip():
        guid = "anki:" + hashlib.blake2b(note.guid.encode("utf-8", "surrogatepass"), digest_size=12).hexdigest()
    return guid


def _draft(note: AnkiNote, notetype: AnkiNotetype, kind: NoteKind | None) -> NoteDraft | None:
    values = [anki_to_markdown(v) for v in note.fields]
    if kind is not None:
        fields = {spec.name: value for spec, value in zip(kind.fields, values, strict=False) if value}
        if not fields.get(kind.title_field):
            kind = None  # its title was emptied in Anki: keep the content as a basic note
        else:
            return NoteDraft(kind.name, fields, note.tags, _guid(note, True))
    named = [(name, value) for name, value in zip(notetype.fields, values, strict=False) if value]
    if not named:
        return None
    if notetype.cloze:
        text = named[0][1]
        front = _CLOZE.sub(lambda m: f"[{m.group(2) or '…'}]", text)
        back_parts = [_CLOZE.sub(lambda m: f"**{m.group(1)}**", text)]
        rest = named[1:]
    else:
        front = named[0][1]
        back_parts = [named[1][1]] if len(named) > 1 else []
        rest = named[2:]
    back_parts += [f"**{name}:** {value}" for name, value in rest]
    fields = {"front": front}
    if back_parts:
        fields["back"] = "\n\n".join(back_parts)
    return NoteDraft(KINDS["basic"].name, fields, note.tags, _guid(note, False))
