from ui.refcount_guard import guard as _guard_refcounts

_guard_refcounts()  # before any Qt call: see ui/refcount_guard.py
