#!/usr/bin/env python3
"""The peer for reading a BCF workbook: openpyxl loads it (cached values) and reads the cells of every
field and table column that `bcf fields` lists, as a one-off analyst script would. With REPEAT, reads it
that many times and prints the mean time per read in milliseconds on standard error.

Usage: openpyxl_read_fields.py WORKBOOK FIELDS.jsonl [REPEAT]
"""
import json
import sys
import time

import openpyxl


def read(path, fields):
    workbook = openpyxl.load_workbook(path, data_only=True)
    values = {}
    for entry in fields:
        sheet = workbook[entry["sheet"]]
        if "table" in entry:
            rows = []
            for row in range(entry["firstRow"], entry["firstRow"] + entry["rows"]):
                rows.append(sheet[f'{entry["column"]}{row}'].value)
            values[entry["path"]] = rows
        else:
            values[entry["path"]] = sheet[entry["cell"]].value
    return values


def main():
    path, fields_path = sys.argv[1:3]
    repeat = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    with open(fields_path) as handle:
        fields = [json.loads(line) for line in handle if line.strip()]
    start = time.perf_counter()
    for _ in range(repeat):
        values = read(path, fields)
    mean = (time.perf_counter() - start) / repeat * 1000
    if repeat > 1:
        print(f"read {repeat} times: mean {mean:.3f} ms per read ({len(values)} fields)", file=sys.stderr)


if __name__ == "__main__":
    main()
