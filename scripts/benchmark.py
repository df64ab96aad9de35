#!/usr/bin/env python3
"""Runs the reader benchmark (see scripts/benchmark.sh) and writes Docs/BENCHMARKS.md."""
import datetime, json, os, platform, subprocess, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench_reader

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WORK = os.path.join(ROOT, "bench-work")
QUICK = "--quick" in sys.argv
# --reader: only the large-sheet reader section (scripts/bench_reader.py), written into its place on the page.
READER = "--reader" in sys.argv
SIZES = [5_000, 10_000, 20_000] if QUICK else [50_000, 100_000, 200_000]
BCF = os.path.join(ROOT, ".build/release/bcf")
PY = sys.executable

def readers(path, with_openpyxl):
    rows = [
        ("bcf", f"{BCF} cells {path} --summary"),
        ("fastexcel (calamine)", f"{PY} {ROOT}/scripts/peers/fastexcel_read.py {path}"),
        ("python-calamine", f"{PY} {ROOT}/scripts/peers/calamine_read.py {path}"),
    ]
    if with_openpyxl:
        rows.append(("openpyxl read-only", f"{PY} {ROOT}/scripts/peers/openpyxl_read.py {path}"))
    rows.append(("unzip -p (inflate only)", f"unzip -p {path}"))
    return rows

def hyperfine(command, runs):
    out = os.path.join(WORK, "hyperfine.json")
    subprocess.run(["hyperfine", "--warmup", "1", "--runs", str(runs), "--export-json", out,
                    "--output", "null", command], check=True, capture_output=True)
    result = json.load(open(out))["results"][0]
    return result["mean"], result["stddev"]

def peak_kib(command):
    p = subprocess.run(["/usr/bin/time", "-f", "%M", "sh", "-c", command + " > /dev/null"], capture_output=True, text=True, check=True)
    return int(p.stderr.strip().splitlines()[-1])

def sh(cmd):
    return subprocess.run(cmd, shell=True, capture_output=True, text=True).stdout.strip()

NOTE = """## Where the time goes

Worksheet parts are read by the project's own byte scanner (`Sheet/SheetScanner.swift`) while a second
thread inflates the part a chunk ahead (`Sheet/ChunkPrefetcher.swift`); libxml2 reads the other parts.
Deflated parts are inflated by ISA-L (`libisal`, `Package/DeflateStream.swift`) from the compressed bytes
libzip hands over, the CRC-32 checked at the end; libzip still reads the archive and inflates anything
else. Counted with `valgrind --tool=callgrind` (instructions, which do not vary with the load of the
shared machine) on a release build of the reader alone reading every cell of the 20,000-row input
(200,000 cells), before and after issue 18:

| where | before (millions) | after (millions) |
|---|---|---|
| whole process | 1,113 | 511 |
| inflating thread: inflate and CRC (zlib behind libzip, then ISA-L), copying the chunk | 140 | 65 |
| parsing thread | 915 | 384 |
| of which start tags, with the handler's work on them: names copied, an array made per attribute to spot `xmlns`, attribute slots, name compares | 482 | 161 for start and end tags, the scanner's own loops |
| of which end tags' handling: name copied, hashed and compared | 110 | (above) |
| of which copying each chunk after the unfinished construct, and counting lines byte by byte | about 105 | 17 |
| of which typing values and building cells and rows (`endCell`, `startCell`, cell references, text) | not separable | 93 |
| starting the process (dynamic linking, the workbook's other parts) | about 35 | about 35 |

What changed: the commonest tags of `<sheetData>` (`<row>`, `<c>`, `<v>` and their end tags) are read in
one pass each, their end and attributes together, and the handler gets only `r`, `s` and `t`; any tag
that is unusual in the least (an entity or CR in a value, a prefix, a tag cut by the chunk's end) goes
to the general path, which reads it from its start as before, so the two never disagree. Chunks arrive
with spare room in front, where the unfinished construct of the last chunk is put, so a chunk is scanned
where it lies instead of being copied after it. Each cell's text gathers in one reused buffer per kind
instead of arrays emptied per cell. What remains is the scanner's byte loops over tags and the building
of each `Cell` (its enum, the row's array): about 1,900 instructions per cell, against about 4,600 before.
Inflating now takes a sixth of the parsing thread's work, so on two free cores the time is that
thread's; on a loaded machine both threads compete for the cores and the total counts.
"""

