#!/usr/bin/env bash
# Regenerate resources/translations/npq_desk.ts (the template every language starts from)
# and refresh any npq_desk_<locale>.ts beside it, from the strings marked in ui/, app/ and
# sync/ (sync's messages to the user use protocol.text's markers too).
#
#   bash scripts/update_translations.sh            # template + existing languages
#   bash scripts/update_translations.sh --release  # also compile each language to .qm
#
# app/'s (and sync/'s) markers _() and N_() are extracted as aliases of tr (context: empty);
# ui/ uses self.tr(), translate(context, …) and QT_TRANSLATE_NOOP(context, …). See ui/i18n.py.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN="${NPQ_PYSIDE_BIN:-.venv/bin}"
OUT=resources/translations
ALIASES="tr+=_,tr+=N_"

"$BIN/pyside6-lupdate" -extensions py -tr-function-alias "$ALIASES" \
    -source-language en_GB -no-obsolete -locations relative \
    ui app sync protocol -ts "$OUT/npq_desk.ts"

shopt -s nullglob
for language in "$OUT"/npq_desk_*.ts; do
    "$BIN/pyside6-lupdate" -extensions py -tr-function-alias "$ALIASES" \
        -source-language en_GB -no-obsolete -locations relative ui app sync protocol -ts "$language"
    if [[ "${1:-}" == "--release" ]]; then
        "$BIN/pyside6-lrelease" "$language" -qm "${language%.ts}.qm"
    fi
done
