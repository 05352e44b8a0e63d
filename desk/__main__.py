"""``python -m desk [--home DIR] [-v] [COMMAND …]``: the headless commands without the
window's entry point, the same as ``npq-desk COMMAND …`` with the same exit codes; with no
command, one sync (``desk.cli``)."""

from __future__ import annotations

import sys

from desk.cli import main

if __name__ == "__main__":
    sys.exit(main())