CHECK_NOTE = """## Where the time goes: checking, the round and pre-filling

Profiled with `valgrind --tool=callgrind` (instructions, which repeat on a shared machine where wall
times do not), on release builds with their debug information stripped (`strip --strip-debug`, since
valgrind 3.19 cannot read Swift's). Five points of issue 18: commits `d011b78`, `acb1a21`, `006d741` and
`4be651b` (the starts of its second to fifth sessions) and the code these figures come with; millions of
instructions:

| what | `d011b78` | `acb1a21` | `006d741` | `4be651b` | now |
|---|---|---|---|---|---|
| a command's start (`bcf templates`; `bcf --version` alone is 41) | 568 | 118 | 118 | 49 | 49 |
| `bcf check Fixtures/planning-2017-19-sample.xlsx --allocations Fixtures/allocations-2017-19.csv` | 952 | 278 | 218 | 155 | 149 |
| one planning workbook read and checked in-process (`--repeat 21` less `--repeat 1`, over 20) | 56.4 | 41.1 | 26.8 | 20.6 | 14.3 |
| `bcf round` of the first 20 workbooks of the generated round (`--allocations`, `--hwbs`) | 3,840 | 2,052 | 1,692 | 995 | 920 |
| `bcf prefill --edition planning-2017-19 --allocations Fixtures/allocations-2017-19.csv --out DIR` | 2,594 | 742 | 709 | 648 | 648 |

Every output is what it was, compared on the same inputs against a release build of each starting
commit: the JSON of `read` and `check` (with their exit codes) and a hash of every cell for the 594
workbooks of `Fixtures/`, the conformance corpus (its damaged files included) and the generated round;
`templates`, `fields`, `rules` and the blank templates of every edition; round.sqlite's `.dump`, the CSV
files, the letters and every part of report.xlsx and of the marked-up copies; every part of the 152
pre-filled workbooks. The changes on purpose: dataset.xlsx's columns are as wide as their header and
longest value (bounded); the pre-filled workbooks' patched sheets are deflated by ISA-L, so the files are
about 7% larger with the same parts; dataset.xlsx is written by a writer of the project's own (below),
which openpyxl and `bcf cells` read cell for cell as libxlsxwriter's.

**A command's start.** Yams decoding the five definition files was three quarters of it; the built-in
definitions are now Swift values (`BuiltInDefinitionModels.swift`, written from the YAML by
`bcf embed-definitions` through the same decoder, run by `scripts/make-templates.sh`; a test fails unless
they equal what the YAML decodes to), so no YAML is parsed unless `--templates` or `$BCF_TEMPLATES` names
a folder. Compiling the five editions cost 69 million and every command paid it, since recognising a
workbook considered them all. An edition is now compiled the first time it is asked for
(`DefinitionCatalog`, a lock per edition, so a round's threads compile each once and two at a time; a
folder's editions are still compiled when it is read, so a mistake in any file is reported at once).
Listing the editions and telling them apart by their sheets read `EditionSummary` (id, kind, title,
period, years and sheet names, from the merged file); recognition compiles only the editions whose
sheets are all in the workbook; the checker reads the allocations table and the list of areas for an
edition when it first meets one. So `bcf templates` and `bcf rules` compile nothing, and `bcf check` of
one workbook compiles its edition alone (planning-2017-19, the largest: 19 million, 24 before a formula's
sheet prefix skipped Foundation's search for an apostrophe). Tests compare each edition compiled alone
with all of them compiled from `Templates/`, and recognition with the eager way over the Fixtures,
property-less copies saved by openpyxl and part of the shared corpus. The allocations table's 848 rows
cost 33 million (216 at `d011b78`): the CSV is read as bytes and amounts are made from their bytes
(`Decimal(plainNumber:)`, the decimal `Decimal(string:)` gives to its exponent and digits, tested on
200,000 strings).

**One workbook** (56.4 million at `d011b78`, 41.1 at `acb1a21`, 20.6 at `4be651b`, 14.3 now; 1.89 ms
at `--repeat 200` on a quiet machine, against 2.8 at `4be651b` and 6.1 at `acb1a21`). Each part, in
millions of instructions a workbook:

| part | `acb1a21` | `4be651b` | now |
|---|---|---|---|
| opening: the package, workbook part, relationships, content types | 5.2 | 2.9 | 1.9 |
| shared strings and styles | 6.2 | 3.4 | 2.3 |
| the sheets: the scanner and its handler | 6.3 | 4.5 | 4.0 |
| the sheets: inflating (ISA-L) | – | 1.5 | 1.5 |
| from cells to the model tree (table rows, labels, values) | 4.5 | 2.35 | 1.1 |
| the typed model | 6.1 | 0.94 | 0.82 |
| the generic rules | 3.0 | 1.35 | 0.60 |
| the planning rules | 2.4 | 2.1 | 0.63 |
| the rest: the cells' dictionary, releasing a workbook's memory | – | 1.6 | 1.4 |
| the whole | 41.1 | 20.6 | 14.3 |

- *The small parts.* The workbook part, shared strings, styles, relationships, content types and custom
  properties are held whole and read by a strict byte scanner (`XML/WholePartScanner.swift`) that gives
  the same handlers the same events. A part outside its subset (a comment, CDATA, a DTD, a carriage
  return inside the root, an undeclared prefix, bytes that are not UTF-8, a name or nesting over the
  limits, ...) goes to libxml2 whole, in the chunks the stream gave, so every error and line number stays
  libxml2's; it takes all but 39 of the corpus's 2,236 such parts, and a test runs both ways over all of
  them and over damaged copies. The scanner keeps a part's events, its attributes' slots (in the layout
  the handlers read) and its namespace scopes in buffers it owns, where arrays of enums and tuples grew
  per tag; a tag without declarations does no scope work; a NUL after the held part ends the loops over
  names, blanks and text without a bounds test. Handlers compare names in line rather than with `strcmp`,
  read flags and numbers from a value's bytes (`XMLAttributes.integer`, as `Int(_:)` reads text) and make
  a `String` only for what they keep; part names and relationship targets are resolved on their bytes.
  What is left: about 750 instructions a start tag, most of them its bytes read one at a time, and the
  strings kept (a shared string, a defined name and its formula, about 300 each).
- *The sheets.* A cell's attributes in the form writers give them are read in one pass, other tags
  through a table of byte classes; a cell the check does not ask for costs little more than finding its
  end; a `<row>` whose attributes after `r="N"` are the last row's bytes is taken as that row was
  (LibreOffice writes seven the same on every row); `<f>` is read on the same fast path. The attributes of
  elements the handler never reads (all but `c`, `row` and `f`) are checked with the same errors but not
  copied; entities are decoded from their bytes. Anything else goes tag by tag, so both ways give the same
  cells and errors wherever a chunk ends. The chosen cells are a bit per column (`CellLookup`). What is
  left is spread thinly: about 250 instructions a `<row>`, `<c>` or `<v>` tag, 180 in the handler for each
  cell kept, and about 2,000 for each tag outside `<sheetData>` (`<pageSetup>`, `<dataValidation>`).
- *From cells to the model.* A number cell's decimal is made from its double (`Reading/DoubleDecimal.swift`;
  `Decimal(string:)` of its text cost 5,600 instructions), the same decimal to its bytes, tested on 350,000
  doubles. The model tree is filled by a plan made once when the edition is compiled
  (`Reading/ModelPlan.swift`): every field's and table's path and each table's column keys numbered, their
  groups a tree of numbered nodes, so a value is set with no key compared or hashed; a test holds it to
  `ModelNode.set` on random paths. Labels and a path's parts are compared with `memcmp`. Each model type
  reads its keys straight from the tree (`ModelTreeReadable`, written by
  `scripts/generate_model_tree_reading.py`), looking for each key from past the last one found; a node of
  a shape a type does not expect goes to `ModelDecoder`, so the value or `TypedModelError` is the one
  `Decodable` gives.
- *The rules.* Money is added, subtracted and compared in whole pence where both amounts are whole pence
  within 64 bits, read from the decimal's storage (`Model/DecimalParts.swift`: NSDecimal's layout,
  checked once against decimals of known parts, Foundation's way wherever it differs or an amount is not
  whole pence); the result is the decimal Foundation's arithmetic gives, to the byte, tested on random
  amounts, fractions of a penny and amounts past 64 bits. Each source's income and spending and the
  required-spend figures are added once a check, in the same order (`PlanSums`). A number is compared with
  the limits by its digits. The generic walk keeps its position at each level rather than a path and makes
  a value's path only for a value it reports; the checklist's look-ups follow paths by their bytes
  (`NodeLookup`); rules make a message's words only for a figure they report; a metric's ratio is first
  compared in doubles, the decimal division made only near the tolerance's edge.
- *The heap.* glibc gave the top of the heap back whenever 128 KiB lay free there and the next workbook
  took it again: about 200 page faults and a few `brk` calls a workbook, which instructions do not show
  (2.1 ms before, 1.9 after). The command keeps what it frees and grows the heap in larger steps
  (`BCFCommand/HeapTuning.swift`, glibc's `mallopt`); its peak memory is unchanged.

**The round.** Each file's share of the outputs is made on the core that checked it, right after the
check (`SubmissionFacts`, 5.6 to 2.9 million a file: metric paths split and judged by their bytes, pence
made without text): its rows of the dataset's tables packed into one byte buffer per table
(`EncodedRows`), moved at once to an unlinked scratch file (`RowSpillFile`), so that memory does not grow
with the number of files; only the findings and the report's few figures stay. The output stage makes
each file a job of its own (dataset.xlsx, round.sqlite, report.xlsx, each marked-up copy, each CSV file,
the longest first), taken by whichever core is free; the letters come last, on both cores, since they
name the copies made. A failure keeps its place in the order of the outputs, so the one reported does
not depend on which core met it first.
- *dataset.xlsx* (544 to 137 million for the first 20 workbooks) is written by the project's own
  streaming writer (`TableWorkbookWriter`) in place of libxlsxwriter: each tab's XML made as its rows
  come, deflated with ISA-L at its level 1 into an unlinked scratch file beside the output, and put in
  the zip when the tab ends, behind its beginning (dimension and widths, deflated last and byte-aligned so
  the rows' blocks follow it; the two CRCs joined). The other parts are written as libxlsxwriter writes them.
  Numbers are written from their digits when whole or exact pence, otherwise with `%.16G` as libxlsxwriter
  does (an amount it printed `0.07000000000000001` is now `0.07`, the same Double). Text stays in the
  cells; text shaped like Excel's escapes (`_x0041_`) goes to a small shared-string table, where openpyxl
  decodes it too (`Docs/DATASET.md`). The file is 12% larger (1.73 MB against 1.54).
- *round.sqlite and the CSV files* (628 to 420 and 338 to 176 for the whole round) take each packed
  row's text as its bytes where it lies: bound to SQLite without a copy, written to CSV byte by byte when
  it is ASCII without a carriage return. What is left is SQLite's own inserting (4,500 instructions a row)
  and indexing.
- *The tables* (`DatasetBuilder.tables()`, 51 to 2.8 for 20 files: the set of missing areas was made
  again for every area) and *the letters* (`AtomicFile` split each path with NSString's methods, 138,000
  instructions a letter).
- *What remains*: the marked-up copies (16.6 million each, 31 in the generated round: libzip deflating the
  patched parts at level 6, 7.6, and opening the workbook again, 2.4), hashing each file (1.25 million a
  file under valgrind, which hides the processor's SHA instructions), the report (95), and each workbook's
  check.

**Pre-filling.** 1,240 million instructions of it were zlib deflating the three patched worksheets of
every workbook at level 6 behind libzip, and some 130 million libzip rebuilding each archive. Each write
now copies the template's base archive record by record (`ArchiveImage`) and deflates only the patched
parts, with ISA-L at its level 1 (`PartDeflater`: 168 million for all 152 workbooks). What remains:
building the blank template from the definition with libxlsxwriter when no template is given (about
139 million), the allocations table (33), opening the template for patching (80, of which 51 are zlib
at level 9 on the parts every output shares), splicing the worksheets (58) and the areas' models (37).
"""

