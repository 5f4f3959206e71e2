"""``python -m sociale_basis.engines.pb FILE.pb --rule ...``."""

import sys

from .cli import main

sys.exit(main())
