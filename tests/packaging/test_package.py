"""The packaged app (`make package`) runs on its own: the command line, speech analysis, PostgreSQL, the window.

The app is built once per session (the ``package`` fixture) and run as a user
would run it, never through this virtualenv's Python.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import sqlite3
import struct
import subprocess
import sys
import tarfile
import time
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from helpers import DATA, REPO, run_cli
from speech import SHORT, speak

from flashdeck import __version__
from flashdeck.collection import Collection
from flashdeck.collection.bundled import seed_if_empty
from flashdeck.storage import migrations
from flashdeck.ui.app import FIRST_PAINT_ENV

if TYPE_CHECKING:
    from conftest import Package  # tests/packaging/conftest.py (pytest loads it; this is for the reader)
    from vmic import VirtualMic

pytestmark = pytest.mark.slow

APP_ID = "io.github.flashdeck.FlashDeck"
# What Qt's offscreen platform says of every top-level window (see qt_log_ignore in pyproject.toml).
OFFSCREEN_NOTE = "This plugin does not support propagateSizeHints()"


def run_app(app: Path, *args: str, env: dict[str, str] | None = None,
            timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(app), *args], capture_output=True, text=True, env={**os.environ, **(env or {})},
                          timeout=timeout, check=False)


def _tsv(folder: Path) -> Path:
    cards = folder / "cards.tsv"
    cards.write_text("What does STAR stand for?\tSituation, Task, Action, Result\n"
                     "How long is a good answer?\tTwo minutes, give or take\n", encoding="utf-8")
    return cards


def test_version_is_exact(package: Package) -> None:
    done = run_app(package.app, "--version")
    assert (done.returncode, done.stdout, done.stderr) == (0, f"flashdeck {__version__}\n", "")


def test_import_then_decks_json_on_a_new_collection(package: Package, tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    done = run_app(package.app, "--db", str(db), "import", str(_tsv(tmp_path)), "--deck", "Prep")
    assert done.returncode == 0, done.stderr
    assert "2 added" in done.stdout
    decks = run_app(package.app, "--db", str(db), "decks", "--json")
    assert decks.returncode == 0, decks.stderr
    assert json.loads(decks.stdout) == [{"name": "Prep", "new": 2, "learning": 0, "review": 0}]
    # A new database is built by the Alembic scripts, which the frozen app loads by path.
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == (migrations.HEAD,)
    check = run_app(package.app, "--db", str(db), "check")
    assert check.returncode == 0, check.stdout + check.stderr


def test_every_document_format_imports(package: Package, tmp_path: Path) -> None:
    """The importers are looked up by name at run time: each must be inside the bundle."""
    names = ("competency/bias_for_action_amazon.txt", "playbooks/helios_backend_engineer.txt", "star/headings.md",
             "outline/prep_notes.md", "csv/question_answer.tsv")
    files = [str(DATA / name) for name in names]
    files.append(str(REPO / "decks" / "questions-to-ask.md"))
    frozen = run_app(package.app, "--db", str(tmp_path / "frozen.db"), "import", *files, "--dry-run", "--json")
    source = run_cli("import", *files, "--dry-run", "--json", db=tmp_path / "source.db")
    assert frozen.returncode == source.returncode == 0, frozen.stderr
    assert json.loads(frozen.stdout) == json.loads(source.stdout)
    assert len(json.loads(frozen.stdout)) == len(files)


def test_every_reader_works_in_the_bundle(package: Package, tmp_path: Path) -> None:
    """PDF (PDFium's library), Word, a web page (readability) and legacy text (chardet's models) read frozen."""
    from docgen import blocks_from_text, html_page, write_docx, write_pdf

    blocks = blocks_from_text((DATA / "playbooks" / "helios_backend_engineer.txt").read_text(encoding="utf-8"))
    files = [write_pdf(blocks, tmp_path / "playbook.pdf", header="Playbook", footer="Confidential"),
             write_docx(blocks, tmp_path / "playbook.docx"), tmp_path / "playbook.html", tmp_path / "old.md"]
    files[2].write_text(html_page(blocks, semantic=False), encoding="utf-8")
    files[3].write_bytes("## Café culture\n\nrésumé — “naïve”\n".encode("cp1252"))
    frozen = run_app(package.app, "--db", str(tmp_path / "frozen.db"), "import", *map(str, files), "--dry-run",
                     "--json")
    source = run_cli("import", *map(str, files), "--dry-run", "--json", db=tmp_path / "source.db")
    assert frozen.returncode == source.returncode == 0, frozen.stderr
    assert json.loads(frozen.stdout) == json.loads(source.stdout)
    assert [r["format"] for r in json.loads(frozen.stdout)] == ["playbook", "playbook", "playbook", "outline"]


def test_postgresql_collection(package: Package, pg_url: str, tmp_path: Path) -> None:
    """psycopg and SQLAlchemy's dialect for it are inside the bundle."""
    done = run_app(package.app, "--db", pg_url, "import", str(_tsv(tmp_path)), "--deck", "Shared")
    assert done.returncode == 0, done.stderr
    decks = run_app(package.app, "--db", pg_url, "decks", "--json")
    assert json.loads(decks.stdout) == [{"name": "Shared", "new": 2, "learning": 0, "review": 0}]