def mean_ms(command):
    """Runs a command that reports 'mean X ms per read' on standard error and returns X."""
    p = subprocess.run(command, shell=True, capture_output=True, text=True, check=True)
    return float(p.stderr.split("mean ")[1].split(" ms")[0])

def edition_read():
    """Reading a full planning workbook (the sample submission) in-process, bcf against openpyxl reading the
    same cells, best of three batches each; and the whole command with process start, from hyperfine."""
    sample = os.path.join(ROOT, "Fixtures", "planning-2017-19-sample.xlsx")
    fields = os.path.join(WORK, "planning-fields.jsonl")
    sh(f"{BCF} fields planning-2017-19 --format jsonl > {fields}")
    ours = min(mean_ms(f"{BCF} read {sample} --repeat 300") for _ in range(3))
    peer = min(mean_ms(f"{PY} {ROOT}/scripts/peers/openpyxl_read_fields.py {sample} {fields} 20") for _ in range(3))
    allocations = os.path.join(ROOT, "Fixtures", "allocations-2017-19.csv")
    check = min(mean_ms(f"{BCF} check {sample} --allocations {allocations} --repeat 200") for _ in range(3))
    # Adapting: the blank 2017-19 template with rows inserted above every sheet and inside the scheme
    # table, a column inserted, a sheet renamed and no edition property, as an official workbook differs.
    moved = os.path.join(WORK, "planning-moved.xlsx")
    sh(f"{PY} {ROOT}/scripts/edit_with_openpyxl.py {ROOT}/Templates/planning-2017-19.xlsx {moved} drop-custom-properties "
       "'insert-rows:4. Expenditure!25=5' 'insert-column:3. Income!A' 'rename:4. Expenditure=Expenditure Plan' "
       + " ".join(f"'insert-rows:{name}!1=2'" for name in ["1. Cover", "2. Summary", "3. Income", "Expenditure Plan", "5. Metrics", "6. National Conditions"]))
    adapt = min(mean_ms(f"{BCF} adapt planning-2017-19 {moved} -o {WORK}/adapted.yaml --repeat 100") for _ in range(3))
    ours_cmd = hyperfine(f"{BCF} read {sample}", 20)
    peer_cmd = hyperfine(f"{PY} {ROOT}/scripts/peers/openpyxl_read_fields.py {sample} {fields}", 5)
    return {"bcf": ours, "openpyxl": peer, "bcf_cmd": ours_cmd, "openpyxl_cmd": peer_cmd, "check": check, "adapt": adapt,
            "fields": sum(1 for _ in open(fields))}

