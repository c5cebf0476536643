"""What kind of document bytes are, told cheaply: the checks every read makes before choosing a reader.

Apart from the readers themselves, so that reading a text file (a CSV, notes) does not load the PDF,
Word and HTML readers (~15 ms on the first import in a process).
"""

from __future__ import annotations

import re

__all__ = ["FRONT_MATTER", "MIN_WRAPS", "OLE_SIGNATURE", "declared_charset", "looks_like_html", "may_be_extracted",
           "wraps"]

# An OLE compound file: an encrypted (or old binary) Word document.
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

# (Compiled where first used, by ``re``'s cache, and only for text whose first visible character is a "<":
# compiling it is ~0.3 ms of the first import in a process, and a CSV or notes file never needs it.)
_HTML_START = (
    r"(?is)\A(?:\ufeff)?\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|div|p|h[1-6]|ul|ol|table|span|"
    r"article|section|main|br|b|strong|!--startfragment)[\s>/]")
# A deck file's header.
FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*\n")
# A line ending mid-sentence followed by one that carries on in lower case: the page width broke it.
_MID_SENTENCE = re.compile(r"[\w,]$")
# A line break, and the first visible character of the next line when it may be lower case (not A-Z or 0-9).
_NEXT_LOWER = re.compile(r"\n(?=[^\S\n]*([^\sA-Z0-9]))")
# Text with fewer line breaks mid-sentence (and no form feed) is not what a PDF tool extracted.
MIN_WRAPS = 3
_META_CHARSET = rb"(?i)<meta[^>]+charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)"  # (compiled when first used)


def looks_like_html(data: bytes, source: str) -> bool:
    """Whether bytes are HTML: named so, or opening with an HTML tag (a clipboard fragment has no name)."""
    if source.casefold().endswith((".html", ".htm", ".xhtml")):
        return True
    head = data[:4096]
    if head[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            head = head.decode("utf-16")[:2048].encode()
        except UnicodeDecodeError:
            return False
    text = head.decode("utf-8", "ignore")
    # What _HTML_START needs first: after one optional byte-order mark and any white space, a "<".
    if not text.removeprefix("\ufeff").lstrip().startswith("<"):
        return False
    return bool(re.match(_HTML_START, text))


def declared_charset(data: bytes) -> str | None:
    match = re.search(_META_CHARSET, data[:8192])
    return match.group(1).decode("ascii").lower() if match else None


def may_be_extracted(text: str) -> bool:
    """Whether ``text`` may be what a PDF tool extracted (``flashdeck.readers.extracted`` decides): not a
    deck file, and pages (form feeds) or lines wrapped mid-sentence. A CSV or notes with a paragraph a line
    stop here, without loading that reader and its layout."""
    return not FRONT_MATTER.match(text) and ("\f" in text or wraps(text, MIN_WRAPS) >= MIN_WRAPS)


def wraps(text: str, enough: int) -> int:
    """How many line breaks fall mid-sentence (the next line carries on in lower case), up to ``enough``.

    Only line breaks before a line that may start in lower case are looked at (``_NEXT_LOWER``, found
    at C speed): in a CSV or a list every line may start with a capital or a digit, and none is.
    """
    count = 0
    for match in _NEXT_LOWER.finditer(text):
        if not match.group(1).islower():
            continue
        end = match.start()
        last = text[end - 1] if end else ""
        if last.isspace():  # trailing spaces, or an empty line: the line's last visible character
            last = text[text.rfind("\n", 0, end) + 1:end].rstrip()[-1:]
        if last and _MID_SENTENCE.match(last):
            count += 1
            if count >= enough:
                break
    return count
