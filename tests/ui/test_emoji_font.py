"""Emoji on a card are drawn with real glyphs, not boxes (issue #14).

The machine has Debian's fonts-noto-color-emoji (.ci/run and the README install it);
the packaged app carries the same file and registers it when a system has no emoji font.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from PySide6.QtGui import QFontDatabase, QTextDocument
from pytestqt.qtbot import QtBot

from flashdeck.core.render import render_markdown
from flashdeck.ui.widgets.emoji_font import EMOJI_FONT_FILE, ensure_emoji_font, load_emoji_font
from flashdeck.ui.widgets.html_view import SafeHtmlView

SYSTEM_FONT = Path("/usr/share/fonts/truetype/noto") / EMOJI_FONT_FILE


def _glyphs_by_family(document: QTextDocument) -> dict[str, list[int]]:
    """Every glyph the laid-out document draws, by the family that draws it (glyph 0 is the empty box)."""
    document.setTextWidth(600)
    found: dict[str, list[int]] = {}
    block = document.begin()
    while block.isValid():
        document.documentLayout().blockBoundingRect(block)  # lays the block out
        layout = block.layout()
        for line in range(layout.lineCount()):
            for run in layout.lineAt(line).glyphRuns():
                found.setdefault(run.rawFont().familyName(), []).extend(run.glyphIndexes())
        block = block.next()
    return found


def test_emoji_in_a_card_are_drawn_with_an_emoji_font(qtbot: QtBot) -> None:
    family = ensure_emoji_font()
    assert family is not None
    view = SafeHtmlView()
    qtbot.addWidget(view)
    view.set_card_html(render_markdown("Checks:\n- ❌ no numbers\n- ✅ names the metric 🚀 💡"))
    glyphs = _glyphs_by_family(view.document())
    assert 0 not in [g for run in glyphs.values() for g in run]  # no box anywhere
    assert len(glyphs.get(family, [])) == 4  # ❌ ✅ 🚀 💡, one glyph each, from the emoji font
    shown = ("Checks:", "❌ no numbers", "✅ names the metric 🚀 💡")
    assert sum(len(run) for run in glyphs.values()) == sum(len(text) for text in shown)  # nothing dropped


def test_the_bundled_copy_registers_as_the_emoji_font(qtbot: QtBot, tmp_path: Path) -> None:
    shutil.copy(SYSTEM_FONT, tmp_path / EMOJI_FONT_FILE)
    family = load_emoji_font(tmp_path / EMOJI_FONT_FILE)
    assert family == "Noto Color Emoji"
    assert family in QFontDatabase.applicationEmojiFontFamilies()


def test_a_damaged_font_file_is_no_font(qtbot: QtBot, tmp_path: Path) -> None:
    damaged = tmp_path / EMOJI_FONT_FILE
    damaged.write_bytes(SYSTEM_FONT.read_bytes()[:4096])
    assert load_emoji_font(damaged) is None
