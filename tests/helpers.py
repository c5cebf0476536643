"""Small builders shared by tests (importable: pytest puts tests/ on sys.path)."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from flashdeck.core.notes import NoteDraft

REPO = Path(__file__).resolve().parents[1]
# The private seed documents (real users' material, never copied here): tests that read them are marked
# ``seed_docs`` and run only when FLASHDECK_SEED_DOCS names their folder (.ci/run sets it); see conftest.py.
SEEDS = Path(os.environ.get("FLASHDECK_SEED_DOCS") or "/nonexistent/FLASHDECK_SEED_DOCS-is-not-set").resolve()
DATA = REPO / "tests" / "data"
# 10:00 UTC on a Saturday: well inside a study day that starts at 04:00 UTC.
START = datetime(2026, 11, 21, 10, 0, tzinfo=UTC)


def basic_notes(count: int, prefix: str = "Q") -> list[NoteDraft]:
    return [NoteDraft("basic", {"front": f"{prefix}{i} front", "back": f"{prefix}{i} back"}) for i in range(count)]


def run_cli(*args: str, db: Path | None = None, stdin: str = "", env: dict[str, str] | None = None,
            timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """The real `flashdeck` command in a child process."""
    full_env = {**os.environ, **(env or {})}
    argv = [sys.executable, "-m", "flashdeck"]
    if db is not None:
        argv += ["--db", str(db)]
    return subprocess.run(argv + list(args), input=stdin, capture_output=True, text=True, env=full_env,
                          timeout=timeout, check=False)


def loaded_after(code: str, modules: Sequence[str]) -> list[str]:
    """Which of ``modules`` a fresh interpreter has loaded once it ran ``code`` (what loads lazily stays so)."""
    probe = f"import sys\n{code}\nprint(sorted(m for m in {tuple(modules)!r} if m in sys.modules))"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return list(ast.literal_eval(done.stdout.strip().splitlines()[-1]))


class ManualMonotonic:
    """A monotonic clock (seconds) that moves only when a test says so."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds
