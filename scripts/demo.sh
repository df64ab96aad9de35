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
sample=Fixtures/bcf-planning-sample.xlsx

echo "== bcf sheets $sample"
"$bcf" sheets "$sample"
echo
echo "== bcf cells $sample --sheet '4. Income'"
"$bcf" cells "$sample" --sheet "4. Income"
echo
echo "== bcf cells $sample --summary"
"$bcf" cells "$sample" --summary
echo
for bad in Fixtures/bad/password-protected.xlsx Fixtures/bad/not-a-workbook.xlsx; do
  echo "== bcf sheets $bad (refused, with its own exit code)"
  set +e
  "$bcf" sheets "$bad"
  echo "exit code $?"
  set -e
done
