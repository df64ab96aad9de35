#!/usr/bin/env python3
"""Fill a pre-filled planning workbook as a council would, with openpyxl: every empty input (yellow) cell
that is required, and nothing else. The pre-populated (locked) cells are read, never written: the schemes
spend exactly the income the workbook was pre-filled with, the minimum-spend lines are met, and the
metric plans follow the baselines the national team wrote. The tests use it to prove that a return
made from `bcf prefill` can pass `bcf check`.

Usage: fill_prefilled_return.py BCF_BINARY EDITION PREFILLED.xlsx OUT.xlsx
EDITION: planning-2017-19 or planning-2019-20.
"""
import datetime
import json
import math
import subprocess
import sys

import openpyxl

SOURCES = {"income.dfg": "Disabled Facilities Grant", "income.ccgMinimum": "Minimum CCG Contribution",
           "income.ibcf": "iBCF", "income.winterPressures": "Winter Pressures Grant"}
YEARS = {"planning-2017-19": ["2017-18", "2018-19"], "planning-2019-20": ["2019-20"]}


def main():
    bcf, edition, source, out = sys.argv[1:5]
    listing = subprocess.run([bcf, "fields", edition, "--format", "jsonl"], check=True, capture_output=True, text=True).stdout
    index = {entry["path"]: entry for entry in map(json.loads, listing.splitlines())}
    workbook = openpyxl.load_workbook(source)
    years = YEARS[edition]

    def cell(path, row=0):
        entry = index[path]
        address = f'{entry["column"]}{entry["firstRow"] + row}' if "table" in entry else entry["cell"]
        return workbook[entry["sheet"]][address]

    def get(path, row=0):
        return cell(path, row).value

    def put(path, value, row=0):
        entry = index[path]
        if entry["role"] != "input":
            raise SystemExit(f"{path} is {entry['role']}: a council cannot write it")
        cell(path, row).value = value

    # The income the national team pre-filled, per source and year.
    income = {}
    for table, answer in SOURCES.items():
        if f"{table}[]" + "." + years[0] not in index:
            continue
        rows = index[f"{table}[].{years[0]}"]["rows"]
        income[answer] = [round(sum(get(f"{table}[].{year}", row) or 0 for row in range(rows)), 2) for year in years]
    minimum = {key: [get(f"expenditure.requiredSpend.{key}.{year}.minimum") for year in years] for key in ("adultSocialCare", "nhsOutOfHospital")}

    # Every required single cell still empty, by its type; numbers are set below from the baselines.
    for path, entry in index.items():
        if entry["role"] != "input" or entry["required"] != "yes" or "table" in entry or get(path) is not None:
            continue
        if entry["type"] == "yesNo":
            put(path, "Yes")
        elif entry["type"] == "choice":
            put(path, "Mature" if path.endswith(".planned") else "Established")
        elif entry["type"] == "date":
            put(path, datetime.date(2019, 9, 27))
        elif entry["type"] == "text":
            put(path, "bcf.lead@council.example" if path.endswith("email") else "As set out in the narrative plan.")

    # Schemes: each source spent in full; the CCG minimum covers the social care minimum and the rest
    # goes to NHS-commissioned out-of-hospital services, well above their minimum.
    ccg = income["Minimum CCG Contribution"]
    social_care = [round(minimum["adultSocialCare"][i] * 1.01, 2) for i in range(len(years))]
    schemes = [("Protecting adult social care", "Residential Placements", "Social Care", "Local Authority", "Local Authority",
                "Minimum CCG Contribution", social_care),
               ("Community neighbourhood teams", "Community Based Schemes", "Community Health", "CCG", "NHS Community Provider",
                "Minimum CCG Contribution", [round(ccg[i] - social_care[i], 2) for i in range(len(years))])]
    for answer, amounts in income.items():
        if answer != "Minimum CCG Contribution":
            schemes.append((f"Spending the {answer}", "Home Care or Domiciliary Care", "Social Care", "Local Authority", "Private Sector", answer, amounts))
    for row, (name, kind, area, commissioner, provider, answer, amounts) in enumerate(schemes):
        put("expenditure.schemes[].schemeId", str(row + 1), row)
        put("expenditure.schemes[].name", name, row)
        if "expenditure.schemes[].description" in index:
            put("expenditure.schemes[].description", f"{name}, as in the narrative plan.", row)
        put("expenditure.schemes[].schemeType", kind, row)
        put("expenditure.schemes[].areaOfSpend", area, row)
        put("expenditure.schemes[].commissioner", commissioner, row)
        put("expenditure.schemes[].provider", provider, row)
        put("expenditure.schemes[].sourceOfFunding", answer, row)
        for year, amount in zip(years, amounts):
            put(f"expenditure.schemes[].expenditure.{year}", amount, row)
        put("expenditure.schemes[].newOrExisting", "Existing", row)

    # Metric plans from the pre-filled baselines.
    base = "2016-17" if edition == "planning-2017-19" else "2018-19"
    for year in years:
        put(f"metrics.residentialAdmissions.numerator.{year}", math.floor(get(f"metrics.residentialAdmissions.numerator.{base}") * 0.98))
        put(f"metrics.reablement.numerator.{year}", get(f"metrics.reablement.numerator.{base}"))
        put(f"metrics.reablement.denominator.{year}", get(f"metrics.reablement.denominator.{base}"))
    if edition == "planning-2017-19":
        # The expectation the guidance sets from each baseline; the plan meets it.
        rules = {"nhs": lambda b: b if b < 5.5 else (5.5 if b <= 7.9 else b * 0.7),
                 "socialCare": lambda b: b if b < 2.6 else (2.6 if b <= 4.3 else b * 0.6),
                 "joint": lambda b: b}
        for key, expectation in rules.items():
            put(f"metrics.delayedTransfers.{key}.plan", math.floor(expectation(get(f"metrics.delayedTransfers.{key}.baseline")) * 100) / 100)
    workbook.save(out)


if __name__ == "__main__":
    main()
