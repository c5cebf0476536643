"""The command line (``flashdeck``, ``python -m flashdeck``): it uses the ``Collection`` façade only.

``commands`` builds the parser, runs the study commands and holds ``main``; each
other command group has its own module: ``importing``, ``backup``, ``rehearse``,
``render``, ``review`` (reviewing in the terminal), ``mock`` (a mock interview from WAV files). ``safe_output`` writes
exported files without ever overwriting a collection.
"""

from flashdeck.cli.commands import main

__all__ = ["main"]
