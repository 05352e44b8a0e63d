#!/usr/bin/env bash
# Build the Linux one-folder bundle: bash packaging/build.sh [DIST_DIR]  (default: dist)
# -> DIST_DIR/npq-desk/ holding the npq-desk executable, its _internal/ folder, the desktop
# entry, the icons and install-linux.sh (which installs it for one user under ~/.local).
# Uses .venv (or $PYTHON) with the `package` extra: pip install -e '.[package]'.
# $NPQ_BUILD_WORK sets PyInstaller's work folder (default: build/pyinstaller).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-.venv/bin/python}
DIST=$(realpath -m "${1:-dist}")
WORK=$(realpath -m "${NPQ_BUILD_WORK:-build/pyinstaller}")

if ! "$PY" -c "import PyInstaller" 2>/dev/null; then
  echo "build: PyInstaller is not installed for $PY; run: $PY -m pip install -e '.[package]'" >&2
  exit 2
fi
start=$(date +%s)
"$PY" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath "$DIST" --workpath "$WORK" packaging/npq-desk.spec
bundle="$DIST/npq-desk"
cp packaging/npq-partner-desk.desktop packaging/install-linux.sh "$bundle/"
mkdir -p "$bundle/icons"
cp packaging/icons/npq-partner-desk-*.png "$bundle/icons/"
echo "build: $bundle ($(du -sh "$bundle" | cut -f1)) in $(( $(date +%s) - start )) s"
