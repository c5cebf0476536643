"""The dependency line: Qt only under flashdeck/ui, no SQLAlchemy in flashdeck/core, SQL only in flashdeck/storage."""

from __future__ import annotations

import ast
import re
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


# A string that starts with one of these (upper case, as every statement here is written) is a SQL statement;
# prose that merely uses one of the words ("Select a deck") is not matched.
_SQL_START = re.compile(r"\s*(SELECT|INSERT|UPDATE|DELETE|WITH|PRAGMA|CREATE|DROP|ALTER|REPLACE|ATTACH|DETACH|BEGIN|"
                        r"COMMIT|ROLLBACK|SAVEPOINT|RELEASE|VACUUM|ANALYZE|REINDEX|EXPLAIN)(\s|\(|$)")
# Outside flashdeck/storage only another program's schema has SQL: it is read and written beside its format, and
# flashdeck.interchange may not import storage (pyproject's import-linter contracts).
_SQL_ELSEWHERE = {
    "flashdeck/interchange/anki_collection.py": "reads an Anki collection file (Anki's schema)",
    "flashdeck/interchange/anki_schema.py": "Anki's schema and the rows an .apkg export writes into it",
}


def _sql_statements(path: Path) -> list[tuple[int, str]]:
    """(line, start of the text) of each string literal or f-string in ``path`` that is a SQL statement."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    parts = {id(value) for node in ast.walk(tree) if isinstance(node, ast.JoinedStr) for value in node.values}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            text = "".join(v.value if isinstance(v, ast.Constant) else "{…}" for v in node.values)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in parts:
            text = node.value
        else:
            continue
        if _SQL_START.match(text):
            found.append((node.lineno, " ".join(text.split())[:60]))
    return sorted(found)


def test_sql_only_in_storage() -> None:
    """The services ask storage (issue #16): no SQL statement is written outside flashdeck/storage."""
    offenders = [f"{p.relative_to(REPO)}:{line}: {text}" for p in _modules(PACKAGE)
                 if PACKAGE / "storage" not in p.parents and str(p.relative_to(REPO)) not in _SQL_ELSEWHERE
                 for line, text in _sql_statements(p)]
    assert offenders == [], "SQL outside flashdeck/storage (move it into a storage module):\n" + "\n".join(offenders)
    # An exception that has no SQL left is dropped from the list, not kept as a hole.
    assert [name for name in _SQL_ELSEWHERE if not _sql_statements(REPO / name)] == []


# What runs a statement on a connection, a Store or a Tx.
_RUNS_SQL = {"execute", "executemany", "executescript", "fetchall", "scalar", "insert_returning_id"}
# Writing an .apkg runs Anki's statements (interchange/anki_schema.py) on the package's own file.
_RUNS_SQL_ELSEWHERE = {*_SQL_ELSEWHERE, "flashdeck/collection/apkg_write.py"}


def _sql_calls(path: Path) -> list[tuple[int, str]]:
    """(line, method) of each call in ``path`` that runs a statement (``store.fetchall(…)``, ``conn.execute(…)``)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    calls = [node for node in ast.walk(tree) if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)]
    return sorted((call.lineno, call.func.attr) for call in calls
                  if isinstance(call.func, ast.Attribute) and call.func.attr in _RUNS_SQL)


def test_services_ask_storage_and_run_no_statement() -> None:
    """No ``col.store.fetchall(…)`` outside flashdeck/storage: the services call storage's functions (issue #16)."""
    offenders = [f"{p.relative_to(REPO)}:{line}: .{method}(…)" for p in _modules(PACKAGE)
                 if PACKAGE / "storage" not in p.parents and str(p.relative_to(REPO)) not in _RUNS_SQL_ELSEWHERE
                 for line, method in _sql_calls(p)]
    assert offenders == [], "statements run outside flashdeck/storage:\n" + "\n".join(offenders)


def test_the_sql_checker_sees_a_statement(tmp_path: Path) -> None:
    planted = tmp_path / "service.py"
    planted.write_text('"""Select the deck from the list, then update it: prose, not SQL."""\n'
                       'QUERY = "SELECT id FROM cards"\n'
                       "def remove(table: str) -> str:\n"
                       '    return f"DELETE FROM {table} WHERE id=?"\n'
                       'LABEL = "Delete this deck"\n'
                       'STATEMENT = ("  WITH recent AS (SELECT 1) "\n'
                       '             "SELECT * FROM recent")\n'
                       'PRAGMA = "PRAGMA foreign_keys=ON"\n')
    assert [line for line, _text in _sql_statements(planted)] == [2, 4, 6, 8]
    assert _sql_statements(planted)[1] == (4, "DELETE FROM {…} WHERE id=?")
    caller = tmp_path / "caller.py"
    caller.write_text("def count(col, statement):\n"
                      "    return col.store.scalar(statement)\n"
                      "def label(box):\n"
                      "    return box.exec()\n")
    assert _sql_calls(caller) == [(2, "scalar")]



def _store_reaches(path: Path) -> list[int]:
    """Lines in ``path`` that reach past the façade to its store (``col.store``, ``self.col.store.url``)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    return sorted(node.lineno for node in ast.walk(tree) if isinstance(node, ast.Attribute) and node.attr == "store")


def test_screens_ask_the_facade_not_its_store() -> None:
    """The app's screens use the ``Collection`` façade alone: what they need of its file (URL, place, read-only
    reason, change mark) the façade says (issue #16: "the editor calls col.store directly")."""
    offenders = [f"{p.relative_to(REPO)}:{line}" for p in _modules(PACKAGE / "ui") for line in _store_reaches(p)]
    assert offenders == [], "ui reaching col.store:\n" + "\n".join(offenders)


def test_the_store_checker_sees_a_reach(tmp_path: Path) -> None:
    planted = tmp_path / "screen.py"
    planted.write_text("def where(self, store):\n"
                       "    return self.col.store.url, store, self.col.url\n")
    assert _store_reaches(planted) == [2]


_ROW_NAMES = {"row", "r"}
# A storage row unpacked into this many names is read by position all the same; two (``for key, value in rows``,
# ``dict(rows)``) reads as a pair and may stay one.
_WIDE = 3


def _names_a_row(name: str) -> bool:
    """``row``, ``r`` or ``…_row`` (``attempt_row``): what one storage row is called above storage."""
    return name in _ROW_NAMES or name.endswith("_row")


def _names_rows(name: str) -> bool:
    """``rows`` or ``…_rows``: what a list of them is called."""
    return name == "rows" or name.endswith("_rows")


def _is_position(node: ast.expr) -> bool:
    """An integer constant, negative ones too (``-1`` parses as a unary minus on ``1``)."""
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        node = node.operand
    return isinstance(node, ast.Constant) and isinstance(node.value, int) and not isinstance(node.value, bool)


def _unpacks_wide(target: ast.expr) -> bool:
    return isinstance(target, ast.Tuple) and len(target.elts) >= _WIDE


def _reads_by_position(node: ast.AST) -> bool:
    if isinstance(node, ast.Subscript):
        return isinstance(node.value, ast.Name) and _names_a_row(node.value.id) and _is_position(node.slice)
    if isinstance(node, ast.Assign):
        return (isinstance(node.value, ast.Name) and _names_a_row(node.value.id)
                and any(_unpacks_wide(target) for target in node.targets))
    if isinstance(node, (ast.For, ast.comprehension)):
        return isinstance(node.iter, ast.Name) and _names_rows(node.iter.id) and _unpacks_wide(node.target)
    return False


def _rows_read_by_position(path: Path) -> list[int]:
    """Lines in ``path`` that read a storage row by position: ``row[3]``, ``r[0]``, ``attempt_row[-1]``, or
    ``a, b, c = row`` and ``for a, b, c in rows`` (three names or more)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    # A comprehension's clause has no line of its own: the line of what it iterates stands for it.
    return sorted(node.iter.lineno if isinstance(node, ast.comprehension) else node.lineno
                  for node in ast.walk(tree) if _reads_by_position(node))


def test_services_and_screens_read_rows_by_name() -> None:
    """Storage hands out named rows (``storage/rows.py``); above it a row is read as ``row.kind``, never ``row[2]``
    (issue #16: a column added to a select list must not shift what another module reads)."""
    offenders = [f"{p.relative_to(REPO)}:{line}" for folder in ("collection", "cli", "ui")
                 for p in _modules(PACKAGE / folder) for line in _rows_read_by_position(p)]
    assert offenders == [], "rows read by position:\n" + "\n".join(offenders)


def test_the_row_checker_sees_a_position(tmp_path: Path) -> None:
    planted = tmp_path / "service.py"
    planted.write_text("def title(row, pair, r):\n"
                       "    first = pair[0]\n"
                       "    return row[4], row.kind, r[0], first\n"
                       "def grade(attempt_row, arrow, flags):\n"
                       "    return attempt_row[-1], arrow[-1], flags[-1], attempt_row.self_grade, attempt_row[1:]\n"
                       "def unpack(row, rows, deck_rows, pairs):\n"
                       "    a, b, c = row\n"
                       "    key, value = row\n"
                       "    out = [x for x, y, z in rows]\n"
                       "    for x, y, z, w in deck_rows:\n"
                       "        out.append(x)\n"
                       "    for x, y in rows:\n"
                       "        out.append(x)\n"
                       "    return [x for x, y, z in pairs], out\n")
    assert _rows_read_by_position(planted) == [3, 3, 5, 7, 9, 10]