def test_speech_analysis_matches_the_source_run(package: Package, tmp_path: Path) -> None:
    """pocketsphinx's model, the filler dictionary, webrtcvad and libsndfile all work frozen, with the same result."""
    wav = speak(SHORT, tmp_path / "short.wav")
    frozen = run_app(package.app, "rehearse", "analyze", str(wav), "--target", "0:02-0:10", "--json")
    assert frozen.returncode == 0, frozen.stderr
    source = run_cli("rehearse", "analyze", str(wav), "--target", "0:02-0:10", "--json")
    assert json.loads(frozen.stdout) == json.loads(source.stdout)
    assert "weeks" in json.loads(frozen.stdout)["transcript"]


def test_window_paints_offscreen_with_the_bundled_decks(package: Package, tmp_path: Path) -> None:
    db, painted = tmp_path / "c.db", tmp_path / "painted"
    # The hook writes the time of the first paint, then quits the app.
    done = run_app(package.app, "--db", str(db), env={"QT_QPA_PLATFORM": "offscreen", FIRST_PAINT_ENV: str(painted)},
                   timeout=60)
    assert done.returncode == 0, done.stderr
    assert float(painted.read_text(encoding="utf-8")) > 0
    assert [line for line in done.stderr.splitlines() if line != OFFSCREEN_NOTE] == []
    # The first start loaded the decks shipped inside the bundle: the same ones a source checkout loads.
    source_db = tmp_path / "source.db"
    with Collection.open(source_db) as col:
        assert seed_if_empty(col) > 0
    frozen_decks = run_app(package.app, "--db", str(db), "decks", "--json").stdout
    assert json.loads(frozen_decks) == json.loads(run_cli("decks", "--json", db=source_db).stdout)


# Run by this virtualenv's Python on the Xvfb display: the window's pixels, and how often each colour occurs.
GRAB = """
import sys
from collections import Counter
from PySide6.QtGui import QGuiApplication
app = QGuiApplication(sys.argv[:1])
image = app.primaryScreen().grabWindow(int(sys.argv[1])).toImage()
image.save(sys.argv[2])
counts = Counter(image.pixel(x, y) & 0xFFFFFF for x in range(0, image.width(), 2) for y in range(0, image.height(), 2))
print(image.width(), image.height(), *(f"{rgb:06x}:{n}" for rgb, n in counts.most_common(3)))
"""


def _theme_backgrounds() -> set[str]:
    """The window background of each theme, from its stylesheet (``QMainWindow, QDialog { background: #...``)."""
    colours = set()
    for qss in (REPO / "resources").glob("*.qss"):
        match = re.search(r"^QMainWindow, QDialog \{ background: #([0-9a-f]{6}); \}", qss.read_text(), re.M)
        assert match, f"{qss}: no window background"
        colours.add(match.group(1))
    return colours


def _xdotool(display: str, *args: str, check: bool = True) -> str:
    done = subprocess.run(["xdotool", *args], env={**os.environ, "DISPLAY": display}, capture_output=True,
                          text=True, timeout=60, check=check)
    return done.stdout.strip()


