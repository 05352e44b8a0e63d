"""``python -m app.printing``: see ``app.printing.cli``."""

from __future__ import annotations

import sys

from app.printing.cli import main

sys.exit(main())
