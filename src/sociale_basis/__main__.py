from sociale_basis.cli import main

raise SystemExit(main())
