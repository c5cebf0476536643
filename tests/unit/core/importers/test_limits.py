"""Per-format size limits: each format is read up to what it can read in about a second here
(docs/performance.md), and past that the file is refused in one line that names it and says to split it."""

from __future__ import annotations

import pytest

from flashdeck.core.importers import (
    MAX_GENERATED_LINES,
    MAX_NOTES_CHARS,
    MAX_NOTES_LINES,
    detect_format,
    parse_text,
)
from flashdeck.core.notes import ImportFormatError

SOURCE = "big-notes.md"


def _refused(text: str, fmt: str | None = None) -> ImportFormatError:
    with pytest.raises(ImportFormatError) as caught:
        parse_text(text, source=SOURCE, fmt=fmt)
    err = caught.value
    assert err.source == SOURCE and err.line is None and "\n" not in str(err)
    assert str(err).startswith(f"{SOURCE}: ") and str(err).endswith("(split it)")
    return err


def _topics(lines: int) -> str:
    """Hand-written notes: a heading and a paragraph under it, four lines a topic."""
    return "".join(f"## Topic {n}\n\nWe moved invoice run {n} to an event queue.\n\n" for n in range(lines // 4))


def test_notes_at_the_line_limit_are_read() -> None:
    text = _topics(MAX_NOTES_LINES)
    assert text.count("\n") == MAX_NOTES_LINES
    result = parse_text(text, source=SOURCE)
    assert result.format == "outline" and len(result.notes) == MAX_NOTES_LINES // 4


@pytest.mark.parametrize("fmt", [None, "outline", "questions", "star", "pitch"])
def test_notes_past_the_line_limit_are_refused_whatever_the_format(fmt: str | None) -> None:
    err = _refused(_topics(MAX_NOTES_LINES + 4), fmt)
    assert f"{MAX_NOTES_LINES + 4:,} lines; notes are read up to {MAX_NOTES_LINES:,} lines" in err.message


def test_notes_past_the_character_limit_are_refused() -> None:
    paragraph = "We moved the nightly invoice run to an event queue so each bill was ready in minutes. " * 40
    text = "".join(f"## Topic {n}\n\n{paragraph}\n\n" for n in range(MAX_NOTES_CHARS // len(paragraph) + 1))
    assert text.count("\n") < MAX_NOTES_LINES
    assert f"notes are read up to {MAX_NOTES_CHARS:,} characters" in _refused(text).message


def test_csv_keeps_the_readers_limit() -> None:
    rows = 3 * MAX_NOTES_LINES
    text = "front,back\n" + "".join(f"Question {n},Answer {n}\n" for n in range(rows))
    assert detect_format(text, "cards.csv") == "csv"
    assert len(parse_text(text, source="cards.csv").notes) == rows


def test_a_generated_guide_past_its_limit_is_refused() -> None:
    guide = "Core Signal\nOwns the outcome.\n\nWhat It Is Not\nBlame.\n\nDirect Triggers\n- Tell me about a time.\n"
    text = guide + "\n" * MAX_GENERATED_LINES
    assert detect_format(text, "guide.txt") == "competency"
    err = _refused(text)
    assert f"a competency guide is read up to {MAX_GENERATED_LINES:,} lines" in err.message
