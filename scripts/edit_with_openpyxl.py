#!/usr/bin/env python3
"""Edit a workbook with openpyxl, as a submitter's other program might: the tests use it to make
workbooks with shifted layouts, wrong answers and missing properties, and
scripts/fixtures/make_rule_fixtures.py to make a workbook per rule of `bcf check`.

Usage: edit_with_openpyxl.py IN.xlsx OUT.xlsx OPERATION...
Operations: set:SHEET!CELL=TEXT   number:SHEET!CELL=NUMBER   date:SHEET!CELL=YYYY-MM-DD
            clear:SHEET!CELL      clear:SHEET!FIRST:LAST (a range)
            fill:SHEET!FIRST:LAST=NUMBER (every cell of the range)
            insert-row:SHEET!ROW  rename:OLD=NEW        drop-custom-properties
            insert-rows:SHEET!ROW=COUNT   insert-column:SHEET!COLUMN (a letter)
            insert-rows-following:SHEET!ROW=COUNT (as a spreadsheet program inserts rows: every formula's
                                 references to the moved cells follow them)
            move-sheet:NAME=OFFSET (tabs to the right; negative to the left)   add-sheet:NAME
"""
import datetime
import re
import sys

import openpyxl
import openpyxl.utils


def split_place(text):
    sheet, rest = text.rsplit("!", 1)
    return sheet, rest


REFERENCE = re.compile(r"(?<![A-Za-z0-9_.$'!])('(?:[^']|'')+'!|[A-Za-z_][A-Za-z0-9_.]*!)?(\$?[A-Z]{1,3})(\$?)([0-9]+)(?![A-Za-z0-9_(])")


def follow_inserted_rows(workbook, sheet_name, first_row, count):
    """Moves every formula reference to a cell of sheet_name at or below first_row down by count rows,
    outside string literals, as Excel and LibreOffice do when rows are inserted."""
    def shift(formula, formula_sheet):
        parts = formula.split('"')
        for index in range(0, len(parts), 2):
            def moved(match):
                prefix, column, dollar, row = match.groups()
                target = prefix[:-1].strip("'").replace("''", "'") if prefix else formula_sheet
                if target != sheet_name or int(row) < first_row:
                    return match.group(0)
                return f"{prefix or ''}{column}{dollar}{int(row) + count}"
            parts[index] = REFERENCE.sub(moved, parts[index])
        return '"'.join(parts)

    for worksheet in workbook.worksheets:
        for row in worksheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    cell.value = shift(cell.value, worksheet.title)


def apply(workbook, operations):
    """Applies the operations, in order, to an open openpyxl workbook."""
    for operation in operations:
        kind, _, argument = operation.partition(":")
        if kind in ("set", "number", "date"):
            place, _, value = argument.partition("=")
            sheet, cell = split_place(place)
            if kind == "number":
                value = float(value)
            elif kind == "date":
                value = datetime.datetime.combine(datetime.date.fromisoformat(value), datetime.time())
            workbook[sheet][cell].value = value
        elif kind == "clear":
            sheet, cells = split_place(argument)
            target = workbook[sheet][cells]
            if not isinstance(target, tuple):
                target = ((target,),)
            for row in target:
                for cell in row if isinstance(row, tuple) else (row,):
                    cell.value = None
        elif kind == "fill":
            place, _, value = argument.partition("=")
            sheet, cells = split_place(place)
            worksheet = workbook[sheet]
            first, last = openpyxl.utils.cell.range_boundaries(cells)[:2], openpyxl.utils.cell.range_boundaries(cells)[2:]
            for row in range(first[1], last[1] + 1):
                for column in range(first[0], last[0] + 1):
                    worksheet.cell(row=row, column=column, value=float(value))
        elif kind == "insert-row":
            sheet, row = split_place(argument)
            workbook[sheet].insert_rows(int(row))
        elif kind == "insert-rows":
            place, _, count = argument.partition("=")
            sheet, row = split_place(place)
            workbook[sheet].insert_rows(int(row), int(count))
        elif kind == "insert-rows-following":
            place, _, count = argument.partition("=")
            sheet, row = split_place(place)
            workbook[sheet].insert_rows(int(row), int(count))
            follow_inserted_rows(workbook, sheet, int(row), int(count))
        elif kind == "insert-column":
            sheet, column = split_place(argument)
            workbook[sheet].insert_cols(openpyxl.utils.column_index_from_string(column))
        elif kind == "move-sheet":
            name, _, offset = argument.partition("=")
            workbook.move_sheet(workbook[name], int(offset))
        elif kind == "add-sheet":
            workbook.create_sheet(argument)
        elif kind == "rename":
            old, _, new = argument.partition("=")
            workbook[old].title = new
        elif kind == "drop-custom-properties":
            for name in list(workbook.custom_doc_props.names):
                del workbook.custom_doc_props[name]
        else:
            raise SystemExit(f"unknown operation {operation}")


def main():
    source, out, *operations = sys.argv[1:]
    workbook = openpyxl.load_workbook(source)
    apply(workbook, operations)
    workbook.save(out)


if __name__ == "__main__":
    main()
