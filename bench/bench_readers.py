#!/usr/bin/env python3
"""Readers benchmark: documents in every format, read and parsed as an import's preview would.

  a) a 50-page PDF playbook (our test playbooks, rendered by tests/docgen.py with a running header
     and footer): read + parsed (``formats.read_document``), and the whole preview
     (``Collection.import_file(dry_run=True)`` on an empty collection);
  b) each supported format at its size limit, read + parsed: a PDF of MAX_PDF_PAGES pages, a Word
     file with the most body XML allowed, an HTML page of MAX_HTML_ELEMENTS elements and one of
     ~30 MB that is mostly inline scripts, styles and pictures, hand-written notes of MAX_NOTES_LINES
     lines (a question each: the slowest shape measured) and of MAX_NOTES_CHARS characters, a CSV of
     MAX_IMPORT_NOTES rows (UTF-8, and ~32 MB in Windows-1252: the byte limit), a deck file of
     MAX_IMPORT_LINES lines, a generated playbook and guide of MAX_GENERATED_LINES lines,
     PDF-extracted text of MAX_PDF_PAGES pages; and how long files past the limits take to be
     refused (notes of MAX_IMPORT_LINES lines, a CSV of MAX_IMPORT_LINES rows);
  c) peak RSS of each run (each case in a child process, so the figures do not mix; VmHWM, since
     getrusage in a child reports the parent's peak when it was larger).

Targets (docs/performance.md): (a) <= 1 s, (b) <= 2 s each.

Usage:
  python bench/bench_readers.py            # table
  python bench/bench_readers.py --json     # JSON on stdout
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO / "tests"), str(REPO)]

CASES = ["pdf-50-pages", "pdf-50-pages-preview", "pdf-at-page-limit", "docx-at-limit", "html-at-element-limit",
         "html-30MB-saved-page", "notes-at-line-limit", "notes-at-char-limit", "csv-at-note-limit",
         "csv-32MB-cp1252", "deck-at-line-limit", "playbook-at-line-limit", "guide-at-line-limit",
         "pdf-text-at-page-limit", "notes-past-limit", "csv-past-limit"]


def _playbook_blocks() -> list:
    from docgen import blocks_from_text

    out = []
    for name in ("helios_backend_engineer.txt", "northwind_data_engineer.txt"):
        out += blocks_from_text((REPO / "tests" / "data" / "playbooks" / name).read_text(encoding="utf-8"))
    return out


def make(case: str, folder: Path) -> Path:
    """The document for ``case`` (made once per run, outside the timed part)."""
    from docgen import blocks_from_text, extracted_text, write_docx, write_pdf

    from flashdeck.core.document import Block
    from flashdeck.core.importers import MAX_GENERATED_LINES, MAX_NOTES_CHARS, MAX_NOTES_LINES
    from flashdeck.core.notes import MAX_IMPORT_NOTES
    from flashdeck.readers import MAX_HTML_ELEMENTS, MAX_IMPORT_LINES, MAX_PDF_PAGES

    if case.startswith("pdf-50-pages"):
        path = folder / "playbook50.pdf"
        blocks = _playbook_blocks()
        helios = blocks_from_text((REPO / "tests/data/playbooks/helios_backend_engineer.txt").read_text())
        while True:  # the two playbooks and more of the first, until 50 pages
            write_pdf(blocks, path, header="Helios Grid · Backend Engineer · Interview playbook",
                      footer="Tomás Okafor · Confidential")
            import pypdfium2 as pdfium

            pages = len(pdfium.PdfDocument(str(path)))
            if pages >= 50:
                return path
            blocks = blocks + helios[40:]
    if case == "pdf-at-page-limit":
        path = folder / "limit.pdf"
        from reportlab.pdfgen import canvas

        page = canvas.Canvas(str(path))
        for n in range(MAX_PDF_PAGES):
            y = 780
            for line in range(45):
                page.drawString(72, y, f"Page {n} line {line}: the team agreed on the rollout plan after a review.")
                y -= 15
            page.showPage()
        page.save()
        return path
    if case == "docx-at-limit":
        path = folder / "limit.docx"
        blocks = _playbook_blocks()
        write_docx(blocks * 14, path)  # ~0.95 MB of body XML: just under MAX_DOCX_DOCUMENT_XML (1 MB)
        return path
    if case == "html-at-element-limit":
        path = folder / "limit.html"
        rows = MAX_HTML_ELEMENTS // 2 - 50
        body = "".join(f"<p>Question {n}: <b>why</b> this role?</p>" for n in range(rows))
        path.write_text(f"<!DOCTYPE html><html><body><main>{body}</main></body></html>", encoding="utf-8")
        return path
    if case == "html-30MB-saved-page":
        path = folder / "saved.html"
        from docgen import html_page

        page = html_page(_playbook_blocks())
        filler = "<script>" + "var x = 1;" * (10 * 1024 * 1024 // 10) + "</script>"
        picture = '<img src="data:image/png;base64,' + "A" * (19 * 1024 * 1024) + '">'
        path.write_text(page.replace("</body>", filler + picture + "</body>"), encoding="utf-8")
        return path
    if case in ("notes-at-line-limit", "notes-past-limit"):
        path = folder / f"{case}.md"
        line = "- Tell me about a time you changed a plan because of what users said.\n"
        lines = MAX_NOTES_LINES if case == "notes-at-line-limit" else MAX_IMPORT_LINES - 10
        path.write_text("# Notes\n\n" + line * (lines - 2), encoding="utf-8")
        return path
    if case == "notes-at-char-limit":
        path = folder / "long-notes.md"
        paragraph = ("We moved the nightly invoice run to an event queue so that each customer's bill was ready "
                     "within minutes, and support stopped answering the same three questions every morning. ") * 3
        topics = "".join(f"## Topic {n}\n\n{paragraph}\n\n" for n in range(MAX_NOTES_CHARS // (len(paragraph) + 20)))
        path.write_text(topics, encoding="utf-8")
        return path
    if case in ("csv-at-note-limit", "csv-past-limit"):
        path = folder / f"{case}.csv"
        rows = MAX_IMPORT_NOTES if case == "csv-at-note-limit" else MAX_IMPORT_LINES - 10
        path.write_text("front,back\n" + "".join(f"Question {n},Answer {n} with a few words\n" for n in range(rows)),
                        encoding="utf-8")
        return path
    if case == "csv-32MB-cp1252":
        path = folder / "legacy.txt"
        row = "Café question {n} about the résumé\t" + "Answer with naïve détails, " * 11 + "\n"
        path.write_bytes("".join(row.format(n=n) for n in range(MAX_IMPORT_NOTES)).encode("cp1252"))
        return path
    if case == "deck-at-line-limit":
        path = folder / "deck.md"
        notes = "".join(f"## Question number {n}\n\n### Back\n\nAnswer {n} with a few words.\n\n"
                        for n in range((MAX_IMPORT_LINES - 10) // 8))
        path.write_text("---\ndeck: Big\nkind: basic\n---\n\n" + notes, encoding="utf-8")
        return path
    if case in ("playbook-at-line-limit", "guide-at-line-limit"):
        path = folder / f"{case}.txt"
        source = ("playbooks/helios_backend_engineer.txt" if case.startswith("playbook")
                  else "competency/bias_for_action_amazon.txt")
        lines = (REPO / "tests" / "data" / source).read_text(encoding="utf-8").split("\n")
        path.write_text("\n".join((lines * (MAX_GENERATED_LINES // len(lines) + 1))[:MAX_GENERATED_LINES]),
                        encoding="utf-8")
        return path
    if case == "pdf-text-at-page-limit":  # the text a PDF tool extracts from a PDF of MAX_PDF_PAGES pages
        path = folder / "extracted.txt"
        pdf = make("pdf-50-pages", folder)
        text = extracted_text(pdf)
        pages = text.split("\f")
        path.write_text("\f".join(pages[n % len(pages)] for n in range(MAX_PDF_PAGES)), encoding="utf-8")
        return path
    _ = Block
    raise ValueError(case)


def _peak_rss_kb() -> int:
    """This process's peak RSS. (Not getrusage's ru_maxrss: Linux carries the parent's peak across
    fork and exec, so a child started after a large case would report the parent's.)"""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def run_case(case: str, path: Path) -> dict[str, object]:
    """Timed in this (child) process: read + parse, or the whole preview."""
    from flashdeck.collection.formats import read_document

    start = time.perf_counter()
    if case.endswith("-preview"):
        from flashdeck.collection import Collection

        with tempfile.TemporaryDirectory() as folder, Collection.open(Path(folder) / "c.db") as col:
            start = time.perf_counter()
            report = col.import_file(path, dry_run=True)
            notes = report.added
    else:
        from flashdeck.core.notes import ImportFormatError

        try:
            notes = len(read_document(str(path)).notes)
        except ImportFormatError:
            notes = "refused"
    seconds = time.perf_counter() - start
    peak_mb = _peak_rss_kb() / 1024
    return {"case": case, "file_mb": round(path.stat().st_size / 2**20, 2), "seconds": round(seconds, 3),
            "notes": notes, "peak_rss_mb": round(peak_mb)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--only", action="append", choices=CASES, help="run only these cases (repeatable)")
    parser.add_argument("--case", help=argparse.SUPPRESS)
    parser.add_argument("--path", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.case:  # a child: time one case
        print(json.dumps(run_case(args.case, Path(args.path))))
        return
    results = []
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for case in args.only or CASES:
            path = make(case, folder)
            done = subprocess.run([sys.executable, __file__, "--case", case, "--path", str(path)],
                                  capture_output=True, text=True, check=True)
            results.append(json.loads(done.stdout))
    load = {"before": [round(x, 2) for x in load_before], "after": [round(x, 2) for x in os.getloadavg()]}
    if args.json:
        print(json.dumps({"load_average": load, "cases": results}, indent=2))
        return
    print(f"load average (1, 5, 15 min): before {load['before']}, after {load['after']}")
    print(f"{'case':26} {'file MB':>8} {'seconds':>8} {'notes':>8} {'peak RSS MB':>12}")
    for r in results:
        print(f"{r['case']:26} {r['file_mb']:>8} {r['seconds']:>8} {r['notes']:>8} {r['peak_rss_mb']:>12}")


if __name__ == "__main__":
    main()
