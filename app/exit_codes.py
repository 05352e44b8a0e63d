"""The exit codes of every headless command (``npq-desk sync``, ``npq-desk calendar``,
``npq-desk print ...``, ``python -m desk``, each also after ``npq-desk --demo [--role R]``):
one table, so scripts and schedulers can tell what to do next. Each failure also prints one
message on stderr saying what happened and what to do; never a traceback.

==  =====================================================  ==================================
 0  done                                                   nothing
 1  not done this time: the network or the central         run it again later; nothing was
    service is in trouble (unreachable, 5xx, busy), there  lost (``SyncError`` kinds
    was nothing to print yet, it was cancelled, or an      ``network``, ``server``,
    unexpected failure (details in the log)                ``rate_limited``)
 2  sign-in needed: nobody has signed in on this laptop    open the app and sign in
    (no database yet), or the service refused the saved    (``auth``)
    sign-in (revoked, expired)
 3  the address does not answer like an NPQ central        check the server address, or
    service, its answer was not understood, or this app    update the app (``protocol``,
    is too old                                             ``too_old``)
 4  a problem on this laptop: disk full, database          read the message; nothing was
    damaged or locked, no secure password store or a       sent or lost (``LocalProblem``:
    locked one, a path that cannot be used (a folder       ``DiskFull``, ``DatabaseDamaged``,
    where the database should be)                          ``StoreLocked``,
                                                           ``InsecureKeyring``,
                                                           ``KeyringUnavailable``; OSError)
64  the command line is wrong: unknown command or option,  see ``--help``
    a missing argument, an id that names nothing on this
    laptop
==  =====================================================  ==================================

``desk.headless.exit_code`` maps an exception to its code; ``sync.errors.SyncError.exit_code``
maps a sync error's kind.
"""

from __future__ import annotations

OK = 0
RETRY = 1
SIGN_IN = 2
PROTOCOL = 3
LOCAL = 4
USAGE = 64
