"""Importing into a collection: identity in every script, twins kept, edits kept, renamed decks, names.

The collection tests run on SQLite and on PostgreSQL (``any_col``); the migration test too.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import DATA
from hypothesis import given, settings
from hypothesis import strategies as st
from pgserver import PgServer
from sqlalchemy import create_engine, text

from flashdeck.collection import Collection
from flashdeck.collection.importing import ImportChoices, fallback_deck_name
from flashdeck.core.clock import ManualClock
from flashdeck.core.kinds import kind_by_name
from flashdeck.core.notes import DeckMeta, NoteDraft, ParseResult, convert_draft, derive_guid, normalise_title
from flashdeck.core.scheduling import Rating
from flashdeck.storage import migrations
from flashdeck.storage.engine import resolve_url
from flashdeck.storage.store import _BULK_CACHE_ROWS, AS_STORED, NewNotes


@pytest.fixture
def col(any_col: Collection) -> Collection:
    return any_col


def _write(tmp_path: Path, name: str, content: str) -> Path:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    return path


def _old_derive(deck: str, kind: str, title: str) -> str:
    """The rule ids were derived by before 0007: ASCII letters and digits only."""
    def key(value: str) -> str:
        return re.sub(r"[^a-z0-9]+", " ", unicodedata.normalize("NFKC", value).casefold()).strip()
    return "d:" + hashlib.blake2b(f"{key(deck)}\x1f{kind}\x1f{key(title)}".encode(), digest_size=8).hexdigest()


# -- identity --------------------------------------------------------------------------------------


@pytest.mark.parametrize(("one", "other"), [
    ("Explain C++ templates", "Explain C# templates"),
    ("你为什么想加入我们公司？", "你最大的缺点是什么？"),
    ("Почему вы уходите?", "Расскажите о себе"),
    ("🚀 Launch story", "🔥 Launch story"),
    ("Grew revenue 40%", "Grew revenue 40"),
])
def test_distinct_titles_in_any_script_get_distinct_ids(one: str, other: str) -> None:
    assert derive_guid("Prep", "question", one) != derive_guid("Prep", "question", other)


def test_case_punctuation_and_spacing_do_not_make_another_note() -> None:
    assert derive_guid("Prep", "question", "Tell me about a time you failed.") == derive_guid(
        "prep", "question", "  tell me about a time you FAILED ")
    assert normalise_title("ＰＯＣＨＥＭＵ？") == "pochemu"  # NFKC: full-width letters are letters
    assert normalise_title("Почему вы УХОДИТЕ?!") == "почему вы уходите"


@pytest.mark.parametrize("title", ["Tell me about a time you failed.", "Don't panic - it's (mostly) fine!",
                                   "Q1 front", "30/60/90 day plan"])
def test_titles_of_ascii_words_keep_the_ids_they_had(title: str) -> None:
    assert derive_guid("Prep", "story", title) == _old_derive("Prep", "story", title)


def test_two_untitled_stories_in_one_deck_both_stay(col: Collection, tmp_path: Path) -> None:
    """The data loss of #12: two stories without a question used to share the title "STAR story"."""
    first = _write(tmp_path, "one.txt", "Situation: a\nTask: b\nAction: c\nResult: d\n")
    second = _write(tmp_path, "two.txt", "Situation: e\nTask: f\nAction: g\nResult: h\n")
    assert col.import_file(first, deck="Stories").added == 1
    report = col.import_file(second, deck="Stories")
    assert (report.added, report.updated) == (1, 0)
    assert sorted(col.note(n).fields["situation"] for (n,) in col.store.fetchall("SELECT id FROM notes")) == ["a", "e"]
    both = col.import_file(DATA / "star" / "untitled_two_stories.txt", deck="Stories")
    assert both.added == 2


