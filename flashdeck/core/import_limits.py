"""What a document from a stranger may hold at most (``flashdeck.readers`` enforces them).

Apart from the readers so that what only checks a size (import planning, standard input) does not load
every reader with it.
"""

from __future__ import annotations

__all__ = ["MAX_IMPORT_BYTES", "MAX_IMPORT_LINES", "MAX_LINE_CHARS", "MAX_PDF_PAGES"]

# A document from a stranger must not take the machine with it: these bound an
# import's memory (well under 500 MB) and time, and sit far above any real prep
# material (a 50-page playbook is ~100 KB of text; 50,000 TSV cards ~10 MB).
MAX_IMPORT_BYTES = 32 * 1024 * 1024
MAX_IMPORT_LINES = 250_000
MAX_LINE_CHARS = 1_000_000
# A 50-page playbook is the usual; a book of questions runs to a few hundred pages. Past this a
# "document" is an archive or a hostile file, and reading it would take the import past its time: a PDF
# of more pages is refused, and text a PDF tool extracted from more is read as the plain text it is.
MAX_PDF_PAGES = 200
