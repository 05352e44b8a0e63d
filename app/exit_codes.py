"""The exit codes of every headless command (``npq-desk sync``, ``calendar``, ``print``,
``python -m sync``): one table, so scripts and schedulers can tell what to do next.

| code | meaning | what to do |
| --- | --- | --- |
| 0 | done | nothing |
| 1 | the network or the central service is in trouble (unreachable, 5xx, busy) | try again later; nothing was lost |
| 2 | sign-in needed: nobody has signed in on this laptop, or the service refused the saved sign-in | open the app and sign in |
| 3 | the address does not answer like an NPQ central service, its answer was not understood, or this app is too old | check the server address, or update the app |
| 4 | a problem on this laptop: disk full, database damaged or locked, no secure password store, a path that cannot be used | read the message; nothing was sent or lost |
| 64 | the command line is wrong (unknown command, missing argument) | see ``--help`` |
"""

from __future__ import annotations

OK = 0
RETRY = 1
SIGN_IN = 2
PROTOCOL = 3
LOCAL = 4
USAGE = 64
