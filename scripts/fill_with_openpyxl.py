#!/usr/bin/env python3
"""Fill a template workbook with openpyxl, as another program would: the tests use it to prove that
`bcf read` reads workbooks this project did not write.

Usage: fill_with_openpyxl.py TEMPLATE.xlsx VALUES.json OUT.xlsx
VALUES.json is a list of {"sheet", "cell", "type", "value"}; type is a field type of the definition
(text, money, integer, number, percent, date, yesNo, choice). openpyxl keeps formulas but drops their
cached results, so the spreadsheet program must compute them.
"""
import datetime
import json
import sys
from decimal import Decimal

import openpyxl


def main():
    template, values_path, out = sys.argv[1:4]
    workbook = openpyxl.load_workbook(template)
    with open(values_path, encoding="utf-8") as handle:
        values = json.load(handle, parse_float=Decimal)
    for entry in values:
        sheet = workbook[entry["sheet"]]
        kind, value = entry["type"], entry["value"]
        if kind in ("money", "number", "percent"):
            value = float(Decimal(str(value)))
        elif kind == "integer":
            value = int(value)
        elif kind == "date":
            value = datetime.date.fromisoformat(value)
        sheet[entry["cell"]].value = value
    workbook.save(out)


if __name__ == "__main__":
    main()