def test_two_notes_with_one_title_in_one_file_are_both_kept(col: Collection, tmp_path: Path) -> None:
    path = _write(tmp_path, "twins.md",
                  "Q: Why us?\nA: The mission.\n\nQ: Why us?\nA: The team.\n\nQ: Why now?\nA: x\n")
    report = col.import_file(path, fmt="questions", deck="Prep")
    assert report.added == 3
    assert any("a second pitch titled 'Why us?'" in w and "both are kept" in w for w in report.warnings)
    again = col.import_file(path, fmt="questions", deck="Prep")
    assert (again.added, again.updated, again.unchanged) == (0, 0, 3)


# -- edits made in the app -------------------------------------------------------------------------


def test_an_edit_in_the_app_survives_a_re_import(col: Collection, tmp_path: Path) -> None:
    story = "Question: Tell me about a time you cut costs?\nSituation: The bill doubled.\nTask: Own the review.\n"
    path = _write(tmp_path, "costs.txt", story + "Action: Tagged everything.\nResult: A third off.\n")
    col.import_file(path)
    (note_id,) = col.store.fetchall("SELECT id FROM notes")[0]
    card = col.next_card()
    assert card is not None
    col.answer(card.id, Rating.GOOD)
    col.update_note(note_id, {**col.note(note_id).fields, "result": "35% off in one quarter."})
    # The unchanged file: nothing to do, the edit listed and kept.
    same = col.import_file(path)
    assert (same.added, same.updated, same.unchanged) == (0, 0, 1)
    assert same.edited == [{"title": "Cut costs", "index": 1, "edited": ["Result"], "conflicts": [], "kept": True}]
    assert col.note(note_id).fields["result"] == "35% off in one quarter."
    # The file changes another field and the edited one: the other change comes in, the edit stays.
    path.write_text(story.replace("doubled", "tripled") + "Action: Tagged everything.\nResult: Half off.\n",
                    encoding="utf-8")
    changed = col.import_file(path)
    assert changed.updated == 1 and changed.edited[0]["conflicts"] == ["Result"]
    fields = col.note(note_id).fields
    assert (fields["situation"], fields["result"]) == ("The bill tripled.", "35% off in one quarter.")
    # Asked for, the file's version replaces the edit; the review history is kept either way.
    col.import_file(path, choices=ImportChoices(replace_edits=True))
    assert col.note(note_id).fields["result"] == "Half off."
    assert col.store.scalar("SELECT count(*) FROM revlog") == 1
    assert col.import_file(path).edited == []  # nothing edited since that import


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=40))
def test_ascii_titles_fold_as_every_script_does(title: str) -> None:
    """The ASCII shortcut (a translation table) gives what the rule for every script gives."""
    kept = [ch if unicodedata.category(ch)[0] in "LNMS" or ch in "#%&@" else " "
            for ch in unicodedata.normalize("NFKC", title).casefold()]
    assert normalise_title(title) == " ".join("".join(kept).split())
    # and the id hashes that text (its bytes are folded without making the text first)
    key = f"prep deck\x1fbasic\x1f{' '.join(''.join(kept).split())}\x1f2".encode()
    assert derive_guid("Prep Deck", "basic", title, 2) == "d:" + hashlib.blake2b(key, digest_size=8).hexdigest()


