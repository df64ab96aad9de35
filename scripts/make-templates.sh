#!/usr/bin/env bash
# Writes the blank template of every edition into Templates/<id>.xlsx from its definition.
# A test (BlankTemplateTests) fails when a committed template differs from what its definition makes,
# so run this after editing a definition and commit both.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -q
for id in $(.build/debug/bcf templates --templates Templates | cut -f1); do
  .build/debug/bcf blank "$id" -o "Templates/$id.xlsx" --overwrite --templates Templates
  echo "Templates/$id.xlsx"
done
