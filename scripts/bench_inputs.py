#!/usr/bin/env python3
"""Writes the reader benchmark's inputs (standard library only): a large sheet of N rows x 10 columns of
mixed values (integers, money, shared strings, dates, booleans, formulas with cached values), two one-cell
workbooks (the cell at A1 and at XFD1048576), and a template-like workbook (10 sheets of labelled money
cells, percentages and totals). Usage: bench_inputs.py OUTDIR ROWS [ROWS...]
"""
import os, random, sys, zipfile

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

def package(path, sheets, strings):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        overrides = "".join(f'<Override PartName="/xl/worksheets/sheet{i+1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' for i in range(len(sheets)))
        z.writestr("[Content_Types].xml", f'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>{overrides}</Types>')
        z.writestr("_rels/.rels", '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
        sheet_list = "".join(f'<sheet name="{name}" sheetId="{i+1}" r:id="rId{i+1}"/>' for i, (name, _) in enumerate(sheets))
        z.writestr("xl/workbook.xml", f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets>{sheet_list}</sheets><definedNames><definedName name="Total">\'{sheets[0][0]}\'!$C$5</definedName></definedNames></workbook>')
        rels = "".join(f'<Relationship Id="rId{i+1}" Type="{REL}/worksheet" Target="worksheets/sheet{i+1}.xml"/>' for i in range(len(sheets)))
        z.writestr("xl/_rels/workbook.xml.rels", f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}<Relationship Id="rIdS" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rIdT" Type="{REL}/styles" Target="styles.xml"/></Relationships>')
        z.writestr("xl/styles.xml", f'<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="{MAIN}"><numFmts count="1"><numFmt numFmtId="164" formatCode="&quot;£&quot;#,##0.00"/></numFmts><fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="10" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs></styleSheet>')
        items = "".join(f"<si><t>{s}</t></si>" for s in strings)
        z.writestr("xl/sharedStrings.xml", f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN}" count="{len(strings)}" uniqueCount="{len(strings)}">{items}</sst>')
        for i, (_, xml) in enumerate(sheets):
            z.writestr(f"xl/worksheets/sheet{i+1}.xml", f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{MAIN}" xmlns:r="{REL}">{xml}</worksheet>')

def col(c):
    name = ""
    while c:
        c, r = divmod(c - 1, 26)
        name = chr(65 + r) + name
    return name

def large(path, rows):
    rnd = random.Random(rows)
    strings = [f"Scheme {i}" for i in range(5000)]
    parts = [f'<dimension ref="A1:J{rows}"/><sheetData>']
    for r in range(1, rows + 1):
        cells = []
        for c in range(1, 11):
            ref = f"{col(c)}{r}"
            k = c % 10
            if k in (1, 6):
                cells.append(f'<c r="{ref}"><v>{rnd.randrange(1_000_000)}</v></c>')
            elif k in (2, 7):
                cells.append(f'<c r="{ref}" s="2"><v>{rnd.randrange(100_000_000) / 100}</v></c>')
            elif k in (3, 8):
                cells.append(f'<c r="{ref}" t="s"><v>{rnd.randrange(len(strings))}</v></c>')
            elif k == 4:
                cells.append(f'<c r="{ref}" s="1"><v>{42000 + rnd.randrange(3000)}</v></c>')
            elif k == 5:
                cells.append(f'<c r="{ref}" t="b"><v>{rnd.randrange(2)}</v></c>')
            elif k == 9:
                cells.append(f'<c r="{ref}"><f>A{r}+F{r}</f><v>{rnd.randrange(2_000_000)}</v></c>')
            else:
                cells.append(f'<c r="{ref}" s="3"><v>{rnd.random():.6f}</v></c>')
        parts.append(f'<row r="{r}">' + "".join(cells) + "</row>")
    parts.append("</sheetData>")
    xml = "".join(parts)
    package(path, [("Data", xml)], strings)
    return len(xml)

def one_cell(path, ref):
    row = "".join(ch for ch in ref if ch.isdigit())
    package(path, [("Sheet1", f'<dimension ref="{ref}"/><sheetData><row r="{row}"><c r="{ref}"><v>1</v></c></row></sheetData>')], ["unused"])

def template_like(path):
    strings = []
    def s(text):
        strings.append(text)
        return len(strings) - 1
    sheets = []
    for n in range(1, 11):
        parts = ["<sheetData>"]
        parts.append(f'<row r="1"><c r="B1" t="s"><v>{s(f"{n}. Section {n} of the plan")}</v></c></row>')
        for r in range(3, 63):
            parts.append(f'<row r="{r}"><c r="B{r}" t="s"><v>{s(f"Line {r} label for section {n}")}</v></c>'
                         f'<c r="C{r}" s="2"><v>{(r * 1234567 + n) / 100}</v></c><c r="D{r}" s="2"><v>{(r * 7654321 + n) / 100}</v></c>'
                         f'<c r="E{r}" s="3"><v>{r / 100}</v></c><c r="F{r}" s="2"><f>C{r}+D{r}</f><v>{((r * 1234567 + n) + (r * 7654321 + n)) / 100}</v></c></row>')
        parts.append('<row r="64"><c r="C64" s="2"><f>SUM(C3:C63)</f><v>0</v></c></row></sheetData><mergeCells count="1"><mergeCell ref="B1:F1"/></mergeCells>'
                     '<dataValidations count="1"><dataValidation type="list" sqref="G3:G63"><formula1>"Yes,No"</formula1></dataValidation></dataValidations>')
        sheets.append((f"{n}. Section", "".join(parts)))
    package(path, sheets, strings)

def main():
    out, sizes = sys.argv[1], [int(a) for a in sys.argv[2:]]
    os.makedirs(out, exist_ok=True)
    for rows in sizes:
        size = large(os.path.join(out, f"large-{rows}.xlsx"), rows)
        print(f"large-{rows}.xlsx: {size / 1e6:.1f} MB of sheet XML")
    one_cell(os.path.join(out, "cell-A1.xlsx"), "A1")
    one_cell(os.path.join(out, "cell-XFD1048576.xlsx"), "XFD1048576")
    template_like(os.path.join(out, "template-like.xlsx"))

main()
