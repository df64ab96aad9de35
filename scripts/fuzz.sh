#!/usr/bin/env bash
# Coverage-guided fuzzing with libFuzzer (Docs/RELIABILITY.md has the last figures).
#
#   bash scripts/fuzz.sh SECONDS [--target NAME]... [--debug]
#
# Builds the fuzz targets in Fuzz/ (once; later runs rebuild only what changed) and runs each for
# SECONDS. Targets: workbook (Workbook(data:) and every cell), edition (EditionReader + Checker),
# patch (WorkbookPatcher), definition (DefinitionCatalog on a fuzzed .yaml), allocations (the allocations
# and metrics tables of `bcf prefill`, and the JSON of `bcf fill`), folder (the round's walk of a folder
# tree built from the input: links, pipes, names that are not UTF-8, lock and hidden files).
#
# The targets are kept out of Package.swift: the script writes a package of its own in .build-fuzz-pkg
# (the project's Package.swift without its test targets, plus the fuzz targets, over symbolic links to
# Sources/ and Fuzz/) and builds it in .build-fuzz with -sanitize=fuzzer,address; libFuzzer provides
# main, so the targets are compiled with -parse-as-library.
#
# Seeds: Fixtures/ and the conformance corpus (../shared/conformance, or $BCF_SHARED/conformance;
# .gz files are unpacked) for the workbook targets, Templates/*.yaml for the definition target,
# the first lines of Fixtures/*.csv (the sample allocations and metrics tables) for the allocations target. Files
# over 512 KB are left out so that each run stays quick. New inputs found are kept in
# .build-fuzz-corpus/<target>, crashes in .build-fuzz-artifacts/<target>.
#
# Exits non-zero when any target crashes, leaks, exceeds the per-input timeout or the memory limit.
set -uo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"

seconds=""
targets=()
configuration=release
while [ $# -gt 0 ]; do
  case "$1" in
    --target) targets+=("$2"); shift 2 ;;
    --target=*) targets+=("${1#--target=}"); shift ;;
    --debug) configuration=debug; shift ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    *) if [ -z "$seconds" ]; then seconds="$1"; shift; else echo "error: unexpected argument $1" >&2; exit 2; fi ;;
  esac
done
if ! [[ "$seconds" =~ ^[0-9]+$ ]]; then
  echo "usage: bash scripts/fuzz.sh SECONDS [--target workbook|edition|patch|definition|allocations|folder]... [--debug]" >&2
  exit 2
fi
all=(workbook edition patch definition allocations folder)
[ ${#targets[@]} -eq 0 ] && targets=("${all[@]}")
product_of() {
  case "$1" in
    workbook) echo FuzzWorkbook ;; edition) echo FuzzEdition ;; patch) echo FuzzPatch ;; definition) echo FuzzDefinition ;;
    allocations) echo FuzzAllocations ;; folder) echo FuzzRoundFolder ;;
    *) echo "error: unknown target $1 (known: ${all[*]})" >&2; return 1 ;;
  esac
}
for target in "${targets[@]}"; do product_of "$target" >/dev/null || exit 2; done

timeout_per_input="${FUZZ_TIMEOUT:-10}"
rss_limit_mb="${FUZZ_RSS_LIMIT_MB:-2048}"
shared="${BCF_SHARED:-$(cd .. && pwd)/shared}"

# The package that holds the fuzz targets.
pkg="$root/.build-fuzz-pkg"
mkdir -p "$pkg"
ln -sfn "$root/Sources" "$pkg/Sources"
ln -sfn "$root/Fuzz" "$pkg/Fuzz"
# The README's example programs are targets of Package.swift too.
ln -sfn "$root/Examples" "$pkg/Examples"
[ -f "$root/Package.resolved" ] && cp "$root/Package.resolved" "$pkg/Package.resolved"
{
  cat "$root/Package.swift"
  cat <<'EOF'

// Added by scripts/fuzz.sh: the libFuzzer targets, without the project's test targets.
package.targets.removeAll { $0.type == .test }
package.targets += [
    .target(name: "FuzzSupport", path: "Fuzz/FuzzSupport"),
    .executableTarget(name: "FuzzWorkbook", dependencies: ["Spreadsheet", "FuzzSupport"], path: "Fuzz/FuzzWorkbook"),
    .executableTarget(name: "FuzzEdition", dependencies: ["BCF", "Spreadsheet", "FuzzSupport"], path: "Fuzz/FuzzEdition"),
    .executableTarget(name: "FuzzPatch", dependencies: ["Spreadsheet", "FuzzSupport"], path: "Fuzz/FuzzPatch"),
    .executableTarget(name: "FuzzDefinition", dependencies: ["BCF", "FuzzSupport"], path: "Fuzz/FuzzDefinition"),
    .executableTarget(name: "FuzzAllocations", dependencies: ["BCF", "FuzzSupport"], path: "Fuzz/FuzzAllocations"),
    .executableTarget(name: "FuzzRoundFolder", dependencies: ["BCF", "FuzzSupport"], path: "Fuzz/FuzzRoundFolder"),
]
EOF
} > "$pkg/Package.swift.new"
cmp -s "$pkg/Package.swift.new" "$pkg/Package.swift" || mv "$pkg/Package.swift.new" "$pkg/Package.swift"
rm -f "$pkg/Package.swift.new"

build_flags=(--package-path "$pkg" --scratch-path "$root/.build-fuzz" -c "$configuration"
             -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library -Xswiftc -g)
