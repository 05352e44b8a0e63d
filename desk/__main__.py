"""One headless sync: ``python -m desk [--home DIR] [-v]``, the same as ``npq-desk sync``.

Uses the identity stored in the local database and the sign-in kept in the OS keyring
(sign in once with the app first); opens the database as the app does (daily backup,
retention purge). Prints the report, or the reason it failed, and exits with a code from
the one table in ``app.exit_codes`` (0 synced, 1 try again later, 2 sign in, 3 wrong
address or app too old, 4 a problem on this laptop, 64 a wrong command line).
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

from app import paths
from app.logging_setup import ScrubbingFormatter, setup_logging
from desk.headless import ArgumentParser, fail, sync_command


def main(argv: list[str] | None = None) -> int:
    parser = ArgumentParser(prog="python -m desk", description=__doc__.split("\n")[0])
    parser.add_argument("--home", type=Path,
                        help="the app's home folder (data in HOME/data); default: "
                             "$NPQ_DESK_HOME or the platform's data folder")
    parser.add_argument("-v", "--verbose", action="store_true", help="log to stderr too")
    args = parser.parse_args(argv)
    if args.home:
        os.environ[paths.HOME_ENV] = str(args.home.expanduser().resolve())
    try:
        setup_logging(paths.log_dir())
    except OSError as exc:  # a home that cannot hold the log (a file, no permission)
        return fail(exc)
    if args.verbose:
        echo = logging.StreamHandler()
        echo.setFormatter(ScrubbingFormatter("%(levelname)s %(name)s: %(message)s"))
        logging.getLogger().addHandler(echo)
    return sync_command()


if __name__ == "__main__":
    sys.exit(main())
