#!/usr/bin/env python3
"""Compares `bcf cells` with the two peer readers on the shared conformance corpus.

Wherever openpyxl and calamine agree on a cell (both report the same value, or neither reports one),
bcf must agree too. Prints a summary and the first disagreements; exit 1 when there are any.
Usage: scripts/conformance.py [--bcf PATH] [--shared DIR] [--show N] [FILE-SUBSTRING]
"""
import argparse, gzip, json, math, os, subprocess, sys
from collections import defaultdict

def load(path):
    cells = defaultdict(dict)
    with gzip.open(path, "rt") as f:
        for line in f:
            r = json.loads(line)
            cells[r["file"]][(r["sheet"], r["ref"])] = r
    return cells

def norm(c):
    if c is None:
        return None
    t, v = c["type"], c.get("value")
    if t == "s" and v == "":
        return None
    if t == "d":
        return ("d", round(c["serial"], 6))
    if t == "n":
        return ("n", float(v))
    return (t, v)

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bcf", default=".build/debug/bcf")
    ap.add_argument("--shared", default=os.environ.get("BCF_SHARED", "../shared"))
    ap.add_argument("--show", type=int, default=40)
    ap.add_argument("only", nargs="?")
    a = ap.parse_args()
    conf = os.path.join(a.shared, "conformance")
    opx = load(os.path.join(conf, "truth-openpyxl.jsonl.gz"))
    cal = load(os.path.join(conf, "truth-calamine.jsonl.gz"))
    files = sorted(f for f in os.listdir(os.path.join(conf, "xlsx")))
    agree = bad = 0
    shown = 0
    failed_files = []
    for name in files:
        key = "xlsx/" + name
        if a.only and a.only not in name:
            continue
        p = subprocess.run([a.bcf, "cells", os.path.join(conf, key)], capture_output=True, text=True)
        if p.returncode != 0:
            failed_files.append((name, p.returncode, p.stderr.strip()[:200]))
            continue
        ours = {}
        for line in p.stdout.splitlines():
            r = json.loads(line)
            if r["type"] is None:
                continue
            if r["type"] == "d":
                r["serial"] = r.get("serial")
            ours[(r["sheet"], r["ref"])] = r
        o, c = opx.get(key, {}), cal.get(key, {})
        for k in set(o) | set(c) | set(ours):
            no, nc = norm(o.get(k)), norm(c.get(k))
            if no != nc:
                continue
            mine = ours.get(k)
            if mine is not None and mine["type"] == "d":
                mine = dict(mine, serial=None)
                nm = ("d", mine["value"])
                peer = o.get(k) or c.get(k)
                if no is not None and no[0] == "d":
                    # compare ISO text at second resolution
                    pv = peer["value"]
                    ok = pv[:19] == mine["value"][:19] or (len(pv) <= 10 and mine["value"].startswith(pv) and mine["value"].endswith("00:00:00")) or (len(pv) == 8 and mine["value"].endswith(pv))
                    if ok:
                        agree += 1
                        continue
            else:
                nm = norm(mine)
            if nm == no:
                agree += 1
                continue
            bad += 1
            if shown < a.show:
                shown += 1
                print(f"{name}!{k[0]}!{k[1]}: peers {o.get(k) or c.get(k)} / bcf {ours.get(k)}")
    for f in failed_files:
        print("FAILED TO READ", f)
    print(f"agree {agree}, disagree {bad}, unreadable {len(failed_files)}")
    return 1 if bad or failed_files else 0

sys.exit(main())
