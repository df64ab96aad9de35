#!/usr/bin/env python3
"""Edit a workbook with openpyxl, as a submitter's other program might: the tests use it to make
workbooks with shifted layouts, wrong answers and missing properties.

Usage: edit_with_openpyxl.py IN.xlsx OUT.xlsx OPERATION...
Operations: set:SHEET!CELL=TEXT   number:SHEET!CELL=NUMBER   insert-row:SHEET!ROW
            rename:OLD=NEW        drop-custom-properties
"""
import sys

import openpyxl


def split_place(text):
    sheet, rest = text.rsplit("!", 1)
    return sheet, rest


def main():
    source, out, *operations = sys.argv[1:]
    workbook = openpyxl.load_workbook(source)
    for operation in operations:
        kind, _, argument = operation.partition(":")
        if kind in ("set", "number"):
            place, _, value = argument.partition("=")
            sheet, cell = split_place(place)
            workbook[sheet][cell].value = float(value) if kind == "number" else value
        elif kind == "insert-row":
            sheet, row = split_place(argument)
            workbook[sheet].insert_rows(int(row))
        elif kind == "rename":
            old, _, new = argument.partition("=")
            workbook[old].title = new
        elif kind == "drop-custom-properties":
            for name in list(workbook.custom_doc_props.names):
                del workbook.custom_doc_props[name]
        else:
            raise SystemExit(f"unknown operation {operation}")
    workbook.save(out)


if __name__ == "__main__":
    main()