def test_a_re_imported_tsv_updates_its_notes_in_place_and_keeps_edits(col: Collection, tmp_path: Path) -> None:
    """The TSV path end to end: what is remembered "as imported", an edit kept, a change taken, ids kept."""
    rows = [("Почему вы уходите?", "Рост <b>и</b> команда", "ru move"), ("Why us?", "The mission", "motive"),
            ("Why us?", "Second of the name", ""), ('A "quoted" front', "back\\n", "x x y")]
    path = tmp_path / "prep.tsv"
    path.write_text("#separator:tab\n#html:true\n#columns:Front\tBack\tTags\n"
                    + "".join("\t".join(row) + "\n" for row in rows), encoding="utf-8")
    first = col.import_file(path, deck="Prep")
    assert (first.added, first.updated, first.unchanged) == (4, 0, 0)
    stored = col.store.fetchall("SELECT id, fields, tags, imported FROM notes ORDER BY id")
    # Added notes are as imported: the marker, not a second copy of their text.
    assert [imported for _id, _f, _t, imported in stored] == [AS_STORED] * 4
    assert [json.loads(f)["front"] for _id, f, _t, _i in stored] == [r[0] for r in rows]
    ids = [row[0] for row in stored]
    col.update_note(ids[1], {"front": "Why us?", "back": "My own words"})
    # The edit first turns the marker into a copy of the values it stood for.
    fields, tags, imported = col.store.fetchall("SELECT fields, tags, imported FROM notes WHERE id=?", (ids[1],))[0]
    assert json.loads(imported) == {"fields": {"front": "Why us?", "back": "The mission"}, "tags": ["motive"]}
    assert json.loads(fields)["back"] == "My own words" and tags.split() == ["motive"]
    rows[0] = (rows[0][0], "Рост и люди", rows[0][2])
    rows[1] = (rows[1][0], "The mission, revised", rows[1][2])
    path.write_text("#separator:tab\n#html:true\n#columns:Front\tBack\tTags\n"
                    + "".join("\t".join(row) + "\n" for row in rows), encoding="utf-8")
    again = col.import_file(path, deck="Prep")
    assert (again.added, again.updated, again.unchanged) == (0, 1, 3)
    assert [e["title"] for e in again.edited] == ["Why us?"]
    assert [row[0] for row in col.store.fetchall("SELECT id FROM notes ORDER BY id")] == ids
    assert col.note(ids[0]).fields["back"] == "Рост и люди"
    assert col.note(ids[1]).fields["back"] == "My own words"


def _tsv(path: Path, rows: list[tuple[str, str, str]]) -> Path:
    path.write_text("#separator:tab\n#columns:Front\tBack\tTags\n"
                    + "".join("\t".join(row) + "\n" for row in rows), encoding="utf-8")
    return path


def _imported(col: Collection) -> dict[str, object]:
    """front → the note's "as imported" as stored: AS_STORED, None, or the decoded JSON."""
    return {json.loads(f)["front"]: (i if i in (None, AS_STORED) else json.loads(i))
            for f, i in col.store.fetchall("SELECT fields, imported FROM notes")}


