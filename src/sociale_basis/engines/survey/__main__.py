"""``python -m sociale_basis.engines.survey estimate FILE.csv --y COL --json``."""

from .cli import main

raise SystemExit(main())
