"""The command line (``flashdeck``, ``python -m flashdeck``): it uses the ``Collection`` façade only.

``commands`` is the registry: it builds the parser from the command groups and holds ``main``.
One module per group, each with ``add_parsers`` and ``COMMANDS``: ``importing``, ``decks``
(decks, due, export), ``review`` (reviewing in the terminal), ``stats`` (stats, optimize, plan),
``check``, ``backup``, ``rehearse``, ``render``, ``mock`` (a mock interview from WAV files).
``common`` holds what they share (opening the collection, ``--json`` output, ``UserError``);
exported files are written by ``collection.safe_output``, never over a collection (the app's
mock report uses it too, and ui does not import cli).
"""

from flashdeck.cli.commands import main

__all__ = ["main"]
