#!/usr/bin/env python3
"""The libraries compared for each reader, on our own generated documents (docs/importing.md, "Readers").

Needs the comparison extra: ``pip install -e '.[test,compare]'``.

- PDF: pypdfium2 (the reader: PDFium's text with font weight and size) against pdfminer.six
  (its layout analysis; its text then de-paginated by the same rules, as it has no reader of ours);
- DOCX: python-docx (the reader) against mammoth (Word → HTML, then our HTML reader);
- HTML main content: readability-lxml (the reader's choice of container) against trafilatura
  (its own extraction, turned into blocks here);
- encodings: chardet 7 against charset-normalizer.

Quality is whether the playbooks' notes come out the same as from their .txt (the acceptance test),
and what page chrome leaks in; speed is the median of 3 runs.

Usage: python bench/compare_readers.py
"""

from __future__ import annotations

import contextlib
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO / "tests"), str(REPO)]

PLAYBOOKS = [REPO / "tests/data/playbooks/helios_backend_engineer.txt",
             REPO / "tests/data/playbooks/northwind_data_engineer.txt"]
CHROME = ["Pricing", "Sign in", "Related guide number", "All rights reserved", "cookies", "Accept all"]


def timed(fn: Callable[[], Any], runs: int = 3) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def notes(doc: Any) -> list[tuple[str, dict[str, str]]]:
    from flashdeck.core.importers import parse_document

    return [(n.kind, {k: v.replace("**", "") for k, v in n.fields.items()}) for n in parse_document(doc).notes]


def expected(source: Path) -> list[tuple[str, dict[str, str]]]:
    from flashdeck.readers import read_path

    return notes(read_path(str(source)))


def compare_pdf(folder: Path) -> None:
    from docgen import blocks_from_text, write_pdf
    from pdfminer.high_level import extract_text

    from flashdeck.readers import read_bytes
    from flashdeck.readers.pdf import read_pdf

    print("PDF: pypdfium2 vs pdfminer.six")
    for source in PLAYBOOKS:
        pdf = write_pdf(blocks_from_text(source.read_text()), folder / f"{source.stem}.pdf",
                        header="Interview playbook", footer="Jordan Reyes · Confidential")
        data = pdf.read_bytes()
        t1, doc1 = timed(lambda data=data: read_pdf(data, "x.pdf"))
        t2, text = timed(lambda pdf=pdf: extract_text(str(pdf)))
        doc2 = read_bytes(text.encode(), source="x.txt")
        want = expected(source)
        print(f"  {source.stem:28} pypdfium2 {t1 * 1000:7.1f} ms  same notes: {notes(doc1) == want}   "
              f"pdfminer.six {t2 * 1000:7.1f} ms  same notes: {notes(doc2) == want}")


def compare_docx(folder: Path) -> None:
    import mammoth
    from docgen import blocks_from_text, write_docx

    from flashdeck.readers.docx import read_docx
    from flashdeck.readers.html import read_html

    print("DOCX: python-docx vs mammoth")
    for source, times in [(p, 1) for p in PLAYBOOKS] + [(PLAYBOOKS[0], 14)]:
        path = write_docx(blocks_from_text(source.read_text()) * times, folder / f"{source.stem}{times}.docx")
        data = path.read_bytes()

        def via_mammoth(path: Path = path) -> Any:
            with open(path, "rb") as fh:
                html = mammoth.convert_to_html(fh).value
            return read_html(html, "x.html")

        t1, doc1 = timed(lambda data=data: read_docx(data, "x.docx"))
        t2, doc2 = timed(via_mammoth)
        same = notes(doc1) == notes(doc2) == expected(source) if times == 1 else notes(doc1) == notes(doc2)
        print(f"  {source.stem + f' x{times}':28} python-docx {t1 * 1000:7.1f} ms   mammoth {t2 * 1000:7.1f} ms   "
              f"same notes (both): {same}")


