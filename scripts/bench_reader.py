"""The reader section of the benchmark (issue 18): every cell of a 200,000 x 10 sheet and of a
1,000,000 x 10 one, bcf beside fastexcel (calamine), python-calamine and plain decompression (`unzip -p`)
from the same run, with the targets judged on those figures. Used by scripts/benchmark.py, whole
(`bash scripts/benchmark.sh`) or alone (`bash scripts/benchmark.sh --reader`); it writes its section of
Docs/BENCHMARKS.md between the markers below, leaving the rest of the page as it is.
"""
import os, re

BEGIN = "<!-- reader section: written by scripts/bench_reader.py -->"
END = "<!-- end of reader section -->"

def sizes(quick):
    return [20_000, 100_000] if quick else [200_000, 1_000_000]

def run(root, work, bcf, py, hyperfine, peak_kib, sh, quick, only):
    """Measures and returns the section's lines."""
    rows = sizes(quick)
    # The machine may be shared: the load around the run says how far the absolute times can be trusted.
    start_load = os.getloadavg()[0]
    print(sh(f"{py} {root}/scripts/bench_inputs.py {work} " + " ".join(map(str, rows))))
    readers = [
        ("bcf", lambda p: f"{bcf} cells {p} --summary"),
        ("fastexcel (calamine)", lambda p: f"{py} {root}/scripts/peers/fastexcel_read.py {p}"),
        ("python-calamine", lambda p: f"{py} {root}/scripts/peers/calamine_read.py {p}"),
        ("unzip -p (inflate only)", lambda p: f"unzip -p {p}"),
    ]
    times, memory = {}, {}
    for n in rows:
        path = os.path.join(work, f"large-{n}.xlsx")
        for name, command in readers:
            times[(n, name)] = hyperfine(command(path), 5 if n <= 200_000 else 3)
            memory[(n, name)] = peak_kib(command(path))
            print(f"reader {n:,} rows | {name}: {times[(n, name)][0]:.3f} s, {memory[(n, name)] / 1024:.1f} MiB", flush=True)
    cpu = sh("lscpu | grep -m1 'Model name' | cut -d: -f2").strip()
    os_name = sh(". /etc/os-release && echo $PRETTY_NAME")
    swift = sh("swift --version 2>&1 | head -1")
    machine = (f"{cpu}, {os.cpu_count()} cores, {os_name}; bcf {swift}, release build; "
               f"load average (1 minute) {start_load:.1f} at the start of the run, {os.getloadavg()[0]:.1f} at its end")
    lines = [BEGIN, "## Reading every cell of a large sheet", "",
             f"Machine: {machine}. Command: `bash scripts/benchmark.sh{' --reader' if only else ''}{' --quick' if quick else ''}`.", "",
             "`bcf cells FILE --summary` (reads and types every cell, prints a count per type) against fastexcel and",
             "python-calamine loading the whole sheet, and `unzip -p` inflating the sheet's part alone; inputs from",
             "`scripts/bench_inputs.py` (10 columns of integers, money, shared strings, dates, booleans, formulas with",
             "cached values). Whole commands from hyperfine (mean of 5 runs, 3 for a million rows); memory is peak",
             "resident set size.", "",
             "| rows x 10 columns | reader | mean (s) | ± (s) | bcf ÷ reader | peak memory (MiB) |", "|---|---|---|---|---|---|"]
    for n in rows:
        ours = times[(n, "bcf")][0]
        for name, _ in readers:
            mean, sd = times[(n, name)]
            lines.append(f"| {n:,} | {name} | {mean:.3f} | {sd:.3f} | {ours / mean:.2f} | {memory[(n, name)] / 1024:.1f} |")
    small, large = rows
    fe = times[(small, "bcf")][0] / times[(small, "fastexcel (calamine)")][0]
    unzip = times[(small, "bcf")][0] / times[(small, "unzip -p (inflate only)")][0]
    mib = [memory[(n, "bcf")] / 1024 for n in rows]
    def verdict(ok): return "met" if ok else "**not met**"
    lines += ["", f"Targets, on {small:,} rows:",
              f"- at most 0.6x fastexcel's time: {fe:.2f}x — {verdict(fe <= 0.6)}",
              f"- at most 1.5x `unzip -p` of the same part: {unzip:.2f}x — {verdict(unzip <= 1.5)}",
              f"- peak memory under 40 MiB and flat in the number of rows: {mib[0]:.1f} MiB at {small:,} rows, "
              f"{mib[1]:.1f} MiB at {large:,} — {verdict(max(mib) < 40 and mib[1] <= mib[0] * 1.25)}",
              f"- the curve: {large // small}x the rows take bcf {times[(large, 'bcf')][0] / times[(small, 'bcf')][0]:.1f}x the time "
              f"(fastexcel {times[(large, 'fastexcel (calamine)')][0] / times[(small, 'fastexcel (calamine)')][0]:.1f}x, "
              f"`unzip -p` {times[(large, 'unzip -p (inflate only)')][0] / times[(small, 'unzip -p (inflate only)')][0]:.1f}x)",
              END]
    return lines

def place(text, section):
    """The page with the section put between its markers, or after the page when it has none yet."""
    block = "\n".join(section)
    pattern = re.compile(re.escape(BEGIN) + ".*?" + re.escape(END), re.S)
    if pattern.search(text):
        return pattern.sub(lambda _: block, text)
    return text.rstrip("\n") + "\n\n" + block + "\n"
