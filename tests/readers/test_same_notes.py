"""One document, every format a user has it in, the same notes.

A playbook, a competency guide and hand-written STAR stories (our own text in
tests/data and tests/readers/data) are written here as the PDF a generator
makes (running header, "… · Confidential · N" footer, wrapped paragraphs,
headings in several sizes), as the text a PDF tool extracts from that PDF, as
Word (two list styles), as a saved web page (semantic tags or ``div`` soup,
with navigation, sidebar, cookie form, footer, scripts) and as a clipboard
fragment — and each is imported through ``flashdeck.collection.formats.read_document``
(and the real command line), as a user would.

Extracted text carries no bold, so its notes are compared with the emphasis
marks taken out. Hand-written Markdown keeps its author's line breaks while a
Word or HTML paragraph has none, so the stories' fields are compared as
Markdown (whitespace and bullet characters normalised).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from docgen import blocks_from_text, extracted_text, html_fragment, html_page, write_docx, write_pdf
from helpers import DATA, SEEDS, run_cli

from flashdeck.collection.formats import read_document
from flashdeck.core.notes import ParseResult

HERE = Path(__file__).parent / "data"
PLAYBOOKS = [DATA / "playbooks" / "helios_backend_engineer.txt", DATA / "playbooks" / "northwind_data_engineer.txt"]
STORIES = [HERE / "star_conflict.md", DATA / "star" / "with_coaching.md", DATA / "star" / "en_dash_labels.txt",
           DATA / "star" / "all_caps.txt", DATA / "star" / "letters_and_parentheses.txt",
           DATA / "star" / "mixed_prep.md"]
# Hand-written notes whose structure is in their labels and lists: a Q/A sheet ("Q:"/"A:" paragraphs in Word or
# a PDF are labels, as typed), questions in other scripts, a pitch's talking points.
NOTES = [DATA / "questions" / "qa_prep_sheet.txt", DATA / "questions" / "cyrillic_and_chinese.md",
         DATA / "pitch" / "why_this_company.md"]
GUIDES = [DATA / "competency" / "customer_obsession_stripe.txt", DATA / "competency" / "bias_for_action_amazon.txt"]

Notes = list[tuple[str, dict[str, str]]]


def notes_of(result: ParseResult) -> Notes:
    return [(note.kind, dict(note.fields)) for note in result.notes]


def without_bold(notes: Notes) -> Notes:
    return [(kind, {k: v.replace("**", "") for k, v in fields.items()}) for kind, fields in notes]


def as_markdown(notes: Notes) -> Notes:
    def norm(value: str) -> str:
        return " ".join(re.sub(r"(?m)^(\s*)[*+](\s)", r"\1-\2", value).split())

    return [(kind, {k: norm(v) for k, v in fields.items()}) for kind, fields in notes]


def renderings(source: Path, tmp: Path, *, playbook: bool) -> dict[str, Path]:
    """The source document written in every format (file name → path)."""
    text = source.read_text(encoding="utf-8")
    blocks = (blocks_from_text(text) if playbook else
              blocks_from_text(text, caps_headings=False, title=False, join_wrapped=True))
    stem = source.stem
    pdf = write_pdf(blocks, tmp / f"{stem}.pdf", header="Interview playbook · prepared for you",
                    footer="Jordan Reyes · Confidential")
    out = {
        "pdf": pdf,
        "docx-numbering": write_docx(blocks, tmp / f"{stem}.docx"),
        "docx-list-styles": write_docx(blocks, tmp / f"{stem}-styles.docx", lists="styles"),
    }
    for name, html in (("html-page", html_page(blocks)), ("html-div-soup", html_page(blocks, semantic=False)),
                       ("html-fragment", html_fragment(blocks))):
        out[name] = tmp / f"{stem}-{name}.html"
        out[name].write_text(html, encoding="utf-8")
    for name, tool, form_feeds in (("pdftext-pdfium", "pdfium", True), ("pdftext-pdfminer-no-ff", "pdfminer", False)):
        out[name] = tmp / f"{stem}-{name}.txt"
        out[name].write_text(extracted_text(pdf, tool=tool, form_feeds=form_feeds), encoding="utf-8")
    return out


FORMATS = ["pdf", "docx-numbering", "docx-list-styles", "html-page", "html-div-soup", "html-fragment",
           "pdftext-pdfium", "pdftext-pdfminer-no-ff"]


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Callable[[Path, bool], dict[str, Path]]:
    cache: dict[Path, dict[str, Path]] = {}

    def make(source: Path, playbook: bool) -> dict[str, Path]:
        if source not in cache:
            cache[source] = renderings(source, tmp_path_factory.mktemp(source.stem), playbook=playbook)
        return cache[source]

    return make


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("source", PLAYBOOKS, ids=lambda p: p.stem)
def test_a_playbook_gives_the_same_notes_in_every_format(source: Path, fmt: str, rendered: Any) -> None:
    expected = read_document(str(source))
    assert expected.format == "playbook" and len(expected.notes) >= 30
    got = read_document(str(rendered(source, True)[fmt]))
    assert got.format == "playbook"
    assert got.deck.name == expected.deck.name
    if fmt.startswith("pdftext"):  # a PDF tool's text has no bold
        assert without_bold(notes_of(got)) == without_bold(notes_of(expected))
    else:
        assert notes_of(got) == notes_of(expected)
    assert got.warnings == expected.warnings == []


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("source", GUIDES, ids=lambda p: p.stem)
def test_a_competency_guide_gives_the_same_notes_in_every_format(source: Path, fmt: str, rendered: Any) -> None:
    expected = read_document(str(source))
    assert expected.format == "competency" and len(expected.notes) >= 25
    got = read_document(str(rendered(source, False)[fmt]))
    assert got.format == "competency"
    assert without_bold(notes_of(got)) == without_bold(notes_of(expected))


@pytest.mark.parametrize("fmt", [f for f in FORMATS if not f.startswith("pdftext")])
@pytest.mark.parametrize("source", STORIES, ids=lambda p: p.stem)
def test_a_hand_written_star_story_gives_the_same_notes_in_every_format(
        source: Path, fmt: str, rendered: Any) -> None:
    expected = read_document(str(source))
    assert expected.format == "star"
    got = read_document(str(rendered(source, False)[fmt]))
    assert got.format == "star"
    assert as_markdown(notes_of(got)) == as_markdown(notes_of(expected))


@pytest.mark.parametrize("fmt", [f for f in FORMATS if not f.startswith("pdftext")])
@pytest.mark.parametrize("source", NOTES, ids=lambda p: p.stem)
def test_hand_written_questions_and_pitches_give_the_same_notes_in_every_format(
        source: Path, fmt: str, rendered: Any) -> None:
    expected = read_document(str(source))
    assert expected.format in ("questions", "pitch") and len(expected.notes) >= 4
    got = read_document(str(rendered(source, False)[fmt]))
    assert got.format == expected.format
    assert as_markdown(notes_of(got)) == as_markdown(notes_of(expected))


def test_non_latin_text_survives_every_format(rendered: Any) -> None:
    story = HERE / "star_conflict.md"
    for fmt, path in rendered(story, False).items():
        result = read_document(str(path))
        text = json.dumps([n.fields for n in result.notes], ensure_ascii=False)
        for needle in ("Ольга Петрова", "Kraków", "转化率提高了", "🧮"):
            assert needle in text, (fmt, needle)


@pytest.mark.parametrize("fmt", ["pdf", "docx-numbering", "html-page", "pdftext-pdfium"])
def test_the_command_line_previews_the_same_notes(fmt: str, rendered: Any, tmp_path: Path) -> None:
    source = PLAYBOOKS[0]

    def preview(path: Path) -> list[dict[str, Any]]:
        done = run_cli("import", str(path), "--dry-run", "--json", db=tmp_path / "c.db")
        assert done.returncode == 0, done.stderr
        report = json.loads(done.stdout)
        report = report[0] if isinstance(report, list) else report
        assert report["format"] == "playbook"
        return [{"kind": n["kind"], "fields": n["fields"]} for n in report["notes"]]

    expected, got = preview(source), preview(rendered(source, True)[fmt])
    if fmt.startswith("pdftext"):
        expected, got = (json.loads(json.dumps(n).replace("**", "")) for n in (expected, got))
    assert got == expected


@pytest.mark.seed_docs
@pytest.mark.parametrize("fmt", ["pdf", "docx-numbering", "html-page", "html-fragment"])
def test_the_seed_playbook_gives_the_same_notes_as_pdf_word_and_html(fmt: str, rendered: Any) -> None:
    source = SEEDS / "002_02a86573ada4a25d.txt"
    assert notes_of(read_document(str(rendered(source, True)[fmt]))) == notes_of(read_document(str(source)))


@pytest.mark.seed_docs
def test_the_seed_playbooks_extracted_text_gives_every_note(rendered: Any) -> None:
    """From PDF-extracted text all notes come back, of the same kinds and titles (a few long fields
    may be cut into more paragraphs where a line ended exactly at a sentence's end: see docs/importing.md)."""
    source = SEEDS / "002_02a86573ada4a25d.txt"
    expected = read_document(str(source))
    got = read_document(str(rendered(source, True)["pdftext-pdfminer-no-ff"]))
    assert [(n.kind, n.title) for n in got.notes] == [(n.kind, n.title) for n in expected.notes]


@pytest.mark.seed_docs
@pytest.mark.parametrize("fmt", ["pdf", "docx-numbering", "html-page"])
def test_the_seed_competency_guide_gives_the_same_notes_as_pdf_word_and_html(fmt: str, rendered: Any) -> None:
    source = SEEDS / "003_2c0bcdf519b42f55.txt"
    assert notes_of(read_document(str(rendered(source, True)[fmt]))) == notes_of(read_document(str(source)))