def _trafilatura_doc(page: str) -> Any:
    """trafilatura's extraction (with formatting and tables) as blocks, its XML mapped tag for tag."""
    import trafilatura

    from flashdeck.core.document import Block, Document

    result = trafilatura.bare_extraction(page, include_formatting=True, include_tables=True, favor_recall=True)
    blocks: list[Block] = []
    if result is not None:
        body = result.body if hasattr(result, "body") else result["body"]

        def text_of(el: Any) -> str:
            return " ".join("".join(el.itertext()).split())

        def walk(el: Any, depth: int) -> None:
            for child in el:
                if child.tag == "head":
                    level = int((child.get("rend") or "h2")[1:] or 2)
                    blocks.append(Block.heading(text_of(child), level))
                elif child.tag == "list":
                    ordered = child.get("rend") == "ol"
                    for number, item in enumerate(child.iterchildren("item"), start=1):
                        own = " ".join("".join(t for t in item.xpath("text()|*[not(self::list)]//text()")).split())
                        blocks.append(Block.item(own, depth, ordered=ordered,
                                                 number=number if ordered else None))
                        walk(item, depth + 1)
                elif child.tag == "table":
                    for row in child.iter("row"):
                        blocks.append(Block.row([text_of(c) for c in row.iter("cell")]))
                elif child.tag == "p":
                    blocks.append(Block.paragraph(text_of(child)))
        walk(body, 0)
    return Document(source="x.html", blocks=blocks, origin="html")


def compare_html() -> None:
    from docgen import blocks_from_text, html_fragment, html_page

    from flashdeck.readers.html import read_html

    print("HTML main content: readability-lxml (the reader) vs trafilatura")
    for source in PLAYBOOKS:
        blocks = blocks_from_text(source.read_text())
        want = expected(source)
        for name, page in (("semantic page", html_page(blocks)), ("div-soup page", html_page(blocks, semantic=False)),
                           ("clipboard fragment", html_fragment(blocks))):
            t1, doc1 = timed(lambda page=page: read_html(page, "x.html"))
            t2, doc2 = timed(lambda page=page: _trafilatura_doc(page))
            leak1 = [w for w in CHROME if w in "\n".join(doc1.lines())]
            leak2 = [w for w in CHROME if w in "\n".join(doc2.lines())]
            print(f"  {source.stem[:14]:14} {name:18} ours {t1 * 1000:6.1f} ms same notes: {notes(doc1) == want!s:5} "
                  f"chrome: {len(leak1)}   trafilatura {t2 * 1000:6.1f} ms same notes: {notes(doc2) == want!s:5} "
                  f"chrome: {len(leak2)}  blocks {len(doc1.blocks)}/{len(doc2.blocks)}")


SAMPLES = [
    ("Tell me about a time you disagreed — “politely” — with your manager’s plan… It cost €500.\n", "cp1252"),
    ("# Préparation\n\nQuestion : parlez-moi d'un échec. Réponse : j'ai appris à déléguer.\n", "latin-1"),
    ("## Stärken\n\nIch übernehme Verantwortung für Ergebnisse. Größte Schwäche: Ungeduld.\n", "cp1252"),
    ("## Расскажите о конфликте\n\nСитуация: команда не успевала к сроку. Задача: договориться.\n", "cp1251"),
    ("## 面试准备\n\n请介绍一次你解决冲突的经历。情况：团队延期。任务：与经理协商优先级。\n", "gb18030"),
    ("## 面接の準備\n\n困難を乗り越えた経験を教えてください。状況：締め切りに遅れそうでした。\n", "shift_jis"),
    ("résumé\n", "cp1252"),
    ("Café culture\n", "latin-1"),
    ("Señor Muñoz habló con el equipo sobre la migración.\n", "cp1252"),
    ("## Why this company\n\nTheir “customer first” value — and the café.\n", "cp1252"),
]


def compare_encodings() -> None:
    import chardet
    import charset_normalizer

    from flashdeck.core.importers.decoding import decode_text

    print("Encodings: chardet 7 vs charset-normalizer (raw guesses), and our decode_text (chardet + rules)")
    scores = {"chardet": 0, "charset-normalizer": 0, "decode_text": 0}
    for text, encoding in SAMPLES:
        data = text.encode(encoding)
        guess1 = chardet.detect(data)["encoding"]
        best = charset_normalizer.from_bytes(data).best()
        guess2 = best.encoding if best else None
        for name, guess in (("chardet", guess1), ("charset-normalizer", guess2)):
            with contextlib.suppress(LookupError, UnicodeDecodeError):
                scores[name] += guess is not None and data.decode(guess) == text
        scores["decode_text"] += decode_text(data, source="x")[0] == text
    print(f"  right on {len(SAMPLES)} samples: {scores}")
    big = (SAMPLES[0][0] * 25_000).encode("cp1252")
    t1, _ = timed(lambda: chardet.detect(big))
    t2, _ = timed(lambda: charset_normalizer.from_bytes(big).best())
    print(f"  {len(big) / 2**20:.1f} MB of cp1252: chardet {t1 * 1000:.0f} ms, charset-normalizer {t2 * 1000:.0f} ms")


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        compare_pdf(folder)
        compare_docx(folder)
    compare_html()
    compare_encodings()


if __name__ == "__main__":
    main()
