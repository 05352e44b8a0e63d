"""The frozen bundle's entry point: what ``npq-desk`` (``ui.main:main``) runs, as a script,
because PyInstaller starts from a script file rather than a console entry point."""

from ui.main import main

if __name__ == "__main__":
    raise SystemExit(main())
