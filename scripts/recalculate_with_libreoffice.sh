#!/usr/bin/env bash
# Opens a workbook in LibreOffice headless, recalculates it and saves it as .xlsx into OUTDIR (same
# file name). Used by the tests to prove that the templates' formulas compute in a spreadsheet program.
# Usage: recalculate_with_libreoffice.sh IN.xlsx OUTDIR
set -euo pipefail
in="$1"; outdir="$2"
profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT
mkdir -p "$outdir"
soffice --headless --norestore -env:UserInstallation="file://$profile" \
  --convert-to xlsx:"Calc MS Excel 2007 XML" --outdir "$outdir" "$in" >/dev/null 2>&1
test -s "$outdir/$(basename "$in")"
