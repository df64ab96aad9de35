#!/usr/bin/env bash
# The main job, end to end on the project's own fixtures: installs what is missing, builds `bcf`, and
# reads the sample BCF workbook (sheets, every cell as JSON, a per-sheet summary), then shows how a
# workbook that cannot be read is reported.
# No pipefail: the examples pipe long outputs into head, which closes the pipe early on purpose.
set -eu
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
echo "== bcf prefill: one workbook per Health and Wellbeing Board from the (illustrative) allocations and metrics tables"
"$bcf" prefill --edition planning-2017-19 --allocations Fixtures/allocations-2017-19.csv --metrics Fixtures/metrics-2017-19.csv --out "$out/prefilled"
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
echo "== a submission round as it arrives: one workbook per area made from the sample plan and the allocations (some"
echo "   with errors, some saved by openpyxl, two areas missing, one area sending two files, a cover naming no area, a"
echo "   password-protected file, a lock file and a covering email): scripts/fixtures/make_round.py"
python3 scripts/fixtures/make_round.py "$bcf" "$out/submissions"
echo "== bcf round $out/submissions --out $out/round --allocations Fixtures/allocations-2017-19.csv   (the edition's 152 areas, with codes)"
"$bcf" round "$out/submissions" --out "$out/round" --allocations Fixtures/allocations-2017-19.csv
ls "$out/round" "$out/round/csv"
echo "-- the areas that have not submitted (sqlite3, Docs/DATASET.md):"
if command -v sqlite3 >/dev/null; then sqlite3 "$out/round/round.sqlite" "select code, name from areas where submitted = 0"; fi
echo "-- one feedback letter:"
grep -l "must be put right" "$out/round/feedback/"* | head -1 | xargs -I{} cat "{}"
echo "== bcf diff of the two files one area sent"
set +e
"$bcf" diff "$out/submissions/earlier/E09000003 Barnet (first attempt).xlsx" "$out/submissions/E09000003 Barnet.xlsx"
set -e
echo
echo "== bcf check: the sample submissions against every rule (the plan also against the allocations table)"
set +e
"$bcf" check "$sample" Fixtures/quarterly-2018-19-sample.xlsx Fixtures/quarterly-2018-19-q4-sample.xlsx --allocations Fixtures/allocations-2017-19.csv
echo "exit code $?"
echo "== bcf check: the 2015-16 and 2019-20 sample plans against their own allocations tables"
"$bcf" check Fixtures/planning-2015-16-sample.xlsx --allocations Fixtures/allocations-2015-16.csv
"$bcf" check Fixtures/planning-2019-20-sample.xlsx --allocations Fixtures/allocations-2019-20.csv
echo "== bcf check: 2015-16 payment for performance, a metric below 70% of its ambition (a warning)"
"$bcf" check Fixtures/rules/PLAN-P4P-002.xlsx
echo "== bcf prefill --edition planning-2019-20: 151 areas, the Winter Pressures Grant among their allocations"
"$bcf" prefill --edition planning-2019-20 --allocations Fixtures/allocations-2019-20.csv --metrics Fixtures/metrics-2019-20.csv --out "$out/prefilled-2019-20"
echo "== bcf check on a pre-filled workbook nobody has completed yet (errors, exit code 1)"
"$bcf" check "$out/prefilled/E08000035 Leeds.xlsx" --allocations Fixtures/allocations-2017-19.csv | head -12
echo "exit code ${PIPESTATUS[0]}"
set -e
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
