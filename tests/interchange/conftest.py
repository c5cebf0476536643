"""Builders for Anki packages: real ones made with Anki's own library, and hostile ones made by hand."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from anki.collection import Collection as AnkiCollection
from anki.collection import DeckIdLimit
from anki.import_export_pb2 import ExportAnkiPackageOptions
from helpers import START
from interchange.anki_builders import PNG, AnkiSource

DAY_MS = 86_400_000
# Answers per card, replayed as Anki would have seen them days apart: (days after the first review, ease).
ANSWERS = {
    "q0": [(0, 3), (1, 3), (5, 3)],
    "q1": [(0, 1), (0, 3), (2, 4)],
    "q2": [(0, 3), (1, 1), (1, 3)],
}
def _review_all(col: AnkiCollection, deck_id: int) -> None:
    """Answer every new card with Anki's scheduler, then spread the answers over days."""
    col.decks.select(deck_id)
    by_front = {}
    for nid in col.find_notes(f"did:{deck_id}"):
        note = col.get_note(nid)
        by_front[note.fields[0].split()[0]] = note
    first = int(START.timestamp() * 1000) - 30 * DAY_MS
    for key, answers in ANSWERS.items():
        card = by_front[key].cards()[0]
        for offset, (day, ease) in enumerate(answers):
            card.start_timer()
            col.sched.answerCard(card, ease)
            card.load()
            # Anki stamps the row with the wall clock; move it to its day so the history spans days.
            new_id = first + day * DAY_MS + offset * 60_000
            col.db.execute("UPDATE revlog SET id=? WHERE id=(SELECT max(id) FROM revlog WHERE cid=?)",
                           new_id, card.id)
        first += 1000


@pytest.fixture(scope="session")
def anki_source(tmp_path_factory: pytest.TempPathFactory) -> AnkiSource:
    """Basic, cloze and reversed notes with tags, media and reviews, exported four ways."""
    root = tmp_path_factory.mktemp("anki")
    col = AnkiCollection(str(root / "collection.anki2"))
    try:
        deck_id = col.decks.id("Interview::Anki")
        source = AnkiSource(root, "Interview::Anki")
        basic = col.models.by_name("Basic")
        for i in range(3):
            note = col.new_note(basic)
            note["Front"] = f"q{i} what is <b>STAR</b>? <img src=\"diagram.png\">"
            note["Back"] = f"Situation, task<br>action, result {i} [sound:hint.mp3]"
            note.tags = ["prep", f"set::{i}"]
            col.add_note(note, deck_id)
        cloze = col.new_note(col.models.by_name("Cloze"))
        cloze["Text"] = "FSRS stands for {{c1::Free Spaced Repetition Scheduler::expand it}}"
        cloze["Back Extra"] = "Used since Anki 23.10"
        col.add_note(cloze, deck_id)
        reversed_ = col.new_note(col.models.by_name("Basic (and reversed card)"))
        reversed_["Front"], reversed_["Back"] = "Kaizen", "continuous improvement"
        col.add_note(reversed_, deck_id)
        with open(os.path.join(col.media.dir(), "diagram.png"), "wb") as fh:
            fh.write(PNG)
        with open(os.path.join(col.media.dir(), "hint.mp3"), "wb") as fh:
            fh.write(b"ID3\x03\x00fake mp3")
        _review_all(col, deck_id)
        reverse_card = col.get_note(reversed_.id).cards()[1]
        reverse_card.start_timer()
        col.sched.answerCard(reverse_card, 3)  # a review FlashDeck's one-card basic note cannot take
        col.sched.suspend_cards([col.get_note(reversed_.id).cards()[0].id])
        for nid in col.find_notes(""):
            note = col.get_note(nid)
            source.notes[note.guid] = dict(note.items())
            source.tags[note.guid] = list(note.tags)
            first_card = min(note.cards(), key=lambda c: c.ord)
            rows = [tuple(r) for r in col.db.all(
                "SELECT id, ease, type, time FROM revlog WHERE cid=? ORDER BY id", first_card.id)]
            source.reviews[note.guid] = rows
        for legacy in (False, True):
            name = "legacy" if legacy else "modern"
            out = root / f"{name}.apkg"
            col.export_anki_package(out_path=str(out), limit=DeckIdLimit(deck_id), options=ExportAnkiPackageOptions(
                with_scheduling=True, with_media=True, legacy=legacy))
            source.packages[f"{name}.apkg"] = out
        for legacy in (False, True):
            name = "legacy" if legacy else "modern"
            out = root / f"{name}.colpkg"
            col.export_collection_package(str(out), include_media=True, legacy=legacy)
            col.reopen()
            source.packages[f"{name}.colpkg"] = out
    finally:
        col.close()
    return source


@pytest.fixture
def nothing_written() -> Iterator[Callable[[Path], None]]:
    """An assertion that a failed import left no notes, no media and no staging folder beside ``db``."""

    def check(db: Path) -> None:
        from flashdeck.collection import Collection

        with Collection.open(db) as col:
            assert col.store.scalar("SELECT count(*) FROM notes") == 0
            assert col.store.scalar("SELECT count(*) FROM revlog") == 0
        leftovers = [p.name for p in db.parent.iterdir() if p.name.startswith(".media-import")]
        assert leftovers == []
        media = db.parent / "media" / db.stem
        assert not media.exists() or list(media.iterdir()) == []

    yield check
