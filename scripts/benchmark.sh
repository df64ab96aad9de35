#!/usr/bin/env bash
# The reader benchmark: bcf against calamine (through fastexcel and python-calamine), openpyxl and plain
# decompression, on generated inputs; writes the figures into Docs/BENCHMARKS.md.
# Usage: scripts/benchmark.sh [--quick] [--reader]   (--quick: 5k/10k/20k rows instead of 50k/100k/200k;
# --reader: only the large-sheet section, 200k and 1M rows, or 20k and 100k with --quick)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh hyperfine time
python3 -c "import fastexcel, python_calamine, openpyxl" 2>/dev/null || pip install -q fastexcel python-calamine openpyxl
swift build -c release --product bcf 2>&1 | grep -Ev '^\[[0-9]+/[0-9]+\]' || true
[ -x .build/release/bcf ] || { echo "error: the release build did not produce .build/release/bcf" >&2; exit 1; }
exec python3 scripts/benchmark.py "$@"
