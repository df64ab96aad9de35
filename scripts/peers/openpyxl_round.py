#!/usr/bin/env python3
"""The peer for `bcf round`: what a one-off Python script does with the same round: open every workbook
with openpyxl, read every field of the planning definition (from `bcf fields --format jsonl`), and store
the values in a SQLite database, skipping files that cannot be opened. It checks nothing, so it does
less work than `bcf round`.

Usage: openpyxl_round.py FOLDER FIELDS.jsonl OUT.sqlite
"""
import json
import os
import sqlite3
import sys

import openpyxl


def main():
    folder, fields_path, out = sys.argv[1:4]
    with open(fields_path) as handle:
        fields = [json.loads(line) for line in handle if line.strip()]
    if os.path.exists(out):
        os.remove(out)
    db = sqlite3.connect(out)
    db.execute("create table cell_values (file text, path text, row integer, value text)")
    for root, _, files in os.walk(folder):
        for name in sorted(files):
            if name.startswith("."):
                continue
            path = os.path.join(root, name)
            try:
                workbook = openpyxl.load_workbook(path, data_only=True)
            except Exception:
                continue
            # A name that is not UTF-8 (one of the generated round's files) is kept, its odd bytes replaced.
            label = os.fsencode(path).decode("utf-8", errors="replace")
            rows = []
            for entry in fields:
                if entry["sheet"] not in workbook.sheetnames:
                    continue
                sheet = workbook[entry["sheet"]]
                if "table" in entry:
                    for offset in range(entry["rows"]):
                        value = sheet[f'{entry["column"]}{entry["firstRow"] + offset}'].value
                        if value is not None:
                            rows.append((label, entry["path"], offset, str(value)))
                else:
                    value = sheet[entry["cell"]].value
                    if value is not None:
                        rows.append((label, entry["path"], None, str(value)))
            db.executemany("insert into cell_values values (?, ?, ?, ?)", rows)
    db.commit()
    db.close()


if __name__ == "__main__":
    main()
