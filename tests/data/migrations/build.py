"""Rebuild the migration fixtures from the commits that introduced each schema revision.

Run from the repository root with today's virtualenv (see README.md):

    .venv/bin/python tests/data/migrations/build.py

For each revision it extracts that commit's tree with ``git archive`` (read-only:
no worktree, no checkout) into a temporary folder and runs ``make_fixture.py``
with ``PYTHONPATH`` set to it, once on a SQLite file and once on a database of a
throw-away PostgreSQL server (``tests/pgserver.py``), which ``pg_dump`` then
writes out as plain SQL. The temporary trees and the server are deleted after.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[2]
sys.path.insert(0, str(REPO / "tests"))

from pgserver import PgServer  # noqa: E402

# schema revision -> the last commit whose code wrote exactly that revision
REVISIONS = {
    "0001_baseline": "69eb8b5",
    "0003_wide_times": "cf6f793",
    "0004_attempts": "128baec",
    "0005_attempt_self_grade": "f9119d4",
    "0006_every_note_has_a_card": "bbd6da7",
    "0007_unicode_ids_snapshots": "301f901",
    "0008_card_state_indexes": "e724c8a",
}


def _old_tree(commit: str, into: Path) -> Path:
    tree = into / f"fd-{commit}"
    tree.mkdir()
    archive = subprocess.run(["git", "-C", str(REPO), "archive", commit], capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(tree)], input=archive, check=True)
    return tree


def _make(tree: Path, db: str, manifest: Path, commit: str) -> None:
    env = {**os.environ, "PYTHONPATH": str(tree)}
    subprocess.run([sys.executable, str(HERE / "make_fixture.py"), db, str(manifest), commit], env=env,
                   cwd=tree, check=True)


def main() -> None:
    # "build.py 0006_every_note_has_a_card" rebuilds only that fixture; no argument, every one.
    wanted = sys.argv[1:] or list(REVISIONS)
    unknown = set(wanted) - set(REVISIONS)
    if unknown:
        raise SystemExit(f"unknown revision(s): {', '.join(sorted(unknown))} (known: {', '.join(REVISIONS)})")
    server = PgServer().start()
    try:
        with tempfile.TemporaryDirectory(prefix="fd-fixtures-") as scratch:
            for revision, commit in REVISIONS.items():
                if revision not in wanted:
                    continue
                tree = _old_tree(commit, Path(scratch))
                sqlite_file = HERE / f"{revision}.sqlite"
                sqlite_file.unlink(missing_ok=True)
                _make(tree, str(sqlite_file), HERE / f"{revision}.json", commit)
                url = server.create_database(migrated=False)
                pg_manifest = Path(scratch) / f"{revision}.pg.json"
                _make(tree, url, pg_manifest, commit)
                # The same steps give the same rows on both databases: one manifest serves both.
                if pg_manifest.read_text(encoding="utf-8") != (HERE / f"{revision}.json").read_text(encoding="utf-8"):
                    raise SystemExit(f"{revision}: PostgreSQL and SQLite fixtures differ; see {pg_manifest}")
                dump = subprocess.run(
                    [str(server.bin / "pg_dump"), "--no-owner", "--no-privileges", "--dbname",
                     server.dsn(url.rsplit("/", 1)[1])],
                    capture_output=True, text=True, check=True,
                ).stdout
                (HERE / f"{revision}.pg.sql").write_text(dump, encoding="utf-8")
                server.drop_database(url)
                print(f"{revision}: made with {commit}")
    finally:
        server.stop()


if __name__ == "__main__":
    main()