def prefill():
    """Pre-filling every area of the sample allocations table from the blank planning template: bcf
    against openpyxl doing the same fill (load the template, set the cells, save) for the same rows."""
    template = os.path.join(ROOT, "Templates", "planning-2017-19.xlsx")
    allocations = os.path.join(ROOT, "Fixtures", "allocations-2017-19.csv")
    fields = os.path.join(WORK, "planning-fields.jsonl")
    sh(f"{BCF} fields planning-2017-19 --format jsonl > {fields}")
    out = os.path.join(WORK, "prefill")
    ours = hyperfine(f"rm -rf {out} && {BCF} prefill --edition planning-2017-19 --allocations {allocations} --out {out}", 5)
    ours_kib = peak_kib(f"rm -rf {out} && {BCF} prefill --edition planning-2017-19 --allocations {allocations} --out {out}")
    peer = hyperfine(f"rm -rf {out} && {PY} {ROOT}/scripts/peers/openpyxl_prefill.py {template} {fields} {allocations} {out}", 2)
    areas = len({line.split(",")[0] for line in open(allocations) if not line.startswith(("#", "hwb_code"))})
    return {"bcf": ours, "openpyxl": peer, "areas": areas, "bcf_kib": ours_kib}

def round_run():
    """A whole submission round of ~150 planning workbooks (scripts/fixtures/make_round.py): bcf round,
    writing the database, CSV, report and feedback, against an openpyxl script that only reads every
    field into SQLite."""
    submissions = os.path.join(WORK, "round-submissions")
    if os.path.exists(submissions):
        sh(f"rm -rf {submissions}")
    sh(f"cd {ROOT} && {PY} scripts/fixtures/make_round.py {BCF} {submissions}")
    files = sum(len([f for f in fs if not f.startswith(".")]) for _, _, fs in os.walk(submissions))
    out = os.path.join(WORK, "round-out")
    hwbs = os.path.join(os.path.dirname(ROOT), "shared", "domain", "refdata", "hwbs.csv")
    hwbs_option = f"--hwbs {hwbs}" if os.path.exists(hwbs) else ""
    command = f"rm -rf {out} && {BCF} round {submissions} --out {out} --allocations {ROOT}/Fixtures/allocations-2017-19.csv {hwbs_option}"
    ours = hyperfine(command, 5)
    ours_kib = peak_kib(command)
    fields = os.path.join(WORK, "planning-fields.jsonl")
    sh(f"{BCF} fields planning-2017-19 --format jsonl > {fields}")
    peer_command = f"{PY} {ROOT}/scripts/peers/openpyxl_round.py {submissions} {fields} {os.path.join(WORK, 'peer-round.sqlite')}"
    peer = hyperfine(peer_command, 2)
    peer_kib = peak_kib(peer_command)
    # Ten such rounds in one folder: the time should grow with the files, the memory should not.
    tenfold = os.path.join(WORK, "round-tenfold")
    sh(f"rm -rf {tenfold} && mkdir -p {tenfold}")
    for copy in range(10):
        sh(f"cp -a {submissions} {tenfold}/round-{copy:02d}")
    ten_files = sum(len([f for f in fs if not f.startswith(".")]) for _, _, fs in os.walk(tenfold))
    ten_command = command.replace(submissions, tenfold)
    ten = hyperfine(ten_command, 3)
    ten_kib = peak_kib(ten_command)
    return {"bcf": ours, "openpyxl": peer, "files": files, "bcf_kib": ours_kib, "openpyxl_kib": peer_kib,
            "ten": ten, "ten_files": ten_files, "ten_kib": ten_kib}

