#!/usr/bin/env bash
# Compiles the definitions into the library (scripts/embed-definitions.py writes
# Sources/BCF/Definition/BuiltInDefinitionFiles.swift, `bcf embed-definitions` writes
# Sources/BCF/Definition/BuiltInDefinitionModels.swift) and writes the blank template of every edition into
# Templates/<id>.xlsx from its definition. Tests (DefinitionLocationTests, BlankTemplateTests) fail when
# any differs from Templates/, so run this after editing a definition and commit what it wrote.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 scripts/embed-definitions.py
swift build -q
# The same definitions as Swift values, decoded from the YAML by bcf itself (what a command's start uses);
# built again so that the program below carries them.
.build/debug/bcf embed-definitions Templates -o Sources/BCF/Definition/BuiltInDefinitionModels.swift
swift build -q
for id in $(.build/debug/bcf templates --templates Templates | cut -f1); do
  .build/debug/bcf blank "$id" -o "Templates/$id.xlsx" --overwrite --templates Templates
  echo "Templates/$id.xlsx"
done