def test_real_window_titled_flashdeck_paints_and_quits(package: Package, tmp_path: Path, xvfb_display: str) -> None:
    db, shot = tmp_path / "c.db", tmp_path / "window.png"
    env = {**os.environ, "DISPLAY": xvfb_display, "QT_QPA_PLATFORM": "xcb"}
    app = subprocess.Popen([str(package.app), "--db", str(db)], env=env, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, text=True)
    try:
        # --sync waits until a visible window with exactly this title exists.
        window = _xdotool(xvfb_display, "search", "--sync", "--onlyvisible", "--name", "^FlashDeck$").split()[0]
        assert _xdotool(xvfb_display, "getwindowname", window) == "FlashDeck"
        backgrounds = _theme_backgrounds()
        deadline = time.monotonic() + 30
        while True:  # mapped comes before painted; there is no signal to wait on across processes
            grab = subprocess.run([sys.executable, "-c", GRAB, window, str(shot)], env=env, capture_output=True,
                                  text=True, timeout=60, check=True).stdout.split()
            top = [entry.split(":")[0] for entry in grab[2:]]
            if backgrounds.intersection(top):  # the stylesheet's background is one of the main colours
                break
            assert time.monotonic() < deadline, f"the window never showed a theme's background: {grab}"
            time.sleep(0.2)
        assert (int(grab[0]), int(grab[1])) >= (800, 500)
        assert len(top) == 3  # text, table rows, buttons: not one flat colour
        _xdotool(xvfb_display, "windowfocus", "--sync", window)
        # The window is gone before xdotool sends the key release (BadWindow): the exit code tells.
        _xdotool(xvfb_display, "key", "--window", window, "--clearmodifiers", "ctrl+q", check=False)
        assert app.wait(timeout=30) == 0
    finally:
        if app.poll() is None:
            app.kill()
            app.wait()
        _out, err = app.communicate()
    assert "Traceback" not in err
    assert list((tmp_path / "backups").glob("c-*.db")), "no backup on close"


def _wait_for(condition, timeout: float = 60.0) -> None:  # type: ignore[no-untyped-def]
    """Poll a condition on another process (there is no signal to wait on across processes)."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(0.05)


def _attempts(db: Path) -> list[sqlite3.Row]:
    with contextlib.closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True)) as conn:
        conn.row_factory = sqlite3.Row
        return conn.execute("SELECT * FROM attempts WHERE analysis IS NOT NULL").fetchall()


def test_rehearsal_records_from_the_microphone_and_analyses(package: Package, tmp_path: Path, xvfb_display: str,
                                                            virtual_mic: VirtualMic) -> None:
    """Qt Multimedia's FFmpeg backend and PulseAudio client inside the bundle record a real attempt."""
    db = tmp_path / "c.db"
    assert run_app(package.app, "--db", str(db), "import", str(DATA / "star" / "headings.md")).returncode == 0
    speech = speak(SHORT, tmp_path / "say.wav")
    env = {**os.environ, **virtual_mic.client_env, "DISPLAY": xvfb_display, "QT_QPA_PLATFORM": "xcb"}
    app = subprocess.Popen([str(package.app), "--db", str(db)], env=env, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, text=True)
    try:
        window = _xdotool(xvfb_display, "search", "--sync", "--onlyvisible", "--name", "^FlashDeck$").split()[0]
        _xdotool(xvfb_display, "windowfocus", "--sync", window)
        # Enter studies the deck, R rehearses its card (a STAR story), Space starts the attempt.
        for key in ("Return", "r", "space"):
            _xdotool(xvfb_display, "key", "--window", window, key)
        _wait_for(lambda: any((tmp_path / "recordings" / db.stem).glob("*.wav")))  # the recorder is running
        assert virtual_mic.play(speech).wait(timeout=60) == 0
        _xdotool(xvfb_display, "key", "--window", window, "space")  # ends it: saved, then analysed
        _wait_for(lambda: bool(_attempts(db)), timeout=120)
        _xdotool(xvfb_display, "windowfocus", "--sync", window)
        _xdotool(xvfb_display, "key", "--window", window, "--clearmodifiers", "ctrl+q", check=False)
        assert app.wait(timeout=30) == 0
    finally:
        if app.poll() is None:
            app.kill()
            app.wait()
        _out, err = app.communicate()
    assert "Traceback" not in err
    [attempt] = _attempts(db)
    assert (tmp_path / "recordings" / db.stem / attempt["audio_path"]).stat().st_size > 16000  # over half a second
    assert attempt["words"] >= 3
    assert "weeks" in attempt["transcript"]