def reader_section():
    section = bench_reader.run(ROOT, WORK, BCF, PY, hyperfine, peak_kib, sh, QUICK, READER)
    path = os.path.join(ROOT, "Docs", "BENCHMARKS.md")
    page = open(path).read()
    open(path, "w").write(bench_reader.place(page, section))
    print("wrote the reader section of", path)

def main():
    os.makedirs(WORK, exist_ok=True)
    if READER:
        reader_section()
        return
    print(sh(f"{PY} {ROOT}/scripts/bench_inputs.py {WORK} " + " ".join(map(str, SIZES))))
    inputs = [(f"large sheet, {n:,} rows x 10 columns", os.path.join(WORK, f"large-{n}.xlsx"), n == SIZES[0]) for n in SIZES]
    inputs.append(("template-like, 10 sheets x ~300 cells", os.path.join(WORK, "template-like.xlsx"), True))
    times, memory = {}, {}
    for label, path, with_openpyxl in inputs:
        for name, command in readers(path, with_openpyxl):
            runs = 3 if "large" in label else 10
            times[(label, name)] = hyperfine(command, runs)
            memory[(label, name)] = peak_kib(command)
            print(f"{label} | {name}: {times[(label, name)][0]:.3f} s, {memory[(label, name)] / 1024:.1f} MiB", flush=True)
    far = {ref: peak_kib(f"{BCF} cells {os.path.join(WORK, f'cell-{ref}.xlsx')}") for ref in ("A1", "XFD1048576")}
    far_peers = {ref: peak_kib(f"{PY} {ROOT}/scripts/peers/calamine_read.py {os.path.join(WORK, f'cell-{ref}.xlsx')}") for ref in ("A1", "XFD1048576")}
    editions = edition_read()
    editions["prefill"] = prefill()
    editions["round"] = round_run()
    print(f"round: bcf {editions['round']['bcf'][0]:.3f} s, openpyxl {editions['round']['openpyxl'][0]:.3f} s", flush=True)
    print(f"prefill: bcf {editions['prefill']['bcf'][0]:.3f} s, openpyxl {editions['prefill']['openpyxl'][0]:.3f} s", flush=True)
    print(f"planning workbook: bcf {editions['bcf']:.3f} ms, openpyxl {editions['openpyxl']:.3f} ms per read", flush=True)
    write(inputs, times, memory, far, far_peers, editions)
    reader_section()

