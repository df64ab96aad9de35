#!/usr/bin/env bash
# Runs every test of the project on a fresh machine: installs what is missing, builds, tests.
set -euo pipefail
cd "$(dirname "$0")/.."
# The tests also need the programs that prove the project's files work elsewhere: LibreOffice (opens
# and recalculates written workbooks) and openpyxl (fills and edits them); bcf serve's test drives
# headless Chromium through Selenium.
bash scripts/install-deps.sh libreoffice-calc-nogui poppler-utils chromium chromium-driver
if ! python3 -c "import openpyxl" 2>/dev/null; then
  echo "installing openpyxl from PyPI" >&2
  python3 -m pip install --quiet "openpyxl==3.1.5"
fi
if ! python3 -c "import selenium" 2>/dev/null; then
  echo "installing selenium from PyPI" >&2
  python3 -m pip install --quiet "selenium==4.25.0"
fi
shared="${BCF_SHARED:-$(cd .. && pwd)/shared}"
if [ ! -d "$shared/conformance" ]; then
  echo "error: the shared folder with the conformance corpus is not at $shared (set BCF_SHARED)" >&2
  exit 1
fi
export BCF_SHARED="$shared"
# The round tests drive the bcf program itself (scripts/fixtures/make_round.py), and the README examples
# are programs of their own, so every product is built first.
swift build 2>&1 | grep -Ev '^\[[0-9]+/[0-9]+\]' || true
export BCF_BINARY="$(swift build --show-bin-path)/bcf"
# Build progress lines are dropped; every test line and the closing summary are kept.
set +e
# The DocC documentation of both libraries, built before the tests so that their summary stays last:
# DocC's warnings are shown, and a documentation build that fails fails the run.
swift package --disable-sandbox generate-documentation --target Spreadsheet --target BCF 2>&1 \
  | grep -Ev '^\[[0-9]+/[0-9]+\]'
docs=${PIPESTATUS[0]}
if [ "$docs" -ne 0 ]; then echo "error: the DocC documentation did not build (exit $docs)" >&2; fi
# The tests' scratch folders (workbooks, rounds, LibreOffice profiles) go to one folder of this run's,
# removed afterwards, so that running the tests again and again does not fill the machine's /tmp.
scratch=$(mktemp -d -t bcf-test-run.XXXXXX)
# Open to every user as /tmp is: some tests run bcf as another user.
chmod 1777 "$scratch"
TMPDIR="$scratch" swift test 2>&1 | grep --line-buffered -Ev '^\[[0-9]+/[0-9]+\] (Compiling|Emitting|Linking|Write|Build|Planning|Copying)'
status=${PIPESTATUS[0]}
rm -rf "$scratch"
if [ "$status" -eq 0 ] && [ "$docs" -ne 0 ]; then status=$docs; fi
exit "$status"
