#!/usr/bin/env python3
"""The peer for `bcf prefill`: openpyxl doing the same fill, as a one-off script would: for each area,
load the template, set the same cells (found through `bcf fields --format jsonl`), save.

Usage: openpyxl_prefill.py TEMPLATE.xlsx FIELDS.jsonl ALLOCATIONS.csv OUTDIR
"""
import csv
import json
import os
import sys

import openpyxl

ITEMS = {  # the prefill section of Templates/planning-2017-19.yaml
    "ccg_minimum": ("table", "income.ccgMinimum", "ccg"),
    "dfg": ("table", "income.dfg", "localAuthority"),
    "ibcf": ("table", "income.ibcf", "localAuthority"),
    "nhs_out_of_hospital_minimum": ("field", "expenditure.requiredSpend.nhsOutOfHospital.{year}.minimum", None),
    "adult_social_care_minimum": ("field", "expenditure.requiredSpend.adultSocialCare.{year}.minimum", None),
}
YEARS = ["2017-18", "2018-19"]


def main():
    template, fields_path, allocations, outdir = sys.argv[1:5]
    fields = {}
    with open(fields_path) as handle:
        for line in handle:
            entry = json.loads(line)
            fields[entry["path"]] = entry
    areas = {}
    with open(allocations, encoding="utf-8") as handle:
        rows = csv.DictReader(line for line in handle if not line.startswith("#"))
        for row in rows:
            areas.setdefault((row["hwb_code"], row["hwb_name"]), []).append(row)
    os.makedirs(outdir, exist_ok=True)
    for (code, name), rows in areas.items():
        workbook = openpyxl.load_workbook(template)
        cover = fields["cover.healthAndWellbeingBoard"]
        workbook[cover["sheet"]][cover["cell"]].value = name
        counts = {}
        for row in rows:
            kind, path, body = ITEMS[row["item"]]
            if kind == "table":
                index = counts.get(path, 0)
                counts[path] = index + 1
                entry = fields[f"{path}[].{body}"]
                workbook[entry["sheet"]][f'{entry["column"]}{entry["firstRow"] + index}'].value = row["body_name"]
                for year in YEARS:
                    entry = fields[f"{path}[].{year}"]
                    workbook[entry["sheet"]][f'{entry["column"]}{entry["firstRow"] + index}'].value = float(row[year])
            else:
                for year in YEARS:
                    entry = fields[path.replace("{year}", year)]
                    workbook[entry["sheet"]][entry["cell"]].value = float(row[year])
        workbook.save(os.path.join(outdir, f"{code} {name}.xlsx"))


if __name__ == "__main__":
    main()
