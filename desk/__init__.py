"""The headless commands of the desktop app (no Qt): ``python -m desk`` syncs once, and
``print_command`` prints sign-in registers from the local database.

A regular package, not a namespace one: import-linter then reads ``desk`` as one module
tree whatever the hash seed, so its contracts on ``desk`` hold in every run.
"""
