"""The desktop entry and AppStream metainfo agree with each other and with the app (no build needed)."""

from __future__ import annotations

import configparser
import subprocess
import xml.etree.ElementTree as ET

from helpers import REPO

from flashdeck import __version__

APP_ID = "io.github.flashdeck.FlashDeck"
PACKAGING = REPO / "packaging"
METAINFO = PACKAGING / f"{APP_ID}.metainfo.xml"
DESKTOP = PACKAGING / f"{APP_ID}.desktop"


def _desktop_entry() -> dict[str, str]:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read(DESKTOP, encoding="utf-8")
    return dict(parser["Desktop Entry"])


def test_metainfo_is_valid_appstream() -> None:
    done = subprocess.run(["appstreamcli", "validate", "--no-net", str(METAINFO)], capture_output=True, text=True,
                          timeout=60, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


def test_metainfo_names_this_version_and_the_desktop_entry() -> None:
    root = ET.parse(METAINFO).getroot()
    assert root.findtext("id") == APP_ID
    newest = root.find("releases/release")
    assert newest is not None and newest.get("version") == __version__, "add a <release> for the new version"
    assert root.findtext("launchable[@type='desktop-id']") == DESKTOP.name
    assert root.findtext("provides/binary") == "flashdeck"


def test_desktop_entry_runs_flashdeck_with_the_themed_icon() -> None:
    entry = _desktop_entry()
    assert entry["Type"] == "Application"
    assert entry["Name"] == "FlashDeck"
    assert entry["Exec"] == "flashdeck"  # install.sh writes the installed app's full path here
    assert entry["Icon"] == APP_ID
    assert entry["Terminal"] == "false"