def test_every_edit_outside_an_import_keeps_the_imported_version(col: Collection, tmp_path: Path) -> None:
    """"As imported" stored as the marker (the note as it is) must be copied before anything but an import
    changes the note: fields, tags alone, or notes added again through the API. The next import then keeps
    and reports each edit exactly as with a copy stored from the start."""
    rows = [("Fields?", "Imported back", "t1"), ("Tags?", "Same back", "old-tag"), ("Api?", "From the file", ""),
            ("Untouched?", "Plain", "t2"), ("Nothing?", "Stays", "t3")]
    path = _tsv(tmp_path / "prep.tsv", rows)
    assert col.import_file(path, deck="Prep").added == 5
    assert set(_imported(col).values()) == {AS_STORED}
    ids = {col.note(i).fields["front"]: i for (i,) in col.store.fetchall("SELECT id FROM notes")}
    col.update_note(ids["Fields?"], {"front": "Fields?", "back": "My back"})
    col.update_note(ids["Tags?"], {"front": "Tags?", "back": "Same back"}, ["my-tag"])
    col.add_notes([NoteDraft("basic", {"front": "Api?", "back": "Typed in the app"},
                             guid=col.store.fetchall("SELECT guid FROM notes WHERE id=?", (ids["Api?"],))[0][0])],
                  deck="Prep")
    kept = _imported(col)
    assert kept["Fields?"] == {"fields": {"front": "Fields?", "back": "Imported back"}, "tags": ["t1"]}
    assert kept["Tags?"] == {"fields": {"front": "Tags?", "back": "Same back"}, "tags": ["old-tag"]}
    assert kept["Api?"] == {"fields": {"front": "Api?", "back": "From the file"}, "tags": []}
    assert (kept["Untouched?"], kept["Nothing?"]) == (AS_STORED, AS_STORED)
    # The file changes every note but the last.
    rows = [("Fields?", "File back", "t1"), ("Tags?", "File back 2", "old-tag"), ("Api?", "From the file, v2", ""),
            ("Untouched?", "Plain, v2", "t2"), ("Nothing?", "Stays", "t3")]
    again = col.import_file(_tsv(path, rows), deck="Prep")
    # (a note whose every change the user's edit outweighs stays as it is: "unchanged")
    assert (again.added, again.updated, again.unchanged) == (0, 2, 3)
    assert {e["title"]: (e["edited"], e["conflicts"], e["kept"]) for e in again.edited} == {
        "Fields?": (["Back"], ["Back"], True), "Tags?": (["Tags"], [], True), "Api?": (["Back"], ["Back"], True)}
    assert col.note(ids["Fields?"]).fields["back"] == "My back"
    assert (col.note(ids["Tags?"]).fields["back"], col.note(ids["Tags?"]).tags) == ("File back 2", ("my-tag",))
    assert col.note(ids["Api?"]).fields["back"] == "Typed in the app"
    assert col.note(ids["Untouched?"]).fields["back"] == "Plain, v2"
    kept = _imported(col)
    # Where an edit stays, the file's version is kept beside it; elsewhere the note is its file's version.
    assert kept["Fields?"] == {"fields": {"front": "Fields?", "back": "File back"}, "tags": ["t1"]}
    assert kept["Tags?"] == {"fields": {"front": "Tags?", "back": "File back 2"}, "tags": ["old-tag"]}
    assert (kept["Untouched?"], kept["Nothing?"]) == (AS_STORED, AS_STORED)
    # The same file once more: the edits are still told apart from it (nothing changes).
    third = col.import_file(path, deck="Prep")
    assert (third.updated, third.unchanged, [e["title"] for e in third.edited]) == (0, 5, ["Fields?", "Tags?", "Api?"])
    # The file's version replaces the edits when the user says so; the notes are then as imported again.
    fourth = col.import_file(path, deck="Prep", choices=ImportChoices(replace_edits=True))
    assert (fourth.updated, fourth.unchanged) == (3, 2)
    assert col.note(ids["Fields?"]).fields["back"] == "File back" and col.note(ids["Tags?"]).tags == ("old-tag",)
    assert set(_imported(col).values()) == {AS_STORED}


def test_runs_of_new_cards_are_the_cards_rows_would_be(col: Collection, tmp_path: Path) -> None:
    """Cards written a run at a time (INSERT … SELECT over the notes) are the rows one at a time would be:
    ids in order, each note's templates, a note of two cards between, another deck, rows without a back."""
    rows = [f"Question {i}?\t{'' if i in (20, 21, 57) else f'Answer {i}'}\n" for i in range(80)]
    col.import_file(_write(tmp_path, "many.tsv", "".join(rows)), deck="Many")
    col.add_notes([NoteDraft("basic", {"front": f"Q{i}", "back": "A"}) for i in range(3)]
                  + [NoteDraft("story", {"title": "Cut costs", "anchor": "-20%", "situation": "s", "task": "t",
                                         "action": "a", "result": "r"})]
                  + [NoteDraft("basic", {"front": f"More {i}", "back": "A"}) for i in range(30)], deck="Other")
    cards = col.store.fetchall("SELECT c.id, c.note_id, c.ord, d.name, c.phase, c.due, c.reps, c.lapses, c.suspended, "
                               "c.buried_until FROM cards c JOIN decks d ON d.id = c.deck_id ORDER BY c.id")
    notes = col.store.fetchall("SELECT n.id, n.kind, n.fields, d.name FROM notes n JOIN decks d ON d.id = n.deck_id "
                               "ORDER BY n.id")
    expected = [(note_id, ordinal, deck) for note_id, kind, fields, deck in notes
                for ordinal, _tpl in kind_by_name(kind).templates_for(json.loads(fields))]
    assert [(n, o, d) for _c, n, o, d, *_state in cards] == expected
    assert [c[0] for c in cards] == list(range(1, len(expected) + 1))
    assert {tuple(c[4:]) for c in cards} == {(0, 0, 0, 0, False, 0)}
    assert len(expected) == 80 + 3 + 2 + 30  # (the story has two cards: runs end and start around it)


