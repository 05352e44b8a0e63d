#!/usr/bin/env bash
# Sets up a fresh Debian 12 machine (root, Python 3.11, no display) for NPQ Partner Desk:
# the system packages Qt, Xvfb, PDF tools and PostgreSQL need, and a virtualenv in .venv
# with the project and its test extras. Safe to run again: it skips what is already done.
set -euo pipefail
cd "$(dirname "$0")/.."

SYSTEM_PACKAGES=(
  xvfb xauth imagemagick libxcb-icccm4 libxcb-keysyms1 poppler-utils postgresql fonts-dejavu-core
  libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3 libglib2.0-0
  libxcb-cursor0 libxcb-image0 libxcb-randr0 libxcb-render-util0 libxcb-shape0
  libxcb-xfixes0 libxcb-xkb1 libx11-xcb1 desktop-file-utils
  # the accessibility bus for tests/ui/test_atspi.py: a session bus, the AT-SPI bus
  # launcher and registry, and the system Python's Atspi bindings for scripts/atspi_walk.py
  dbus at-spi2-core python3-gi gir1.2-atspi-2.0
)

missing=()
for p in "${SYSTEM_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then
    echo "bootstrap: installing system packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "bootstrap: missing system packages (run as root to install): ${missing[*]}" >&2
  fi
fi

PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
stamp=.venv/.installed-$(sha1sum pyproject.toml | cut -c1-12)
if [ ! -f "$stamp" ]; then
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q --only-binary sqlcipher3 -e ".[test]"  # its sdist needs network
  rm -f .venv/.installed-*
  touch "$stamp"
fi