def write(inputs, times, memory, far, far_peers, editions):
    cpu = sh("lscpu | grep -m1 'Model name' | cut -d: -f2")
    mem = sh("free -g | awk '/Mem:/ {print $2}'")
    os_name = sh(". /etc/os-release && echo $PRETTY_NAME")
    swift = sh("swift --version 2>&1 | head -1")
    fastexcel = sh(f"{PY} -c 'import fastexcel; print(fastexcel.__version__)'")
    calamine = sh(f"{PY} -m pip show python-calamine | grep Version | cut -d' ' -f2")
    openpyxl = sh(f"{PY} -c 'import openpyxl; print(openpyxl.__version__)'")
    quick = " --quick" if QUICK else ""
    lines = ["# Benchmarks", "",
             "Every figure below comes from one run of `bash scripts/benchmark.sh` on the machine named; the peers are",
             "measured in the same run. Times are whole commands (process start included) from hyperfine; memory",
             "is peak resident set size from `/usr/bin/time`.", "",
             "## Machine", "",
             f"- date: {datetime.date.today().isoformat()}",
             f"- CPU: {cpu} ({os.cpu_count()} cores)",
             f"- memory: {mem} GiB; OS: {os_name}",
             f"- bcf: {swift}, release build",
             f"- peers: fastexcel {fastexcel}, python-calamine {calamine}, openpyxl {openpyxl}, Python {platform.python_version()}",
             f"- command: `bash scripts/benchmark.sh{quick}`", "",
             "## Time", "",
             "| input | reader | mean (s) | ± (s) | bcf ÷ reader |", "|---|---|---|---|---|"]
    for label, path, _ in inputs:
        ours = times[(label, "bcf")][0]
        for (l, name), (mean, sd) in times.items():
            if l != label:
                continue
            lines.append(f"| {label} | {name} | {mean:.3f} | {sd:.3f} | {ours / mean:.2f} |")
    lines += ["", "## Reading a BCF planning workbook", "",
              "`Fixtures/planning-2017-19-sample.xlsx` (a full 2017-19 plan: six sheets, six schemes, every field",
              f"filled, saved by LibreOffice) read against its definition: {editions['fields']} fields and table columns,",
              "labels checked, values typed, JSON made. In-process figures are the best of three batches",
              "(`bcf read FILE --repeat 300`; `scripts/peers/openpyxl_read_fields.py FILE FIELDS 20`, which loads the",
              "workbook with openpyxl and reads the same cells); whole commands include process start.", "",
              "| reader | per read, in-process (ms) | whole command (s) |", "|---|---|---|",
              f"| bcf read | {editions['bcf']:.3f} | {editions['bcf_cmd'][0]:.3f} ± {editions['bcf_cmd'][1]:.3f} |",
              f"| openpyxl (load + read the same cells) | {editions['openpyxl']:.3f} | {editions['openpyxl_cmd'][0]:.3f} ± {editions['openpyxl_cmd'][1]:.3f} |",
              "", f"Checking the same workbook against every rule, with the allocations table (`bcf check FILE --allocations",
              f"Fixtures/allocations-2017-19.csv --repeat 200`, best of three): {editions['check']:.3f} ms per workbook, reading included.",
              "", "Adapting the 2017-19 edition to its blank template moved by openpyxl (rows inserted above every sheet and",
              "inside the scheme table, a column inserted, a sheet renamed, no edition property: `bcf adapt planning-2017-19",
              f"MOVED -o DEF --repeat 100`, best of three): {editions['adapt']:.3f} ms, the definition made and compiled."]
    pre = editions["prefill"]
    lines += ["", "## Pre-filling every area", "",
              f"`bcf prefill --edition planning-2017-19 --allocations Fixtures/allocations-2017-19.csv --out DIR`: {pre['areas']} workbooks",
              "from the blank planning template, against `scripts/peers/openpyxl_prefill.py` doing the same fill",
              "(load the template, set the same cells, save) for the same rows. Whole commands, from hyperfine.", "",
              "| writer | all areas (s) | ± (s) | per workbook (ms) |", "|---|---|---|---|",
              f"| bcf prefill | {pre['bcf'][0]:.3f} | {pre['bcf'][1]:.3f} | {pre['bcf'][0] / pre['areas'] * 1000:.1f} |",
              f"| openpyxl | {pre['openpyxl'][0]:.3f} | {pre['openpyxl'][1]:.3f} | {pre['openpyxl'][0] / pre['areas'] * 1000:.1f} |",
              "", f"Peak memory of `bcf prefill`: {pre['bcf_kib'] / 1024:.1f} MiB."]
    rnd = editions["round"]
    lines += ["", "## A whole submission round", "",
              f"{rnd['files']} files made by `scripts/fixtures/make_round.py` (one planning workbook per area, some with errors, one",
              "area twice, three unreadable files): `bcf round DIR --out OUT --allocations Fixtures/allocations-2017-19.csv --hwbs",
              "shared/domain/refdata/hwbs.csv`, which reads and checks every file and writes round.sqlite, the CSV tables,",
              "report.xlsx and the feedback letters; beside it `scripts/peers/openpyxl_round.py`, which only opens every",
              "workbook with openpyxl and stores its fields in SQLite (no checks, no report). Whole commands, from hyperfine.", "",
              "| program | whole round (s) | ± (s) | peak memory (MiB) |", "|---|---|---|---|",
              f"| bcf round | {rnd['bcf'][0]:.3f} | {rnd['bcf'][1]:.3f} | {rnd['bcf_kib'] / 1024:.1f} |",
              f"| openpyxl script | {rnd['openpyxl'][0]:.3f} | {rnd['openpyxl'][1]:.3f} | {rnd['openpyxl_kib'] / 1024:.1f} |",
              f"| bcf round, ten such rounds in one folder ({rnd['ten_files']:,} files) | {rnd['ten'][0]:.3f} | {rnd['ten'][1]:.3f} | {rnd['ten_kib'] / 1024:.1f} |"]
    lines += ["", "## Peak memory (MiB)", "", "| input | " + " | ".join(n for n, _ in readers("x", True)) + " |",
              "|---|" + "---|" * len(readers("x", True))]
    for label, path, _ in inputs:
        row = [f"{memory[(label, n)] / 1024:.1f}" if (label, n) in memory else "—" for n, _ in readers("x", True)]
        lines.append(f"| {label} | " + " | ".join(row) + " |")
    lines += ["", "One cell far out: peak memory (MiB) of reading a workbook whose only cell is at A1, and one whose only",
              "cell (and `<dimension>`) is at XFD1048576.", "",
              "| reader | A1 | XFD1048576 |", "|---|---|---|",
              f"| bcf | {far['A1'] / 1024:.1f} | {far['XFD1048576'] / 1024:.1f} |",
              f"| python-calamine | {far_peers['A1'] / 1024:.1f} | {far_peers['XFD1048576'] / 1024:.1f} |", ""]
    big = inputs[len(SIZES) - 1][0]
    tmpl = inputs[-1][0]
    ratio_fe = times[(big, "bcf")][0] / times[(big, "fastexcel (calamine)")][0]
    ratio_tmpl = times[(tmpl, "bcf")][0] / times[(tmpl, "fastexcel (calamine)")][0]
    ratio_unzip = times[(big, "bcf")][0] / times[(big, "unzip -p (inflate only)")][0]
    mems = [memory[(inputs[i][0], "bcf")] for i in range(len(SIZES))]
    flat = max(mems) <= min(mems) * 1.25
    farok = far["XFD1048576"] <= far["A1"] * 1.1
    def verdict(ok): return "met" if ok else "**not met**"
    rnd = editions["round"]
    lines += ["## Targets", "",
              f"- faster than calamine (fastexcel) on the large sheet: bcf takes {ratio_fe:.2f}× its time — {verdict(ratio_fe < 1)}",
              f"- faster than calamine (fastexcel) on the template-like workbook: {ratio_tmpl:.2f}× — {verdict(ratio_tmpl < 1)}",
              f"- within 3× of plain decompression (`unzip -p`) on the large sheet: {ratio_unzip:.2f}× — {verdict(ratio_unzip <= 3)}",
              f"- peak memory flat as the sheet grows ({', '.join(f'{m / 1024:.1f}' for m in mems)} MiB) — {verdict(flat)}",
              f"- a cell at XFD1048576 costs no more memory than one at A1 — {verdict(farok)}",
              f"- reading a full planning workbook under 5 ms: {editions['bcf']:.2f} ms (openpyxl {editions['openpyxl']:.1f} ms) — {verdict(editions['bcf'] < 5)}",
              f"- reading and checking one planning workbook in-process under 2 ms: {editions['check']:.2f} ms — {verdict(editions['check'] < 2)}",
              f"- adapting an edition to a moved template under 100 ms: {editions['adapt']:.2f} ms — {verdict(editions['adapt'] < 100)}",
              f"- a whole round of {rnd['files']} files, report and letters included, under 0.5 s: {rnd['bcf'][0]:.2f} s, peak {rnd['bcf_kib'] / 1024:.0f} MiB (openpyxl script {rnd['openpyxl'][0]:.1f} s) — {verdict(rnd['bcf'][0] < 0.5)}",
              f"- ten rounds in one folder ({rnd['ten_files']:,} files) under 5 s: {rnd['ten'][0]:.2f} s — {verdict(rnd['ten'][0] < 5)}",
              f"- the round's memory flat in the number of files: peak {rnd['bcf_kib'] / 1024:.0f} MiB for {rnd['files']} files, {rnd['ten_kib'] / 1024:.0f} MiB for {rnd['ten_files']:,} — {verdict(rnd['ten_kib'] <= rnd['bcf_kib'] * 1.25)}",
              f"- pre-filling all {editions['prefill']['areas']} areas under 0.15 s: {editions['prefill']['bcf'][0]:.2f} s (openpyxl {editions['prefill']['openpyxl'][0]:.1f} s) — {verdict(editions['prefill']['bcf'][0] < 0.15)}", ""]
    lines += NOTE.splitlines() + [""] + CHECK_NOTE.splitlines() + [""]
    path = os.path.join(ROOT, "Docs", "BENCHMARKS.md")
    open(path, "w").write("\n".join(lines))
    print("wrote", path)

main()
