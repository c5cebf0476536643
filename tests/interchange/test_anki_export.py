"""Our .apkg opened by Anki's own library: note types per kind, fields, templates, tags, deck, media."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from anki.collection import Collection as AnkiCollection
from anki.import_export_pb2 import ImportAnkiPackageOptions, ImportAnkiPackageRequest
from helpers import run_cli
from interchange.anki_builders import PNG

from flashdeck.collection import Collection
from flashdeck.core.kinds import kind_by_name
from flashdeck.core.notes import NoteDraft

DRAFTS = [
    NoteDraft("story", {"title": "Payments outage", "anchor": "cut incidents 40%", "use_for": "a conflict",
                        "situation": "Line one\nline two, with \"quotes\" & <ampersands>", "result": "Shipped"},
              ("star", "team::platform")),
    NoteDraft("question", {"prompt": "Why this company?", "asking": "motivation", "category": "behavioural"}),
    NoteDraft("basic", {"front": 'Diagram <img src="flow.png">', "back": "the flow"}, ("visual",)),
    NoteDraft("pitch", {"label": "30-second pitch", "text": "I build reliable systems."}),
]


@pytest.fixture
def exported(col: Collection, db_path: Path, tmp_path: Path) -> Path:
    col.add_notes(DRAFTS[:3], deck="Prep")
    col.add_notes(DRAFTS[3:], deck="Prep::Pitches")
    col.add_notes([NoteDraft("basic", {"front": "elsewhere", "back": "x"})], deck="Other")
    media = db_path.parent / "media" / db_path.stem
    media.mkdir(parents=True)
    (media / "flow.png").write_bytes(PNG)
    out = tmp_path / "out" / "prep.apkg"
    out.parent.mkdir()
    result = run_cli("export", "--deck", "Prep", "--format", "apkg", "-o", str(out), db=db_path)
    assert result.returncode == 0, result.stderr
    return out


def _open_in_anki(package: Path, root: Path) -> AnkiCollection:
    root.mkdir()
    anki = AnkiCollection(str(root / "collection.anki2"))
    anki.import_anki_package(ImportAnkiPackageRequest(
        package_path=str(package), options=ImportAnkiPackageOptions(with_scheduling=True)))
    return anki


def test_anki_opens_our_package_with_our_kinds_as_note_types(exported: Path, tmp_path: Path) -> None:
    anki = _open_in_anki(exported, tmp_path / "anki")
    try:
        names = {m["name"] for m in anki.models.all()}
        assert {"FlashDeck Story", "FlashDeck Question", "FlashDeck Basic", "FlashDeck Pitch"} <= names
        for kind_name in ("story", "question", "basic", "pitch"):
            kind = kind_by_name(kind_name)
            model = anki.models.by_name(f"FlashDeck {kind.label}")
            assert model is not None
            assert [f["name"] for f in model["flds"]] == [spec.label for spec in kind.fields]
            assert [t["name"] for t in model["tmpls"]] == [t.name for t in kind.templates]
        notes = {}
        for nid in anki.find_notes(""):
            note = anki.get_note(nid)
            notes[note.fields[0]] = note
        assert set(notes) == {"Payments outage", "Why this company?", 'Diagram <img src="flow.png">',
                              "30-second pitch"}
        story = notes["Payments outage"]
        assert story["Situation"] == 'Line one<br>line two, with "quotes" & <ampersands>'
        assert story["Use for"] == "a conflict" and story["Anchor"] == "cut incidents 40%"
        assert story["Task"] == ""
        assert sorted(story.tags) == ["star", "team::platform"]
        # Anki made exactly the cards FlashDeck has: all three story templates have their fields.
        assert sorted(c.ord for c in story.cards()) == [0, 1, 2]
        assert "Tell the story:</b> Payments outage" in story.cards()[0].question()
        assert "<h4>Situation</h4>" in story.cards()[0].answer()
        question = notes["Why this company?"]
        assert [c.ord for c in question.cards()] == [0]
        decks = {anki.decks.name(c.did) for n in notes.values() for c in n.cards()}
        assert decks == {"Prep", "Prep::Pitches"}
        assert (Path(anki.media.dir()) / "flow.png").read_bytes() == PNG
    finally:
        anki.close()


def test_our_package_comes_back_unchanged(exported: Path, col: Collection) -> None:
    report = col.import_file(exported)
    assert (report.added, report.updated, report.unchanged) == (0, 0, 4)
    story = col.note(col.store.scalar("SELECT id FROM notes WHERE kind='story'"))
    assert story.fields == DRAFTS[0].fields


def test_a_fresh_collection_gets_our_kinds_back(exported: Path, tmp_path: Path) -> None:
    with Collection.open(tmp_path / "fresh" / "c.db") as fresh:
        report = fresh.import_file(exported)
        assert report.added == 4
        kinds = dict(fresh.store.fetchall("SELECT kind, fields FROM notes"))
        assert set(kinds) == {"story", "question", "basic", "pitch"}
        assert (tmp_path / "fresh" / "media" / "c" / "flow.png").read_bytes() == PNG


def test_the_package_is_the_legacy_format_with_its_media(exported: Path) -> None:
    with zipfile.ZipFile(exported) as zf:
        assert sorted(zf.namelist()) == ["0", "collection.anki2", "media"]
        assert zf.read("media") == b'{"0": "flow.png"}'


def test_export_errors_are_one_line(col: Collection, db_path: Path, tmp_path: Path) -> None:
    col.add_notes(DRAFTS[:1], deck="Prep")
    missing = run_cli("export", "--deck", "Nope", "--format", "apkg", "-o", str(tmp_path / "x.apkg"), db=db_path)
    assert missing.returncode == 1 and missing.stderr.startswith("flashdeck: no deck named 'Nope'")
    assert not (tmp_path / "x.apkg").exists()
    stdout = run_cli("export", "--deck", "Prep", "--format", "apkg", "-o", "-", db=db_path)
    assert stdout.returncode == 1 and "give a file name" in stdout.stderr
