"""One headless sync: ``python -m sync [--home DIR]``.

Uses the identity stored in the local database and the sign-in kept in the OS keyring
(sign in once with the app first). Prints the report, or the reason it failed.

Exit codes:
  0  synced
  1  network, server or rate-limit trouble: try again later (nothing lost)
  2  sign-in needed (no identity on this laptop, or the server refused the saved sign-in)
  3  protocol trouble: the server's answer was not understood, or this app is too old
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

EXIT_OK, EXIT_RETRY, EXIT_SIGN_IN, EXIT_PROTOCOL = 0, 1, 2, 3
_EXIT_FOR_KIND = {"network": EXIT_RETRY, "server": EXIT_RETRY, "rate_limited": EXIT_RETRY,
                  "auth": EXIT_SIGN_IN, "protocol": EXIT_PROTOCOL, "too_old": EXIT_PROTOCOL,
                  "cursor_expired": EXIT_RETRY}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sync", description=__doc__.split("\n")[0])
    parser.add_argument("--home", type=Path,
                        help="the app's home folder (data in HOME/data); default: "
                             "$NPQ_DESK_HOME or the platform's data folder")
    parser.add_argument("-v", "--verbose", action="store_true", help="log to stderr")
    args = parser.parse_args(argv)
    if args.home:
        os.environ["NPQ_DESK_HOME"] = str(args.home)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING)

    from app.identity import get_identity
    from app.store import Store
    from sync.errors import SyncError
    from sync.service import SyncService

    with Store.open() as store:
        identity = get_identity(store)
        if identity is None:
            print("Nobody has signed in on this laptop yet: open NPQ Partner Desk and sign "
                  "in first.", file=sys.stderr)
            return EXIT_SIGN_IN
        service = SyncService(store, identity.server_url)
        try:
            report = service.sync_once()
        except SyncError as exc:
            print(exc.message, file=sys.stderr)
            return _EXIT_FOR_KIND.get(exc.kind, EXIT_RETRY)
        status = service.status()
    print(f"Synced with {identity.server_url}: {report.describe()}.")
    if status.needs_attention:
        print(f"{status.needs_attention} change(s) need attention: open the app to see why.")
    if report.clock_skew_seconds is not None and abs(report.clock_skew_seconds) > 300:
        print(f"This laptop's clock is {abs(report.clock_skew_seconds) / 60:.0f} minutes off "
              "the server's.")
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