for target in "${targets[@]}"; do
  product="$(product_of "$target")"
  echo "== building $product ($configuration, -sanitize=fuzzer,address)"
  mkdir -p "$root/.build-fuzz-artifacts"
  build_log="$root/.build-fuzz-artifacts/build-$target.log"
  swift build "${build_flags[@]}" --product "$product" > "$build_log" 2>&1
  build_status=$?
  grep -Ev '^\[[0-9]+/[0-9]+\]|^(Fetch|Comput|Creat|Working)|Cannot export local symbol' "$build_log"
  if [ "$build_status" -ne 0 ]; then echo "error: building $product failed (log: $build_log)" >&2; exit 1; fi
done
bin="$(swift build "${build_flags[@]}" --show-bin-path)"

# Seeds, in a fresh temporary folder (the source folders are never written).
seeds="$(mktemp -d "${TMPDIR:-/tmp}/bcf-fuzz-seeds.XXXXXX")"
trap 'rm -rf "$seeds"' EXIT
mkdir -p "$seeds/workbooks" "$seeds/definitions" "$seeds/tables" "$seeds/folders"
# A folder tree: a file, a sub-folder with a file in it, a lock file, a link, a pipe, a name in Latin-1.
printf '\000\005a.xlsx\001\003sub\000\004b.txt\002\000\005\004c.xls\003\004d.xlsx\004\002pp\000\004r\351v.' > "$seeds/folders/tree"
add_seed() { # file folder
  local file="$1" folder="$2" name
  name="$(echo "$file" | sha1sum | cut -c1-12)-$(basename "$file")"
  case "$file" in
    *.gz) gunzip -c "$file" > "$folder/${name%.gz}" ;;
    *) cp "$file" "$folder/$name" ;;
  esac
}
while IFS= read -r -d '' file; do add_seed "$file" "$seeds/workbooks"; done < <(
  find "$root/Fixtures" -type f \( -name '*.xlsx' -o -name '*.xlsm' -o -name '*.xlsx.gz' -o -name '*.xlsm.gz' \) -size -512k -print0
  if [ -d "$shared/conformance" ]; then
    find "$shared/conformance/xlsx" "$shared/conformance/bad" -type f \
      \( -name '*.xlsx' -o -name '*.xlsm' -o -name '*.xlsx.gz' -o -name '*.xlsm.gz' \) -size -512k -print0
  fi)
for file in "$root"/Templates/*.yaml; do add_seed "$file" "$seeds/definitions"; done
# The tables' first 60 lines: a whole table takes a second under the sanitizers, and the rows repeat.
for file in "$root"/Fixtures/*.csv; do head -n 60 "$file" > "$seeds/tables/$(basename "$file")"; done
[ -d "$shared/conformance" ] || echo "warning: no conformance corpus at $shared/conformance (set BCF_SHARED); seeding from Fixtures/ only" >&2
echo "== seeds: $(ls "$seeds/workbooks" | wc -l) workbooks, $(ls "$seeds/definitions" | wc -l) definitions"

export BCF_TEMPLATES="$root/Templates"
# Leaks are failures (the Swift runtime's own caches stay reachable, so they are not reported).
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=1}"
# One leak inside swift-foundation is known and not the project's (see the file).
export LSAN_OPTIONS="${LSAN_OPTIONS:-suppressions=$root/Fuzz/lsan-suppressions.txt:print_suppressions=0}"
failed=0
summary=()
for target in "${targets[@]}"; do
  product="$(product_of "$target")"
  corpus="$root/.build-fuzz-corpus/$target"
  artifacts="$root/.build-fuzz-artifacts/$target"
  mkdir -p "$corpus" "$artifacts"
  seed_folder="$seeds/workbooks"
  [ "$target" = definition ] && seed_folder="$seeds/definitions"
  [ "$target" = allocations ] && seed_folder="$seeds/tables"
  [ "$target" = folder ] && seed_folder="$seeds/folders"
  log="$root/.build-fuzz-artifacts/$target.log"
  echo "== fuzzing $target for ${seconds}s (log: $log)"
  started=$SECONDS
  "$bin/$product" -max_total_time="$seconds" -timeout="$timeout_per_input" -rss_limit_mb="$rss_limit_mb" \
    -print_final_stats=1 -artifact_prefix="$artifacts/" "$corpus" "$seed_folder" > "$log" 2>&1
  status=$?
  elapsed=$((SECONDS - started))
  runs="$(grep -Eo 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -Eo '[0-9]+$' | tail -1)"
  rate="$(grep -Eo 'stat::average_exec_per_sec: *[0-9]+' "$log" | grep -Eo '[0-9]+$' | tail -1)"
  added="$(grep -Eo 'stat::new_units_added: *[0-9]+' "$log" | grep -Eo '[0-9]+$' | tail -1)"
  rss="$(grep -Eo 'stat::peak_rss_mb: *[0-9]+' "$log" | grep -Eo '[0-9]+$' | tail -1)"
  cov="$(grep -Eo 'cov: [0-9]+ ft: [0-9]+' "$log" | tail -1)"
  verdict=ok
  if [ "$status" -ne 0 ]; then
    failed=1
    verdict="FAILED (exit $status)"
    grep -E '^==[0-9]+==ERROR|^SUMMARY|Fatal error|ALARM: working on the last Unit|out-of-memory|Test unit written to' "$log" | head -8 | sed 's/^/   /'
  fi
  line="$(printf '%-11s %5ss  executions %-9s exec/s %-6s new units %-5s peak RSS %s MB  %s  %s' \
    "$target" "$elapsed" "${runs:-?}" "${rate:-?}" "${added:-?}" "${rss:-?}" "${cov:-}" "$verdict")"
  echo "$line"
  summary+=("$line")
done
echo "== summary"
printf '%s\n' "${summary[@]}"
exit "$failed"