def test_new_notes_grouped_by_what_they_share_are_the_rows_one_at_a_time(col: Collection, clock: ManualClock) -> None:
    """Notes written a group at a time (deck, kind, target, "as imported" written into the statement) hold
    what binding every value would: groups interleaved, targets, tags, two decks, the API's notes."""
    drafts = [NoteDraft("basic", {"front": f"Q{i}", "back": f"A{i} É"}, ("t1", "t2") if i % 2 else (),
                        target=(30, 60) if i % 3 == 0 else None, deck="Deck one" if i < 5 else "Deck two")
              for i in range(10)]
    drafts.insert(4, NoteDraft("story", {"title": "Cut costs", "result": "-20%"}, target=(120, 180)))
    col.import_result(ParseResult("csv", drafts, DeckMeta("Deck one")), source="mixed.csv")
    col.add_notes([NoteDraft("pitch", {"label": "30-second pitch", "text": "I build things."})], deck="Deck two")
    now_ms = int(clock.now().timestamp() * 1000)
    stored = col.store.fetchall("SELECT n.kind, n.title, n.fields, n.tags, n.search_text, n.target_low, n.target_high, "
                                "n.created_ms, n.modified_ms, n.imported, d.name FROM notes n "
                                "JOIN decks d ON d.id = n.deck_id ORDER BY n.id")
    expected = [(d.kind, d.title, json.dumps(d.fields, ensure_ascii=False, sort_keys=True),
                 f" {' '.join(d.tags)} " if d.tags else "", "\n".join(d.fields.values()).casefold(),
                 *(d.target or (None, None)), now_ms, now_ms, AS_STORED, d.deck or "Deck one") for d in drafts]
    expected.append(("pitch", "30-second pitch", '{"label": "30-second pitch", "text": "I build things."}', "",
                     "30-second pitch\ni build things.", None, None, now_ms, now_ms, None, "Deck two"))
    assert stored == expected
    # A shared value that is no plain literal is bound, not written into the statement.
    odd = NewNotes(now_ms)
    odd.group((1, "it's", None, None, AS_STORED)).append((1, "g", "t", "{}", "", ""))
    [(head, row, rows)] = list(odd.statements())
    assert head.startswith("INSERT INTO notes") and row.count("?") == 13
    assert rows == [(1, "g", 1, "it's", now_ms, "t", "{}", "", "", None, None, now_ms, AS_STORED)]


def test_a_file_larger_than_the_collection_finds_the_notes_it_has(col: Collection, tmp_path: Path) -> None:
    """More ids than stored notes are looked up through the stored ids (not a probe each): the notes the
    collection has are still found, edited ones still told apart."""
    path = tmp_path / "grow.tsv"
    path.write_text("".join(f"Question {i}?\tAnswer {i}\n" for i in range(5)), encoding="utf-8")
    assert col.import_file(path, deck="Grow").added == 5
    note_id = col.note_id_by_guid(derive_guid("Grow", "basic", "Question 1?"))
    assert note_id is not None
    col.update_note(note_id, {"front": "Question 1?", "back": "My answer"})
    path.write_text("".join(f"Question {i}?\t{'Changed' if i == 3 else 'Answer'} {i}\n" for i in range(1_500)),
                    encoding="utf-8")
    report = col.import_file(path, deck="Grow")
    assert (report.added, report.updated, report.unchanged) == (1_495, 1, 4)
    assert [e["title"] for e in report.edited] == ["Question 1?"] and col.note(note_id).fields["back"] == "My answer"


def test_a_bulk_import_gives_the_page_cache_back(tmp_path: Path, clock: ManualClock) -> None:
    with Collection.open(tmp_path / "c.db", clock=clock, fuzz=False) as col:
        before = col.store.scalar("PRAGMA cache_size")
        path = tmp_path / "many.tsv"
        path.write_text("".join(f"Question {i}?\tAnswer {i}\n" for i in range(_BULK_CACHE_ROWS + 1)), encoding="utf-8")
        assert col.import_file(path, deck="Many").added == _BULK_CACHE_ROWS + 1
        assert col.store.scalar("PRAGMA cache_size") == before
        assert col.store.scalar("SELECT count(*) FROM cards") == _BULK_CACHE_ROWS + 1


