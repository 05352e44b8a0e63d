#!/usr/bin/env bash
# Install (or update) NPQ Partner Desk for the current user, from the built bundle folder:
#   bash install-linux.sh            (run inside dist/npq-desk/, where build.sh puts it)
#   bash install-linux.sh --uninstall
# Puts the folder in ~/.local/lib/npq-partner-desk, a link ~/.local/bin/npq-desk, the icons
# in ~/.local/share/icons/hicolor/<size>/apps and the desktop entry in
# ~/.local/share/applications (its Exec made absolute, since a desktop session's PATH may
# lack ~/.local/bin). Honours $XDG_DATA_HOME. Needs no root.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
data=${XDG_DATA_HOME:-$HOME/.local/share}
lib=$HOME/.local/lib/npq-partner-desk
bin=$HOME/.local/bin
apps=$data/applications
icons=$data/icons/hicolor
name=npq-partner-desk

if [ "${1:-}" = "--uninstall" ]; then
  rm -rf "$lib"
  rm -f "$bin/npq-desk" "$apps/$name.desktop"
  rm -f "$icons"/*/apps/$name.png
  command -v update-desktop-database >/dev/null && update-desktop-database -q "$apps" || true
  echo "NPQ Partner Desk removed (your data folder is kept)."
  exit 0
fi

[ -x "$here/npq-desk" ] || { echo "install: run this inside the built npq-desk folder" >&2; exit 1; }
mkdir -p "$(dirname "$lib")" "$bin" "$apps"
if [ "$here" != "$lib" ]; then
  rm -rf "$lib.new"
  cp -a "$here" "$lib.new"
  rm -rf "$lib"
  mv "$lib.new" "$lib"
fi
ln -sfn "$lib/npq-desk" "$bin/npq-desk"
for png in "$lib"/icons/$name-*.png; do
  size=${png##*-}; size=${size%.png}
  mkdir -p "$icons/${size}x${size}/apps"
  cp "$png" "$icons/${size}x${size}/apps/$name.png"
done
sed -e "s|^Exec=npq-desk|Exec=$lib/npq-desk|" -e "s|^TryExec=npq-desk|TryExec=$lib/npq-desk|" \
  "$lib/$name.desktop" > "$apps/$name.desktop"
command -v update-desktop-database >/dev/null && update-desktop-database -q "$apps" || true
command -v gtk-update-icon-cache >/dev/null && gtk-update-icon-cache -q -t "$icons" || true
echo "NPQ Partner Desk $("$lib/npq-desk" --version | awk '{print $NF}') installed: $bin/npq-desk"
