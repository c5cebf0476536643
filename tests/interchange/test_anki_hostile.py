"""Hostile and broken packages: refused with one line naming the file, and nothing written."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
import zstandard
from interchange.anki_builders import AnkiSource, deflate_bomb, protobuf_media, write_zip

from flashdeck.collection import Collection
from flashdeck.collection.apkg_write import write_package
from flashdeck.collection.media import StagedMedia
from flashdeck.core.notes import ImportFormatError
from flashdeck.interchange import read_anki_package
from flashdeck.interchange.apkg_read import read_package
from flashdeck.interchange.safe_zip import Limits

MiB = 1 << 20
RSS_CEILING_KB = 500 * 1024

Check = Callable[[Path], None]


def _legacy_collection(tmp_path: Path) -> bytes:
    """A real, small legacy collection.anki21 (from our own exporter) to pair with hostile media lists."""
    out = tmp_path / "seed.apkg"
    write_package(out, [], [], 1_700_000_000_000)
    with zipfile.ZipFile(out) as zf:
        return zf.read("collection.anki2")


def _refused(col: Collection, path: Path, check: Check, db_path: Path, *fragments: str) -> str:
    with pytest.raises(ImportFormatError) as caught:
        col.import_file(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: ") and "\n" not in message
    for fragment in fragments:
        assert fragment in message
    check(db_path)
    return message


def test_random_bytes(col: Collection, db_path: Path, tmp_path: Path, nothing_written: Check) -> None:
    path = tmp_path / "noise.apkg"
    path.write_bytes(bytes(range(256)) * 64)
    _refused(col, path, nothing_written, db_path, "not an Anki package (not a zip file, or a truncated one)")


def test_truncated_package(anki_source: AnkiSource, col: Collection, db_path: Path, tmp_path: Path,
                           nothing_written: Check) -> None:
    whole = anki_source.packages["modern.apkg"].read_bytes()
    path = tmp_path / "cut.apkg"
    path.write_bytes(whole[: len(whole) // 2])
    _refused(col, path, nothing_written, db_path, "truncated")


def test_zip_without_a_collection(col: Collection, db_path: Path, tmp_path: Path, nothing_written: Check) -> None:
    path = write_zip(tmp_path / "photos.apkg", {"readme.txt": b"hello", "media": b"{}"})
    _refused(col, path, nothing_written, db_path, "no Anki collection inside")


@pytest.mark.parametrize("breakage", ["no notes table", "models not JSON", "not SQLite", "text in an id"])
def test_collection_with_a_broken_schema(breakage: str, col: Collection, db_path: Path, tmp_path: Path,
                                         nothing_written: Check) -> None:
    db_file = tmp_path / "broken.anki2"
    if breakage == "not SQLite":
        db_file.write_bytes(b"this is not a database" * 100)
    else:
        db_file.write_bytes(_legacy_collection(tmp_path))
        conn = sqlite3.connect(db_file)
        if breakage == "no notes table":
            conn.execute("DROP TABLE notes")
        elif breakage == "models not JSON":
            conn.execute("UPDATE col SET models = '{not json'")
        else:
            conn.execute("INSERT INTO cards VALUES (1, 'x', 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, '')")
        conn.commit()
        conn.close()
    path = write_zip(tmp_path / "broken.apkg", {"collection.anki2": db_file.read_bytes()})
    expected = "not a SQLite database" if breakage == "not SQLite" else "damaged or not an Anki collection"
    _refused(col, path, nothing_written, db_path, expected)


@pytest.mark.parametrize("name", ["../evil.png", "/etc/evil.png", "C:evil.png", "sub/evil.png", "a\\b.png",
                                  "evil\x00.png", "..", "", ".hidden", "CON.txt"])
def test_media_names_cannot_escape_the_media_folder(name: str, col: Collection, db_path: Path, tmp_path: Path,
                                                    nothing_written: Check) -> None:
    path = write_zip(tmp_path / "escape.apkg", {
        "collection.anki2": _legacy_collection(tmp_path),
        "media": json.dumps({"0": name}).encode(),
        "0": b"payload",
    })
    _refused(col, path, nothing_written, db_path, "refusing the package")
    assert not (tmp_path / "evil.png").exists() and not (db_path.parent / "evil.png").exists()


def test_modern_media_list_is_checked_too(col: Collection, db_path: Path, tmp_path: Path,
                                          nothing_written: Check) -> None:
    zstd = zstandard.ZstdCompressor()
    path = write_zip(tmp_path / "escape21b.apkg", {
        "meta": b"\x08\x03",
        "collection.anki21b": zstd.compress(_legacy_collection(tmp_path)),
        "media": zstd.compress(protobuf_media(["ok.png", "../../evil.png"])),
        "0": zstd.compress(b"fine"),
        "1": zstd.compress(b"payload"),
    })
    _refused(col, path, nothing_written, db_path, "'../../evil.png'", "refusing the package")


def test_a_newer_package_version_is_named(col: Collection, db_path: Path, tmp_path: Path,
                                          nothing_written: Check) -> None:
    path = write_zip(tmp_path / "future.apkg", {"meta": b"\x08\x09", "collection.anki21b": b"?"})
    _refused(col, path, nothing_written, db_path, "newer Anki (package version 9)")


def test_too_many_members(tmp_path: Path) -> None:
    members = {str(i): b"" for i in range(12)} | {"collection.anki2": _legacy_collection(tmp_path)}
    path = write_zip(tmp_path / "many.apkg", members)
    with pytest.raises(ImportFormatError, match="holds 13 files; the limit is 10"):
        read_anki_package(path, limits=Limits(members=10))


def test_zstd_bomb_in_the_media_list(tmp_path: Path) -> None:
    bomb = zstandard.ZstdCompressor().compress(bytes(64 * MiB))
    path = write_zip(tmp_path / "list.apkg", {"meta": b"\x08\x03", "media": bomb,
                                              "collection.anki21b": zstandard.ZstdCompressor().compress(
                                                  _legacy_collection(tmp_path))})
    with pytest.raises(ImportFormatError, match="the media list decompresses to more than 16 MB; refused"):
        read_package(path)


def test_a_media_file_over_its_limit_leaves_no_staging_folder(tmp_path: Path) -> None:
    path = write_zip(tmp_path / "big.apkg", {
        "collection.anki2": _legacy_collection(tmp_path),
        "media": json.dumps({"0": "big.png", "1": "small.png"}).encode(),
        "0": bytes(3 * MiB),
        "1": b"small",
    })
    package = read_package(path)
    target = tmp_path / "home" / "media"
    with pytest.raises(ImportFormatError, match=r"media file 'big\.png' is 3 MB; the limit is 1 MB"):
        StagedMedia.stage(str(path), package.media, target, limits=Limits(media_file_bytes=MiB))
    assert list((tmp_path / "home").iterdir()) == []


# The import runs in a grandchild started by this small process, and its peak is read as RUSAGE_CHILDREN
# here: Linux starts a child's peak RSS at its parent's size at fork, so a child of the (large) test
# process measuring itself would report the test process's size, not the import's.
_MEASURE = """
import resource, subprocess, sys
done = subprocess.run([sys.executable, "-m", "flashdeck", "--db", sys.argv[1], "import", sys.argv[2]],
                      capture_output=True, text=True, timeout=300)