# -- corrections in the preview ------------------------------------------------------------------


def test_corrections_leave_out_change_kind_and_name_the_deck(col: Collection) -> None:
    path = DATA / "questions" / "fifteen_questions.md"
    choices = ImportChoices(deck="Corvid", kinds={1: "basic", 2: "curveball"}, skip={0, 14})
    preview = col.import_file(path, dry_run=True, choices=choices)
    assert (preview.deck, preview.added, preview.skipped) == ("Corvid", 13, 2)
    assert [(n["index"], n["kind"]) for n in preview.notes[:2]] == [(2, "basic"), (3, "curveball")]
    assert col.deck_names() == []
    col.import_file(path, choices=choices)
    kinds = [k for (k,) in col.store.fetchall("SELECT kind FROM notes ORDER BY id")]
    assert kinds[:3] == ["basic", "curveball", "question"] and len(kinds) == 13
    # A note left out is not "missing" from the deck next time, nor deleted.
    again = col.import_file(path, choices=ImportChoices(deck="Corvid", kinds={1: "basic", 2: "curveball"}))
    assert (again.added, again.unchanged, again.missing) == (2, 13, [])


def test_a_note_changes_kind_with_its_text() -> None:
    question = NoteDraft("question", {"prompt": "Why us?", "category": "behavioural", "prep": "The mission.",
                                      "asking": "Motivation."})
    basic = convert_draft(question, "basic")
    assert basic.fields == {"front": "Why us?", "back": "The mission.\n\n**Category**\n\nbehavioural\n\n"
                                                            "**What they're really asking**\n\nMotivation."}
    assert convert_draft(basic, "question").fields["prompt"] == "Why us?"
    story = NoteDraft("story", {"title": "Cut costs", "situation": "s", "result": "r", "notes": "n"})
    assert convert_draft(story, "concept").fields == {
        "term": "Cut costs", "definition": "n\n\n**Situation**\n\ns\n\n**Result**\n\nr"}


# -- deck names --------------------------------------------------------------------------------------


def test_deck_names_come_from_the_document_not_a_file_name(col: Collection, tmp_path: Path) -> None:
    hashed = _write(tmp_path, "000_19d2c97ab3e1.txt", (DATA / "star" / "bold_labels.md").read_text(encoding="utf-8"))
    assert col.import_file(hashed, dry_run=True).deck == "STAR stories"
    assert col.import_file(DATA / "questions" / "qa_prep_sheet.txt", dry_run=True).deck.startswith("Onsite prep")
    assert fallback_deck_name("/x/amazon_onsite.md", "outline") == "amazon_onsite"  # words: kept as written
    assert fallback_deck_name("<stdin>", "questions") == "Interview questions"


def test_a_deck_named_after_its_file_by_an_earlier_version_keeps_receiving_it(col: Collection,
                                                                              tmp_path: Path) -> None:
    hashed = _write(tmp_path, "000_19d2c97ab3e1.txt", "Situation: a\nTask: b\nAction: c\nResult: d\n")
    col.import_file(hashed, deck="000_19d2c97ab3e1")  # what earlier versions did on their own
    report = col.import_file(hashed)
    assert (report.deck, report.added, report.unchanged) == ("000_19d2c97ab3e1", 0, 1)


def test_a_renamed_deck_keeps_receiving_its_document_with_history(col: Collection) -> None:
    path = DATA / "playbooks" / "helios_backend_engineer.txt"
    first = col.import_file(path)
    card = col.next_card()
    assert card is not None
    col.answer(card.id, Rating.GOOD)
    col.rename_deck(first.deck, "Helios")
    again = col.import_file(path)
    assert (again.deck, again.added, again.unchanged) == ("Helios", 0, first.added)
    assert col.deck_names() == ["Helios"]
    assert col.store.scalar("SELECT count(*) FROM revlog") == 1
    with pytest.raises(ValueError, match="already a deck named 'Helios'"):
        col.ensure_deck("Other")
        col.rename_deck("Other", "Helios")
    with pytest.raises(LookupError):
        col.rename_deck("Nope", "X")


