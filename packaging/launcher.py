"""The frozen app's entry point: the same ``main`` as the ``flashdeck`` command (no command opens the window)."""

from flashdeck.cli import main

raise SystemExit(main())
