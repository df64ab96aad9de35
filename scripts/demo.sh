#!/usr/bin/env bash
# The main job, end to end on the project's own fixtures: installs what is missing, builds `bcf`, and
# reads the sample BCF workbook (sheets, every cell as JSON, a per-sheet summary), then shows how a
# workbook that cannot be read is reported.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
swift build --product bcf 2>&1 | grep -Ev '^\[[0-9]+/[0-9]+\]' || true
bcf=".build/debug/bcf"
[ -x "$bcf" ] || { echo "error: the build did not produce $bcf" >&2; exit 1; }
sample=Fixtures/planning-2017-19-sample.xlsx
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

echo "== bcf templates (the editions defined in Templates/)"
"$bcf" templates
echo
echo "== bcf fields planning-2017-19 (first lines: path, sheet, cell, type, role, required)"
"$bcf" fields planning-2017-19 | head -12
echo
echo "== bcf blank planning-2017-19 -o $out/blank.xlsx"
"$bcf" blank planning-2017-19 -o "$out/blank.xlsx"
ls -l "$out/blank.xlsx"
echo
echo "== bcf read $sample (the edition is recognised; every value with its sheet and cell)"
"$bcf" read "$sample" | head -40
echo "   ..."
echo
echo "== bcf read Fixtures/quarterly-2018-19-q4-sample.xlsx --compact (first 400 characters)"
"$bcf" read Fixtures/quarterly-2018-19-q4-sample.xlsx --compact | head -c 400
echo
echo
echo "== bcf prefill: one workbook per Health and Wellbeing Board from the (illustrative) allocations table"
"$bcf" prefill --edition planning-2017-19 --allocations Fixtures/allocations-2017-19.csv --out "$out/prefilled"
ls "$out/prefilled" | head -3
echo "   ..."
echo "== bcf read \"$out/prefilled/E08000035 Leeds.xlsx\" (the area's allocations, back from its workbook)"
"$bcf" read "$out/prefilled/E08000035 Leeds.xlsx" --compact | head -c 700
echo
echo
echo "== bcf read $sample > sample.json; bcf fill --edition planning-2017-19 --data sample.json -o refilled.xlsx"
"$bcf" read "$sample" > "$out/sample.json"
"$bcf" fill --edition planning-2017-19 --data "$out/sample.json" -o "$out/refilled.xlsx"
"$bcf" read "$out/refilled.xlsx" --compact | head -c 300
echo
echo
echo "== bcf sheets $sample"
"$bcf" sheets "$sample"
echo
echo "== bcf cells $sample --summary"
"$bcf" cells "$sample" --summary
echo
for bad in Fixtures/bad/password-protected.xlsx Fixtures/bad/not-a-workbook.xlsx Fixtures/bad/no-known-edition.xlsx Fixtures/bad/planning-shifted-layout.xlsx; do
  echo "== bcf read $bad (refused, with its own exit code)"
  set +e
  "$bcf" read "$bad" 2>&1 | head -6
  echo "exit code ${PIPESTATUS[0]}"
  set -e
done
