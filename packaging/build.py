"""Build the one-folder app and the tarball that installs it (``make package``).

    python packaging/build.py [--dist DIR] [--work DIR] [--compresslevel N]

writes DIR/flashdeck/ (the app: ``DIR/flashdeck/flashdeck``, PyInstaller's one-folder
layout) and DIR/flashdeck-<version>-linux-<machine>.tar.gz, which holds that folder,
install.sh and the menu entry, AppStream metainfo and icons under share/.
"""

from __future__ import annotations

import argparse
import platform
import shutil
import subprocess
import sys
import tarfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))  # this checkout's flashdeck (and render_icons beside this file)

from render_icons import APP_ID, render_icons  # noqa: E402

from flashdeck import __version__  # noqa: E402

__all__ = ["build", "tarball_name"]


def tarball_name(version: str = __version__) -> str:
    return f"flashdeck-{version}-linux-{platform.machine()}.tar.gz"


def build(dist: Path, work: Path, compresslevel: int = 6) -> Path:
    """Run PyInstaller on the spec, then pack the tarball; returns the tarball's path."""
    subprocess.run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
                    "--distpath", str(dist), "--workpath", str(work), str(HERE / "flashdeck.spec")], check=True)
    app = dist / "flashdeck"
    share = work / "share"
    shutil.rmtree(share, ignore_errors=True)
    render_icons(share / "icons")
    for sub, name in (("applications", f"{APP_ID}.desktop"), ("metainfo", f"{APP_ID}.metainfo.xml")):
        (share / sub).mkdir(parents=True)
        shutil.copyfile(HERE / name, share / sub / name)

    out = dist / tarball_name()
    top = out.name.removesuffix(".tar.gz")
    partial = out.with_name(out.name + ".partial")  # a build stopped half-way leaves no tarball behind
    with tarfile.open(partial, "w:gz", compresslevel=compresslevel) as tar:
        tar.add(HERE / "install.sh", arcname=f"{top}/install.sh", filter=_executable)
        tar.add(share, arcname=f"{top}/share")
        tar.add(app, arcname=f"{top}/flashdeck")
    partial.replace(out)
    return out


def _executable(info: tarfile.TarInfo) -> tarfile.TarInfo:
    info.mode = 0o755  # whatever mode the checkout gave the file
    return info


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="where the app and tarball go")
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "pyinstaller", help="PyInstaller's work folder")
    parser.add_argument("--compresslevel", type=int, default=6, choices=range(10), metavar="0-9",
                        help="gzip level of the tarball (1 is 3x faster, 7%% bigger)")
    args = parser.parse_args(argv)
    started = time.monotonic()
    dist = args.dist.resolve()
    tarball = build(dist, args.work.resolve(), args.compresslevel)
    print(f"{dist / 'flashdeck' / 'flashdeck'}\n{tarball}\nbuilt in {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
