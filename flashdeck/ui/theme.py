"""Light and dark themes from the stylesheets in ``resources/``, and the app icon."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication

__all__ = ["THEMES", "app_icon", "apply_theme", "resolve_theme", "resources_dir"]

THEMES = ("system", "light", "dark")


def resources_dir() -> Path:
    """``resources/`` beside the package in a checkout, or inside it once installed."""
    here = Path(__file__).resolve().parent.parent
    for candidate in (here.parent / "resources", here / "resources"):
        if (candidate / "light.qss").exists():
            return candidate
    raise FileNotFoundError("FlashDeck's resources folder is missing")


@cache
def _stylesheet(name: str) -> str:
    return (resources_dir() / f"{name}.qss").read_text(encoding="utf-8")


def resolve_theme(preference: str) -> str:
    """"system" becomes "light" or "dark" from the desktop's colour scheme."""
    if preference in ("light", "dark"):
        return preference
    hints = QGuiApplication.styleHints()
    return "dark" if hints.colorScheme() == Qt.ColorScheme.Dark else "light"


def apply_theme(app: QApplication, preference: str = "system") -> str:
    """Style the whole app; returns the theme applied ("light" or "dark")."""
    theme = resolve_theme(preference)
    app.setStyleSheet(_stylesheet(theme))
    app.setProperty("flashdeckTheme", theme)
    return theme


def app_icon() -> QIcon:
    return QIcon(str(resources_dir() / "icon.svg"))
