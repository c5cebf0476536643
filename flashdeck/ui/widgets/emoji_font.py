"""Emoji on cards (❌ ✅ 🚀) instead of empty boxes.

Qt draws an emoji from whatever colour-emoji font the system has (fontconfig
finds Noto Color Emoji on most Linux desktops; Debian's package is
``fonts-noto-color-emoji``, SIL Open Font License 1.1). A system without one —
a minimal install, a container — showed every emoji as a box. The packaged app
carries Noto Color Emoji in ``resources/fonts/`` (packaging/flashdeck.spec copies
it in with its licence), and this module registers it as the application's emoji
font when the system has none of its own.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QFontDatabase

__all__ = ["EMOJI_FONT_FILE", "SYSTEM_EMOJI_FAMILIES", "ensure_emoji_font", "load_emoji_font"]

EMOJI_FONT_FILE = "NotoColorEmoji.ttf"
# Families that already cover emoji: the system's own is preferred to the bundled copy.
SYSTEM_EMOJI_FAMILIES = ("Noto Color Emoji", "Twemoji", "JoyPixels", "Apple Color Emoji", "Segoe UI Emoji",
                         "Noto Emoji", "OpenMoji Color", "Symbola")


def load_emoji_font(path: Path) -> str | None:
    """Register the font file at ``path`` as the application's emoji font; its family, or None if unreadable."""
    font_id = QFontDatabase.addApplicationFont(str(path))
    if font_id < 0:
        return None
    families = QFontDatabase.applicationFontFamilies(font_id)
    if not families:
        return None
    QFontDatabase.addApplicationEmojiFontFamily(families[0])
    return str(families[0])


def ensure_emoji_font(fonts_dir: Path | None = None) -> str | None:
    """The emoji family cards are drawn with: the system's, else the bundled one (None: neither exists)."""
    installed = set(QFontDatabase.families())
    for family in SYSTEM_EMOJI_FAMILIES:
        if family in installed:
            return family
    if fonts_dir is None:
        from flashdeck.ui.theme import resources_dir

        fonts_dir = resources_dir() / "fonts"
    bundled = fonts_dir / EMOJI_FONT_FILE
    return load_emoji_font(bundled) if bundled.is_file() else None