sys.stderr.write(done.stderr)
print(done.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def _import_in_child(db: Path, package: Path) -> tuple[int, int, str]:
    done = subprocess.run([sys.executable, "-c", _MEASURE, str(db), str(package)], capture_output=True, text=True,
                          timeout=300, check=False)
    code, rss_kb = done.stdout.split()
    return int(code), int(rss_kb), done.stderr


@pytest.mark.slow
def test_zip_bomb_is_refused_in_bounded_memory(tmp_path: Path, nothing_written: Check) -> None:
    # 3 GiB of zeros declared honestly, deflated to ~3 MB.
    bomb = deflate_bomb(tmp_path / "zipbomb.apkg", "collection.anki21", 3 * 1024 * MiB)
    assert bomb.stat().st_size < 8 * MiB
    db = tmp_path / "c.db"
    code, rss_kb, stderr = _import_in_child(db, bomb)
    assert code == 1
    assert stderr.strip() == f"flashdeck: {bomb}: collection.anki21 is 3072 MB; the limit is 1024 MB"
    assert rss_kb < RSS_CEILING_KB
    nothing_written(db)


def test_zip_bomb_with_a_lying_header_is_caught(col: Collection, db_path: Path, tmp_path: Path,
                                               nothing_written: Check) -> None:
    # The header promises 4 kB; the data inflates to 256 MiB. Only the promised bytes are read.
    bomb = deflate_bomb(tmp_path / "liar.apkg", "collection.anki21", 256 * MiB, declared=4096)
    _refused(col, bomb, nothing_written, db_path, "collection.anki21 is damaged")


@pytest.mark.slow
def test_zstd_bomb_is_refused_in_bounded_memory(tmp_path: Path, nothing_written: Check) -> None:
    # A collection.anki21b that claims to be SQLite and inflates to 1.25 GiB (over the 1 GiB limit).
    frame = tmp_path / "bomb.zst"
    with open(frame, "wb") as fh, zstandard.ZstdCompressor(level=1).stream_writer(fh, closefd=False) as writer:
        writer.write(b"SQLite format 3\x00")
        zeros = bytes(16 * MiB)
        for _ in range(80):
            writer.write(zeros)
    assert frame.stat().st_size < 4 * MiB
    bomb = write_zip(tmp_path / "zstdbomb.apkg", {"meta": b"\x08\x03", "collection.anki21b": frame.read_bytes()})
    db = tmp_path / "c.db"
    code, rss_kb, stderr = _import_in_child(db, bomb)
    assert code == 1
    assert "collection.anki21b decompresses to more than 1024 MB; refused" in stderr
    assert rss_kb < RSS_CEILING_KB
    nothing_written(db)
