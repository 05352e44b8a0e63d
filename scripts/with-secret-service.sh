#!/usr/bin/env bash
# Run a command against a real, throwaway Secret Service: gnome-keyring on a private D-Bus
# session bus, its login keyring created (or unlocked) with a known password, so Python's
# `keyring` picks its SecretService backend as on a Linux desktop.
#
#   bash scripts/with-secret-service.sh [--dir DIR] CMD [ARGS...]
#
# DIR (default: a new temporary folder) holds the keyring files and the runtime folder; pass
# the same DIR again to find the same secrets (the keyring is unlocked with the same
# password, as a desktop login does). The command gets DBUS_SESSION_BUS_ADDRESS and
# XDG_DATA_HOME/XDG_RUNTIME_DIR pointing there; your own keyring is never touched. When it
# ends, dbus-run-session stops the bus and gnome-keyring exits with it.
#
# Needs: dbus-run-session (Debian: dbus-daemon, pulled in by dbus) and gnome-keyring-daemon
# (gnome-keyring); secret-tool (libsecret-tools) is handy for looking secrets up. Exits 77
# (the usual "skipped") when they are missing.
#
# Without the --unlock step gnome-keyring has no login keyring, and creating the default
# collection asks through gcr-prompter, which needs a display: keyring then fails with
# "Failed to create the collection: Prompt dismissed". Running as root is fine.
set -euo pipefail

dir=""
if [[ ${1:-} == "--dir" ]]; then
  dir=$2
  shift 2
fi
if [[ $# -eq 0 ]]; then
  echo "usage: bash scripts/with-secret-service.sh [--dir DIR] CMD [ARGS...]" >&2
  exit 2
fi
for tool in dbus-run-session gnome-keyring-daemon; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "with-secret-service: $tool is not installed (apt-get install dbus gnome-keyring)" >&2
    exit 77
  fi
done
dir=${dir:-$(mktemp -d "${TMPDIR:-/tmp}/secret-service.XXXXXX")}
mkdir -p "$dir/data" "$dir/run"
chmod 700 "$dir" "$dir/run"
export XDG_DATA_HOME="$dir/data" XDG_RUNTIME_DIR="$dir/run"
export NPQ_KEYRING_PASSWORD=${NPQ_KEYRING_PASSWORD:-npq-test-keyring}
unset GNOME_KEYRING_CONTROL SSH_AUTH_SOCK

# dbus-daemon warns that it cannot raise its fd limit when not allowed to: harmless, hidden.
exec dbus-run-session -- bash -c '
  set -euo pipefail
  printf "%s" "$NPQ_KEYRING_PASSWORD" |
    gnome-keyring-daemon --unlock --components=secrets >/dev/null
  gnome-keyring-daemon --start --components=secrets >/dev/null
  unset NPQ_KEYRING_PASSWORD
  exec "$@"' with-secret-service "$@" 2> >(grep --line-buffered -v -e "Failed to set fd limit" -e "discover_other_daemon" >&2)
