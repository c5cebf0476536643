"""The dependency line: Qt only under flashdeck/ui, SQLAlchemy never in flashdeck/core."""

from __future__ import annotations

import ast
from pathlib import Path

from helpers import REPO

PACKAGE = REPO / "flashdeck"


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def _modules(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.py"))


def test_pyside_only_under_ui() -> None:
    offenders = [p.relative_to(REPO) for p in _modules(PACKAGE)
                 if "PySide6" in _imports(p) and PACKAGE / "ui" not in p.parents]
    assert offenders == []


def test_core_imports_no_sqlalchemy_and_no_qt() -> None:
    offenders = [p.relative_to(REPO) for p in _modules(PACKAGE / "core")
                 if _imports(p) & {"sqlalchemy", "alembic", "PySide6"}]
    assert offenders == []


def test_core_and_storage_do_not_reach_up() -> None:
    """core knows nothing above it; storage knows only core."""
    for folder, allowed in ((PACKAGE / "core", {"flashdeck.core"}), (PACKAGE / "storage", {"flashdeck.core",
                                                                                          "flashdeck.storage"})):
        for path in _modules(folder):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("flashdeck"):
                    assert any(node.module.startswith(a) for a in allowed), f"{path}: imports {node.module}"


def test_the_checker_sees_a_violation(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("from PySide6.QtWidgets import QWidget\nimport sqlalchemy.orm\n")
    assert _imports(bad) == {"PySide6", "sqlalchemy"}
