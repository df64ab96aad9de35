#!/usr/bin/env python3
"""Read back an annotated copy with openpyxl, as another program would: its notes (cell comments), the
ranges its conditional formats cover and which sheets are protected; with the original workbook as a
second argument, also the parts whose uncompressed bytes differ from the original's and the parts
added. The tests use it to prove the notes are there and that nothing else changed.

Usage: read_annotations.py ANNOTATED.xlsx [ORIGINAL.xlsx]   (prints JSON)
"""
import json
import sys
import zipfile

import openpyxl


def main():
    workbook = openpyxl.load_workbook(sys.argv[1])
    result = {"comments": {}, "formatted": {}, "protected": []}
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.comment is not None:
                    result["comments"][f"{sheet.title}!{cell.coordinate}"] = cell.comment.text
        result["formatted"][sheet.title] = [str(cf.sqref) for cf in sheet.conditional_formatting]
        if sheet.protection.sheet:
            result["protected"].append(sheet.title)
    if len(sys.argv) > 2:
        with zipfile.ZipFile(sys.argv[1]) as annotated, zipfile.ZipFile(sys.argv[2]) as original:
            before = {info.filename: original.read(info) for info in original.infolist()}
            after = {info.filename: annotated.read(info) for info in annotated.infolist()}
        result["changed"] = sorted(name for name in before if name in after and after[name] != before[name])
        result["added"] = sorted(name for name in after if name not in before)
        result["removed"] = sorted(name for name in before if name not in after)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
