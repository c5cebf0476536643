"""The command line's registry: one module per command group, each command reachable, the start light."""

from __future__ import annotations

import subprocess
import sys

from flashdeck.cli import commands


def _subcommands() -> list[str]:
    parser = commands._parser()
    (sub,) = [a for a in parser._actions if a.dest == "command"]
    return list(sub.choices)  # type: ignore[arg-type]


def test_every_subcommand_runs_a_command_of_its_group() -> None:
    names = _subcommands()
    assert names[:9] == ["import", "export", "decks", "due", "review", "stats", "optimize", "plan", "check"]
    assert set(names) == {name for name in commands.COMMANDS if name is not None}
    owners: dict[str, str] = {}
    for group in commands.GROUPS:
        for name, command in group.COMMANDS.items():
            assert name not in owners, f"{name} registered by {owners[name]} and {group.__name__}"
            owners[name] = group.__name__
            assert command.__module__ == group.__name__  # a command lives in its group's module
    assert owners["stats"] == owners["plan"] == "flashdeck.cli.stats"
    assert owners["decks"] == "flashdeck.cli.decks" and owners["import"] == "flashdeck.cli.importing"


def test_version_and_help_do_not_load_the_collection() -> None:
    probe = ("import sys\nfrom flashdeck.cli import main\n"
             "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
             "print(sorted(m for m in sys.modules if m.startswith(('flashdeck.collection', 'sqlalchemy'))))")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60)
    assert out.stdout.strip().splitlines()[-1] == "[]"
    assert "import documents" in out.stdout and "day-by-day plan" in out.stdout