def _png_size(path: Path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n", f"{path}: not a PNG"
    width, height = struct.unpack(">II", header[16:24])
    return width, height


def test_tarball_installs_under_home_and_uninstalls(package: Package, tmp_path: Path) -> None:
    assert package.tarball.name == f"flashdeck-{__version__}-linux-x86_64.tar.gz"
    with tarfile.open(package.tarball) as tar:
        # Python 3.11.4 added extraction filters; Debian 12's 3.11.2 has none (the archive is our own).
        tar.extractall(tmp_path / "x", **({"filter": "tar"} if hasattr(tarfile, "tar_filter") else {}))
    top = tmp_path / "x" / package.tarball.name.removesuffix(".tar.gz")
    home = tmp_path / "home"
    home.mkdir()
    env = {"HOME": str(home), "PATH": os.environ["PATH"]}
    done = subprocess.run([str(top / "install.sh")], env=env, capture_output=True, text=True, timeout=120,
                          check=False)
    assert done.returncode == 0, done.stderr
    local = home / ".local"
    app = local / "lib" / "flashdeck" / "flashdeck"
    assert run_app(local / "bin" / "flashdeck", "--version").stdout == f"flashdeck {__version__}\n"
    entry = (local / "share" / "applications" / f"{APP_ID}.desktop").read_text(encoding="utf-8")
    assert f"\nExec={app}\n" in entry
    assert f"\nIcon={APP_ID}\n" in entry
    assert (local / "share" / "metainfo" / f"{APP_ID}.metainfo.xml").is_file()
    icons = local / "share" / "icons" / "hicolor"
    sizes = {_png_size(png) for png in icons.glob(f"*/apps/{APP_ID}.png")}
    assert sizes == {(n, n) for n in (16, 24, 32, 48, 64, 128, 256, 512)}
    for png in icons.glob(f"*/apps/{APP_ID}.png"):
        assert png.parent.parent.name == "{}x{}".format(*_png_size(png))
    svg = (REPO / "resources" / "icon.svg").read_bytes()
    assert (icons / "scalable" / "apps" / f"{APP_ID}.svg").read_bytes() == svg

    removed = subprocess.run([str(top / "install.sh"), "--uninstall"], env=env, capture_output=True, text=True,
                             timeout=60, check=False)
    assert removed.returncode == 0, removed.stderr
    assert [p for p in local.rglob("*") if not p.is_dir()] == []


def test_bundle_has_what_it_links_and_not_the_dev_tools(package: Package) -> None:
    internal = package.app.parent / "_internal"
    missing = Counter()
    for lib in [p for p in internal.rglob("*.so*") if p.is_file() and not p.is_symlink()]:
        out = subprocess.run(["ldd", str(lib)], capture_output=True, text=True, check=False).stdout
        missing.update(m for m in re.findall(r"^\s*(\S+) => not found", out, re.M))
    # Qt, FFmpeg and ICU come with the app; only desktop libraries (GTK, Wayland) may come from the system.
    assert [lib for lib in missing if re.match(r"lib(Qt6|av|sw|icu|pyside|shiboken)", lib)] == []

    from PyInstaller.archive.readers import CArchiveReader

    modules = set(CArchiveReader(str(package.app)).open_embedded_archive("PYZ.pyz").toc)
    tops = {name.split(".")[0] for name in modules}
    assert tops.isdisjoint({"anki", "PyInstaller", "pytest", "_pytest", "hypothesis", "mypy", "tkinter"})
    assert {"flashdeck.storage.migrations", "flashdeck.core.importers.delimited", "psycopg", "pocketsphinx",
            "webrtcvad", "soundfile"} <= modules
    assert (internal / "PySide6" / "QtMultimedia.abi3.so").is_file()  # the Rehearse screen records and plays
    fonts = internal / "flashdeck" / "resources" / "fonts"  # emoji on cards where the system has no emoji font
    assert (fonts / "NotoColorEmoji.ttf").stat().st_size > 1_000_000
    assert "Open Font License" in (fonts / "noto-color-emoji-licence" / "copyright").read_text(encoding="utf-8")
    assert list((internal / "PySide6" / "Qt" / "plugins" / "multimedia").glob("libffmpegmediaplugin.so"))
    qt_libs = {p.name for p in (internal / "PySide6" / "Qt" / "lib").iterdir()}
    assert not any(re.match(r"libQt6(WebEngine|3D|Pdf|VirtualKeyboard)", lib) for lib in qt_libs)
    # glibc is always the system's (its parts share a private ABI); GTK's theme plugin would load the system's GTK.
    bundled = {p.name for p in internal.rglob("*.so*")}
    assert bundled.isdisjoint({"libc.so.6", "libm.so.6", "libmvec.so.1", "ld-linux-x86-64.so.2", "libqgtk3.so"})