def test_renaming_moves_sub_decks_along(col: Collection) -> None:
    col.add_notes([NoteDraft("basic", {"front": "q", "back": "a"})], deck="Prep::Stories")
    col.ensure_deck("Prep")
    col.rename_deck("Prep", "Acme prep")
    assert sorted(col.deck_names()) == ["Acme prep", "Acme prep::Stories"]
    with pytest.raises(ValueError, match="inside itself"):
        col.rename_deck("Acme prep", "Acme prep::Sub")


# -- migration 0007 ------------------------------------------------------------------------------------


@pytest.fixture(params=["sqlite", "postgresql"])
def db_at_0006(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A collection at schema 0006 holding what the old rule stored: notes with ASCII-only derived ids."""
    if request.param == "sqlite":
        url = str(tmp_path / "old.db")
    else:
        server: PgServer = request.getfixturevalue("postgres")
        url = server.create_database(migrated=False)
    engine = create_engine(resolve_url(url))
    rows = [(1, "Explain C++ templates"), (2, "你为什么想加入我们公司？"), (3, "Tell me about a time you failed."),
            (4, "Edited title 😀")]
    with engine.begin() as conn:
        migrations.upgrade(conn, "0006_every_note_has_a_card")
        conn.execute(text("INSERT INTO decks (id, name, description, tags, new_per_day, reviews_per_day, created_ms) "
                          "VALUES (1, 'Prep', '', '', 20, 200, 0)"))
        for note_id, title in rows:
            guid = _old_derive("Prep", "question", title if note_id != 4 else "Another title")
            conn.execute(text(
                "INSERT INTO notes (id, guid, deck_id, kind, title, fields, tags, search_text, created_ms, "
                "modified_ms) VALUES (:id, :guid, 1, 'question', :title, :fields, '', '', 0, 0)"),
                {"id": note_id, "guid": guid, "title": title,
                 "fields": f'{{"category": "behavioural", "prompt": "{title}"}}'})
            conn.execute(text("INSERT INTO cards (id, note_id, deck_id, ord, phase, due, reps, lapses, suspended, "
                              "buried_until) VALUES (:id, :id, 1, 0, 0, 0, 0, 0, false, 0)"), {"id": note_id})
    engine.dispose()
    yield url
    if request.param == "postgresql":
        request.getfixturevalue("postgres").drop_database(url)


def test_migration_0007_rederives_ids_so_an_unchanged_file_adds_nothing(db_at_0006: str, tmp_path: Path) -> None:
    with Collection.open(db_at_0006) as col:
        guids = dict(col.store.fetchall("SELECT id, guid FROM notes"))
        assert guids[1] == derive_guid("Prep", "question", "Explain C++ templates")
        assert guids[2] == derive_guid("Prep", "question", "你为什么想加入我们公司？")
        # Unchanged: an ASCII title derives the same id both ways; an id that no longer matches its
        # title (edited in the app) cannot be re-derived and is left as it was.
        assert guids[3] == _old_derive("Prep", "question", "Tell me about a time you failed.")
        assert guids[4] == _old_derive("Prep", "question", "Another title")
        assert col.store.fetchall("SELECT imported FROM notes") == [(None,)] * 4
        card = col.next_card()
        assert card is not None
        col.answer(card.id, Rating.GOOD)
        sheet = _write(tmp_path, "prep.md", "Q: Explain C++ templates\n\nQ: 你为什么想加入我们公司？\n\n"
                                            "Q: Tell me about a time you failed.\n\nQ: Explain C# templates\n")
        report = col.import_file(sheet, deck="Prep", fmt="questions")
        assert (report.added, report.unchanged) == (1, 3)  # only C# is new: it was never C++
        assert col.store.scalar("SELECT count(*) FROM revlog") == 1
