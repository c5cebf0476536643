from flashdeck.cli import main

raise SystemExit(main())
