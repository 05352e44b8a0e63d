"""Headroom for None, True and False, against a reference-count bug in shiboken6 6.12.

With PySide6/shiboken6 6.12.0 on Python 3.11, wrapped Qt calls hand back ``None`` (every
method returning void) and sometimes ``True``/``False`` without taking a reference, so each
call takes one reference away from the singleton. On Python 3.12 and later these objects
are immortal and nothing happens; on 3.11 their counts drift down by one per call, and
when the interpreter shuts down (or, in a long session, earlier) the count reaches zero:
"Fatal Python error: none_dealloc / bool_dealloc" and the process aborts.

Measured here: 1,000 ``QObject.setObjectName("x")`` calls take 1,000 references from
``None``; 20,000 in a row abort the interpreter. So on an affected interpreter this adds a
large constant to the three counts, once, at the first import of ``ui``: 3.12's
immortality by hand. The objects are never freed anyway, so this costs nothing.
"""

from __future__ import annotations

import ctypes
import sys

HEADROOM = 1 << 40  # far beyond any session's calls; ob_refcnt is a 64-bit Py_ssize_t


def affected() -> bool:
    return sys.version_info < (3, 12) and sys.implementation.name == "cpython"


def guard() -> bool:
    """Give the singletons their headroom (once); True when it was needed."""
    if not affected() or getattr(sys, "_npq_refcount_guard", False):
        return False
    for obj in (None, True, False):
        ctypes.c_ssize_t.from_address(id(obj)).value += HEADROOM  # ob_refcnt comes first
    sys._npq_refcount_guard = True  # type: ignore[attr-defined]  # a marker: applied once per process
    return True
