"""What kind of document bytes are, told cheaply: the checks every read makes before choosing a reader.

Apart from the readers themselves, so that reading a text file (a CSV, notes) does not load the PDF,
Word and HTML readers (~15 ms on the first import in a process).
"""

from __future__ import annotations

import re

__all__ = ["OLE_SIGNATURE", "declared_charset", "looks_like_html"]

# An OLE compound file: an encrypted (or old binary) Word document.
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

_HTML_START = re.compile(
    r"\A(?:\ufeff)?\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|div|p|h[1-6]|ul|ol|table|span|"
    r"article|section|main|br|b|strong|!--startfragment)[\s>/]", re.IGNORECASE | re.DOTALL)
_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.IGNORECASE)


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
    return bool(_HTML_START.match(head.decode("utf-8", "ignore")))


def declared_charset(data: bytes) -> str | None:
    match = _META_CHARSET.search(data[:8192])
    return match.group(1).decode("ascii").lower() if match else None
