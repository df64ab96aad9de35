#!/usr/bin/env bash
# Compiles the definitions into the library (scripts/embed-definitions.py writes
# Sources/BCF/Definition/BuiltInDefinitionFiles.swift) and writes the blank template of every edition into
# Templates/<id>.xlsx from its definition. Tests (DefinitionLocationTests, BlankTemplateTests) fail when
# either differs from Templates/, so run this after editing a definition and commit all three.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 scripts/embed-definitions.py
swift build -q
for id in $(.build/debug/bcf templates --templates Templates | cut -f1); do
  .build/debug/bcf blank "$id" -o "Templates/$id.xlsx" --overwrite --templates Templates
  echo "Templates/$id.xlsx"
done
