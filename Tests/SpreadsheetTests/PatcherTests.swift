import Foundation
import Spreadsheet
import Testing

/// The patcher sets cells of an existing workbook and keeps everything else: every part it does not
/// need to change is byte-identical (compressed bytes included), other programs load the result, and
/// LibreOffice recalculates formulas that depend on patched cells.
@Suite struct PatcherTests {
    // MARK: - A workbook with every feature, built by the project's writer

    /// Builds the feature-rich template and returns its path.
    static func richTemplate(in folder: ScratchFolder) throws -> String {
        let path = folder.path + "/template.xlsx"
        let writer = try WorkbookWriter(path: path)
        let sheet = try writer.addWorksheet(named: "Input")
        let lists = try writer.addWorksheet(named: "Lists")
        try lists.write("Yes", at: .at("A1"))
        try lists.write("No", at: .at("A2"))
        try lists.hide()
        let heading = CellStyle(fillColor: CellStyle.Color(rgb: 0x1F4E78), fontColor: .white, bold: true)
        let input = CellStyle(fillColor: CellStyle.Color(rgb: 0xFFFF99), thinBorder: true, numberFormat: "#,##0.00", locked: false)
        let text = CellStyle(fillColor: CellStyle.Color(rgb: 0xFFFF99), locked: false)
        let computed = CellStyle(fillColor: CellStyle.Color(rgb: 0xF2F2F2), numberFormat: "#,##0.00")
        try sheet.write("Scheme", at: .at("A1"), style: heading)
        try sheet.write("Old name", at: .at("A2"), style: text)
        try sheet.write("Old note", at: .at("A3"), style: text)
        try sheet.write(1500.25, at: .at("B2"), style: input)
        try sheet.write(250, at: .at("B3"), style: input)
        try sheet.writeBlank(at: .at("B4"), style: text, dateStyle: .date)
        try sheet.writeFormula("=B2+B3", cachedResult: 1750.25, at: .at("B5"), style: computed)
        try sheet.writeFormula("=B5*2", cachedResult: 3500.5, at: .at("B6"), style: computed)
        try sheet.writeFormula("=B2*10", cachedResult: 15002.5, at: .at("C2"), style: computed)
        try sheet.writeFormula("=C2+1", cachedResult: 15003.5, at: .at("D2"), style: computed)
        try sheet.write("Row eight", at: .at("A8"))
        try sheet.write("Last row", at: .at("A10"))
        try sheet.addValidation(DataValidation(.listSource("='Lists'!$A$1:$A$2"), inputTitle: "Answer", inputMessage: "Pick one"), at: .at("A2"))
        try sheet.addValidation(DataValidation(.decimal(.between(0, 1_000_000)), errorStyle: .warning), to: CellRange("B2:B9")!)
        try sheet.addConditionalFormat(ConditionalFormat(.blanks, style: CellStyle(fillColor: CellStyle.Color(rgb: 0xFFEB9C))), to: CellRange("B2:B9")!)
        try sheet.protect(password: "template")
        try sheet.freezePanes(at: .at("A2"))
        try sheet.writeLink(url: "https://www.england.nhs.uk/", at: .at("F1"))
        try sheet.writeLink(to: .at("A1"), in: lists, at: .at("F3"), text: "Lists")
        try sheet.addNote("Total in pounds", at: .at("D3"), author: "BCF")
        try writer.defineName("Total", refersTo: "=Input!$B$5")
        try writer.defineName("Answers", refersTo: "=Lists!$A$1:$A$2", localTo: sheet)
        try writer.close()
        return path
    }

    static let richPatches: [CellPatch] = [
        CellPatch(sheet: "Input", cell: .at("B2"), value: .number(2000)),
        CellPatch(sheet: "input", cell: .at("C2"), value: .number(7)),               // held a formula; sheet name case differs
        CellPatch(sheet: "Input", cell: .at("A2"), value: .text("New name & <co>")),
        CellPatch(sheet: "Input", cell: .at("B4"), value: .date(SpreadsheetDate(serial: 43191, system: .dates1900))),
        CellPatch(sheet: "Input", cell: .at("E2"), value: .boolean(true)),            // new cell in an existing row
        CellPatch(sheet: "Input", cell: .at("A3"), value: .blank),
        CellPatch(sheet: "Input", cell: .at("B9"), value: .number(9.5)),              // new row between rows 8 and 10
        CellPatch(sheet: "Input", cell: .at("A12"), value: .text("After the last row")),
        CellPatch(sheet: "Lists", cell: .at("A3"), value: .text("Maybe")),            // hidden sheet
    ]

    @Test func patchedCellsReadBackWithTheirStyles() throws {
        let folder = try ScratchFolder()
        defer { folder.remove() }
        let template = try Self.richTemplate(in: folder)
        let templateBytes = try Data(contentsOf: URL(fileURLWithPath: template))
        let before = try PatchSupport.cells(template, sheet: "Input")
        let output = folder.path + "/out.xlsx"
        try WorkbookPatcher(path: template).write(Self.richPatches, to: output)
        #expect(try Data(contentsOf: URL(fileURLWithPath: template)) == templateBytes, "the template must not change")

        let after = try PatchSupport.cells(output, sheet: "Input")
        #expect(after[.at("B2")]?.value == .number(2000))
        #expect(after[.at("C2")]?.value == .number(7))
        #expect(after[.at("C2")]?.formula == nil, "a patched formula cell holds the value only")
        #expect(after[.at("A2")]?.value == .text("New name & <co>"))
        #expect(after[.at("B4")]?.value == .date(SpreadsheetDate(serial: 43191, system: .dates1900)), "the date style is kept")
        #expect(after[.at("E2")]?.value == .boolean(true))
        #expect(after[.at("A3")] == nil, "blank removes the value")
        #expect(after[.at("B9")]?.value == .number(9.5))
        #expect(after[.at("A12")]?.value == .text("After the last row"))
        #expect(after[.at("A8")]?.value == .text("Row eight") && after[.at("A10")]?.value == .text("Last row"))
        #expect((after[.at("B4")]?.styleIndex ?? 0) != 0, "B4 keeps its date style")
        for reference in ["B2", "C2", "A2"] {
            #expect(after[.at(reference)]?.styleIndex == before[.at(reference)]?.styleIndex, "\(reference) keeps its style")
        }
        // Formulas keep their text and lose their stale cached results.
        #expect(after[.at("B5")]?.formula == "B2+B3" && after[.at("B5")]?.value == nil)
        #expect(after[.at("D2")]?.formula == "C2+1" && after[.at("D2")]?.value == nil)
        #expect(try PatchSupport.cells(output, sheet: "Lists")[.at("A3")]?.value == .text("Maybe"))

        let xml = try PatchSupport.part("xl/worksheets/sheet1.xml", of: output)
        let a3Style = before[.at("A3")]?.styleIndex ?? -1
        #expect(xml.contains("<c r=\"A3\" s=\"\(a3Style)\"/>"), "the blanked cell keeps its style")
        let rowOrder = xml.components(separatedBy: "<row r=\"").dropFirst().compactMap { Int($0.prefix { $0.isNumber }) }
        #expect(rowOrder == rowOrder.sorted() && rowOrder.contains(9) && rowOrder.last == 12, "\(rowOrder)")
        #expect(xml.contains("<dimension ref=\"A1:F12\"/>"), "the dimension grows to the new cells")
        let workbookXML = try PatchSupport.part("xl/workbook.xml", of: output)
        #expect(workbookXML.contains("fullCalcOnLoad=\"1\""))
    }

    @Test func untouchedPartsAreByteIdentical() throws {
        let folder = try ScratchFolder()
        defer { folder.remove() }
        let template = try Self.richTemplate(in: folder)
        let output = folder.path + "/out.xlsx"
        try WorkbookPatcher(path: template).write(Self.richPatches, to: output)
        let problems = try PatchSupport.untouchedPartsDiffer(
            template: template, output: output,
            changed: ["xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml"])
        // libxlsxwriter already writes fullCalcOnLoad="1", so even the workbook part is copied as it was.
        #expect(problems.isEmpty, "\(problems)")
        // Only the patched sheet and the workbook part change when the patch touches a sheet without formulas.
        let second = folder.path + "/out2.xlsx"
        try WorkbookPatcher(path: template).write([CellPatch(sheet: "Lists", cell: .at("B1"), value: .number(1))], to: second)
        let stillChanged = try PatchSupport.untouchedPartsDiffer(
            template: template, output: second,
            changed: ["xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml"])
        #expect(stillChanged.isEmpty, "the Input sheet has formulas, so its cached results go even when it is not patched: \(stillChanged)")
    }

    /// Each write deflates the parts it changes itself (ISA-L) and copies the others record by record:
    /// Python's zipfile checks every CRC, and names, order, times and the stored entries stay as they were.
    @Test func rewrittenPartsAreValidZipEntries() throws {
        let folder = try ScratchFolder()
        defer { folder.remove() }
        var package = TestPackage.workbook(sheets: [
            ("Input", "<sheetData><row r=\"1\"><c r=\"A1\"><v>1</v></c></row></sheetData>"),
            ("Kept", "<sheetData><row r=\"1\"><c r=\"A1\"><v>2</v></c></row></sheetData>"),
        ])
        package.add("docProps/stored.xml", "<stored/>", stored: true)
        package.replace("xl/worksheets/sheet1.xml", with: "<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\"\(TestPackage.main)\">"
            + "<sheetData>" + (1...400).map { "<row r=\"\($0)\"><c r=\"A\($0)\"><v>\($0)</v></c></row>" }.joined() + "</sheetData></worksheet>")
        let template = folder.path + "/template.xlsx"
        try package.write(to: template)
        let output = folder.path + "/out.xlsx"
        try WorkbookPatcher(path: template).write([CellPatch(sheet: "Input", cell: .at("B2"), value: .text("new"))], to: output)
        let problems = try PatchSupport.untouchedPartsDiffer(template: template, output: output, changed: ["xl/worksheets/sheet1.xml", "xl/workbook.xml"])
        #expect(problems.isEmpty, "\(problems)")
        let report = try PatchSupport.openpyxl("""
        import zipfile
        def entries(path):
            with zipfile.ZipFile(path) as z:
                return z.testzip(), [(i.filename, i.compress_type, list(i.date_time)) for i in z.infolist()]
        bad, after = entries(sys.argv[1])
        _, before = entries(sys.argv[2])
        book = openpyxl.load_workbook(sys.argv[1])
        print(json.dumps({"bad": bad, "after": after, "before": before, "b2": book["Input"]["B2"].value,
                          "a400": book["Input"]["A400"].value}))
        """, [output, template])
        #expect(report["bad"] is NSNull, "a CRC or header check failed: \(report["bad"] ?? "")")
        let before = report["before"] as? [[Any]] ?? []
        let after = report["after"] as? [[Any]] ?? []
        #expect(after.map { $0[0] as? String } == before.map { $0[0] as? String })
        #expect(after.map { "\($0[2])" } == before.map { "\($0[2])" }, "every entry keeps its time")
        let methods = Dictionary(after.map { ($0[0] as? String ?? "", $0[1] as? Int ?? -1) }, uniquingKeysWith: { first, _ in first })
        #expect(methods["xl/worksheets/sheet1.xml"] == 8 && methods["docProps/stored.xml"] == 0)
        #expect(report["b2"] as? String == "new" && report["a400"] as? Int == 400)
    }

    @Test func openpyxlLoadsThePatchedWorkbook() throws {
        let folder = try ScratchFolder()
        defer { folder.remove() }
        let template = try Self.richTemplate(in: folder)
        let output = folder.path + "/out.xlsx"
        try WorkbookPatcher(path: template).write(Self.richPatches, to: output)
        let report = try PatchSupport.openpyxl("""
        book = openpyxl.load_workbook(sys.argv[1])
        ws = book["Input"]
        print(json.dumps({
            "sheets": book.sheetnames,
            "listsState": book["Lists"].sheet_state,
            "values": {k: ws[k].value for k in ["A2", "B2", "C2", "E2", "B9", "A12", "A3"]},
            "b4": ws["B4"].value.isoformat() if ws["B4"].value is not None else None,
            "b2Format": ws["B2"].number_format,
            "b2Locked": ws["B2"].protection.locked,
            "d2": ws["D2"].value,
            "validations": [str(dv.sqref) for dv in ws.data_validations.dataValidation],
            "names": sorted(list(book.defined_names.keys()) + [n for n in ws.defined_names.keys()]),
            "protected": bool(ws.protection.sheet),
            "note": ws["D3"].comment.text if ws["D3"].comment else None,
            "links": sorted(c.coordinate for row in ws.iter_rows() for c in row if c.hyperlink),
            "conditional": [str(r.sqref) for r in ws.conditional_formatting],
            "fullCalcOnLoad": bool(book.calculation.fullCalcOnLoad),
            "lists": book["Lists"]["A3"].value,
        }))
        """, [output])
        #expect(report["sheets"] as? [String] == ["Input", "Lists"])
        #expect(report["listsState"] as? String == "hidden")
        let values = report["values"] as? [String: Any] ?? [:]
        #expect(values["A2"] as? String == "New name & <co>")
        #expect(values["B2"] as? Double == 2000 && values["C2"] as? Double == 7 && values["B9"] as? Double == 9.5)
        #expect(values["E2"] as? Bool == true && values["A12"] as? String == "After the last row")
        #expect(values["A3"] is NSNull)
        #expect(report["b4"] as? String == "2018-04-01T00:00:00")
        #expect(report["b2Format"] as? String == "#,##0.00" && report["b2Locked"] as? Bool == false)
        #expect(report["d2"] as? String == "=C2+1")
        #expect(report["validations"] as? [String] == ["A2", "B2:B9"])
        #expect(report["names"] as? [String] == ["Answers", "Total"])
        #expect(report["protected"] as? Bool == true)
        #expect(report["note"] as? String == "Total in pounds")
        #expect(report["links"] as? [String] == ["F1", "F3"])
        #expect(report["conditional"] as? [String] == ["B2:B9"])
        #expect(report["fullCalcOnLoad"] as? Bool == true)
        #expect(report["lists"] as? String == "Maybe")
    }

    @Test func libreOfficeRecalculatesDependentFormulas() throws {
        let folder = try ScratchFolder()
        defer { folder.remove() }
        let template = try Self.richTemplate(in: folder)
        let output = folder.path + "/patched.xlsx"
        try WorkbookPatcher(path: template).write(Self.richPatches, to: output)
        let recalculated = try PatchSupport.recalculatedByLibreOffice(output, into: folder.path)
        let cells = try PatchSupport.cells(recalculated, sheet: "Input")
        #expect(cells[.at("B5")]?.value == .number(2250), "B5 = B2+B3 with B2 patched to 2000")
        #expect(cells[.at("B6")]?.value == .number(4500), "B6 = B5*2")
        #expect(cells[.at("D2")]?.value == .number(8), "D2 = C2+1 with the formula in C2 replaced by 7")
        #expect(cells[.at("A2")]?.value == .text("New name & <co>"))
    }

    // MARK: - Rows and shared formulas, on a hand-built package

    static let formulaSheet = """
    <dimension ref="A1:C5"/><sheetData>\
    <row r="1" spans="1:3"><c r="A1"><v>1</v></c><c r="B1"><f t="shared" ref="B1:B3" si="0">A1*2</f><v>2</v></c>\
    <c r="C1"><f t="array" ref="C1:C2">A1:A2*10</f><v>10</v></c></row>\
    <row r="2"><c r="A2"><v>2</v></c><c r="B2"><f t="shared" si="0"/><v>4</v></c><c r="C2"><v>20</v></c></row>\
    <row r="3"><c r="A3"><v>3</v></c><c r="B3" t="str"><f t="shared" si="0"/><v>6</v></c></row>\
    <row r="5"><c r="A5" s="0"><v>5</v></c></row>\
    </sheetData>
    """

    static func formulaPackage(in folder: ScratchFolder) throws -> String {
        let path = folder.path + "/formulas.xlsx"
        try TestPackage.workbook(sheets: [(name: "Calc", xml: formulaSheet)]).write(to: path)
        return path
    }

    @Test func patchingTheMasterOfASharedFormulaKeepsItsDependents() throws {
        let folder = try ScratchFolder()
        defer { folder.remove() }
        let template = try Self.formulaPackage(in: folder)
        let output = folder.path + "/shared.xlsx"
        try WorkbookPatcher(path: template).write([
            CellPatch(sheet: "Calc", cell: .at("B1"), value: .number(100)),
            CellPatch(sheet: "Calc", cell: .at("A3"), value: .number(30)),
            CellPatch(sheet: "Calc", cell: .at("A4"), value: .number(4)),   // new row between 3 and 5
            CellPatch(sheet: "Calc", cell: .at("D7"), value: .text("end")), // new row after the last
        ], to: output)
        let cells = try PatchSupport.cells(output, sheet: "Calc")
        #expect(cells[.at("B1")]?.value == .number(100) && cells[.at("B1")]?.formula == nil)
        #expect(cells[.at("B2")]?.formula == "A2*2", "the dependent holds its own formula now")
        #expect(cells[.at("B3")]?.formula == "A3*2")
        #expect(cells[.at("B2")]?.value == nil && cells[.at("C2")] == nil, "cached results are gone, array cells included")
        #expect(cells[.at("A4")]?.value == .number(4) && cells[.at("D7")]?.value == .text("end"))
        let xml = try PatchSupport.part("xl/worksheets/sheet1.xml", of: output)
        #expect(xml.contains("<c r=\"B2\"><f>A2*2</f></c>"), "\(xml)")
        #expect(xml.contains("<row r=\"3\"><c r=\"A3\"><v>30</v></c><c r=\"B3\"><f>A3*2</f></c></row><row r=\"4\"><c r=\"A4\"><v>4</v></c></row><row r=\"5\">"), "\(xml)")
        #expect(xml.contains("<dimension ref=\"A1:D7\"/>"))

        let recalculated = try PatchSupport.recalculatedByLibreOffice(output, into: folder.path)
        let values = try PatchSupport.cells(recalculated, sheet: "Calc")
        #expect(values[.at("B2")]?.value == .number(4))
        #expect(values[.at("B3")]?.value == .number(60), "B3 = A3*2 with A3 patched to 30")
        #expect(values[.at("C2")]?.value == .number(20), "the array formula is recalculated")
    }

    @Test func patchingADependentOfASharedFormulaLeavesTheOthersShared() throws {
        let folder = try ScratchFolder()
        defer { folder.remove() }
        let template = try Self.formulaPackage(in: folder)
        let output = folder.path + "/dependent.xlsx"
        try WorkbookPatcher(path: template).write([CellPatch(sheet: "Calc", cell: .at("B2"), value: .number(50))], to: output)
        let cells = try PatchSupport.cells(output, sheet: "Calc")
        #expect(cells[.at("B2")]?.value == .number(50) && cells[.at("B2")]?.formula == nil)
        #expect(cells[.at("B1")]?.formula == "A1*2" && cells[.at("B3")]?.formula == "A3*2")
        let xml = try PatchSupport.part("xl/worksheets/sheet1.xml", of: output)
        #expect(xml.contains("<c r=\"B3\"><f t=\"shared\" si=\"0\"/></c>"), "the dependent stays shared, without its cached result and type")
    }

    @Test func cellsInsideAnArrayFormulaAreRefused() throws {
        let folder = try ScratchFolder()
        defer { folder.remove() }
        let patcher = try WorkbookPatcher(path: Self.formulaPackage(in: folder))
        #expect(throws: PatchError.insideArrayFormula(file: patcher.templatePath, sheet: "Calc", cell: .at("C2"), range: CellRange("C1:C2")!)) {
            try patcher.write([CellPatch(sheet: "Calc", cell: .at("C2"), value: .number(1))], to: folder.path + "/x.xlsx")
        }
        // The first cell of the array can be patched; the array is then gone.
        try patcher.write([CellPatch(sheet: "Calc", cell: .at("C1"), value: .number(1))], to: folder.path + "/y.xlsx")
        #expect(try PatchSupport.cells(folder.path + "/y.xlsx", sheet: "Calc")[.at("C1")]?.value == .number(1))
    }

    @Test func calcPrIsAddedInItsSchemaPosition() throws {
        let folder = try ScratchFolder()
        defer { folder.remove() }
        let path = folder.path + "/calc.xlsx"
        var package = TestPackage.workbook(sheets: [(name: "S", xml: "<sheetData/>")],
                                           workbookExtra: "<definedNames><definedName name=\"X\">S!$A$1</definedName></definedNames><extLst/>")
        try package.write(to: path)
        try WorkbookPatcher(path: path).write([CellPatch(sheet: "S", cell: .at("B2"), value: .number(1))], to: folder.path + "/out.xlsx")
        let xml = try PatchSupport.part("xl/workbook.xml", of: folder.path + "/out.xlsx")
        #expect(xml.contains("</definedNames><calcPr fullCalcOnLoad=\"1\"/><extLst/>"), "\(xml)")
        // An empty <sheetData/> becomes a full element holding the new row.
        let sheet = try PatchSupport.part("xl/worksheets/sheet1.xml", of: folder.path + "/out.xlsx")
        #expect(sheet.contains("<sheetData><row r=\"2\"><c r=\"B2\"><v>1</v></c></row></sheetData>"), "\(sheet)")

        // An existing calcPr gets the attribute, or has it set to 1.
        package.replace("xl/workbook.xml", with: #"<?xml version="1.0" encoding="UTF-8"?><x:workbook xmlns:x="\#(TestPackage.main)" xmlns:r="\#(TestPackage.relationshipsNS)"><x:sheets><x:sheet name="S" sheetId="1" r:id="rId1"/></x:sheets><x:calcPr calcId="191029" fullCalcOnLoad="0"/></x:workbook>"#)
        try package.write(to: path)
        try WorkbookPatcher(path: path).write([], to: folder.path + "/out2.xlsx")
        #expect(try PatchSupport.part("xl/workbook.xml", of: folder.path + "/out2.xlsx").contains(#"<x:calcPr calcId="191029" fullCalcOnLoad="1"/>"#))
    }

    // MARK: - Text

    @Test(arguments: [
        "_x0041_", "_x005F_", "a_x0041_b_x00", "line\rreturn", "crlf\r\nend", "tab\there", "new\nline", "emoji 😀 and é",
        "  leading and trailing  ", "&<>\"'", "\u{1}\u{1F}controls", "non\u{FFFE}char", "",
    ])
    func textIsEscapedSafely(_ text: String) throws {
        let folder = try ScratchFolder()
        defer { folder.remove() }
        let template = try Self.formulaPackage(in: folder)
        let output = folder.path + "/text.xlsx"
        try WorkbookPatcher(path: template).write([CellPatch(sheet: "Calc", cell: .at("A1"), value: .text(text))], to: output)
        let cells = try PatchSupport.cells(output, sheet: "Calc")
        #expect(cells[.at("A1")]?.value == .text(text), "\(text.debugDescription) reads back as \(String(describing: cells[.at("A1")]?.value))")
    }

    @Test func openpyxlReadsEscapedText() throws {
        let folder = try ScratchFolder()
        defer { folder.remove() }
        let template = try Self.formulaPackage(in: folder)
        let output = folder.path + "/text.xlsx"
        let texts = ["line\rreturn", "tab\there", "emoji 😀", "&<>\"'", "  spaces  "]
        try WorkbookPatcher(path: template).write(texts.enumerated().map {
            CellPatch(sheet: "Calc", cell: CellReference(row: 10 + $0.offset, column: 1), value: .text($0.element))
        }, to: output)
        let report = try PatchSupport.openpyxl("""
        ws = openpyxl.load_workbook(sys.argv[1])["Calc"]
        print(json.dumps({"texts": [ws.cell(row=10 + i, column=1).value for i in range(\(texts.count))]}))
        """, [output])
        #expect(report["texts"] as? [String] == texts)
    }

    @Test func textLengthIsLimitedTo32767() throws {
        let folder = try ScratchFolder()
        defer { folder.remove() }
        let patcher = try WorkbookPatcher(path: Self.formulaPackage(in: folder))
        let longest = String(repeating: "x", count: 32_767)
        try patcher.write([CellPatch(sheet: "Calc", cell: .at("A1"), value: .text(longest))], to: folder.path + "/ok.xlsx")
        #expect(try PatchSupport.cells(folder.path + "/ok.xlsx", sheet: "Calc")[.at("A1")]?.value == .text(longest))
        #expect(throws: PatchError.textTooLong(file: patcher.templatePath, sheet: "Calc", cell: .at("A1"), length: 32_768, maximum: 32_767)) {
            try patcher.write([CellPatch(sheet: "Calc", cell: .at("A1"), value: .text(longest + "x"))], to: folder.path + "/long.xlsx")
        }
        // Counted in UTF-16 code units, as Excel counts: an emoji is two.
        #expect(throws: PatchError.self) {
            try patcher.write([CellPatch(sheet: "Calc", cell: .at("A1"), value: .text(String(longest.dropFirst()) + "😀"))], to: folder.path + "/emoji.xlsx")
        }
        #expect(!FileManager.default.fileExists(atPath: folder.path + "/long.xlsx"))
    }

    // MARK: - Errors

    @Test func errorsNameTheFileSheetAndCell() throws {
        let folder = try ScratchFolder()
        defer { folder.remove() }
        let template = try Self.richTemplate(in: folder)
        let templateBytes = try Data(contentsOf: URL(fileURLWithPath: template))
        let patcher = try WorkbookPatcher(path: template)
        let output = folder.path + "/out.xlsx"
        func attempt(_ patches: [CellPatch], to path: String = output, overwrite: Bool = false) -> PatchError? {
            do {
                try patcher.write(patches, to: path, overwrite: overwrite)
                return nil
            } catch let error as PatchError {
                return error
            } catch {
                Issue.record("unexpected error \(error)")
                return nil
            }
        }
        let missing = attempt([CellPatch(sheet: "Nope", cell: .at("A1"), value: .number(1))])
        #expect(missing == .sheetNotFound(file: template, sheet: "Nope", available: ["Input", "Lists"]))
        #expect(missing?.description.contains("\"Input\", \"Lists\"") == true)
        #expect(attempt([CellPatch(sheet: "Input", cell: CellReference(row: 0, column: 1), value: .number(1))])
            == .cellOutsideGrid(file: template, sheet: "Input", cell: CellReference(row: 0, column: 1)))
        #expect(attempt([CellPatch(sheet: "Input", cell: CellReference(row: 1_048_577, column: 1), value: .number(1))])
            == .cellOutsideGrid(file: template, sheet: "Input", cell: CellReference(row: 1_048_577, column: 1)))
        #expect(attempt([CellPatch(sheet: "Input", cell: CellReference(row: 1, column: 16_385), value: .number(1))])
            == .cellOutsideGrid(file: template, sheet: "Input", cell: CellReference(row: 1, column: 16_385)))
        #expect(attempt([CellPatch(sheet: "Input", cell: .at("A1"), value: .text("a\u{0}b"))])
            == .characterNotAllowed(file: template, sheet: "Input", cell: .at("A1"), scalar: 0))
        #expect(attempt([CellPatch(sheet: "Input", cell: .at("A1"), value: .number(.nan))])
            == .numberNotFinite(file: template, sheet: "Input", cell: .at("A1")))
        #expect(attempt([CellPatch(sheet: "Input", cell: .at("A1"), value: .date(SpreadsheetDate(serial: -3, system: .dates1900)))])
            == .dateOutOfRange(file: template, sheet: "Input", cell: .at("A1"), serial: -3))
        #expect(attempt([CellPatch(sheet: "Input", cell: .at("A1"), value: .number(1)), CellPatch(sheet: "INPUT", cell: .at("A1"), value: .number(2))])
            == .duplicateCell(file: template, sheet: "Input", cell: .at("A1")))
        #expect(attempt([], to: folder.path + "/no/such/folder/out.xlsx") == .outputFolderMissing(path: folder.path + "/no/such/folder/out.xlsx"))
        #expect(attempt([], to: template, overwrite: true) == .outputIsTemplate(path: template))

        // Output exists: refused without overwrite, replaced with it.
        #expect(FileManager.default.createFile(atPath: output, contents: Data("keep me".utf8)))
        #expect(attempt([CellPatch(sheet: "Input", cell: .at("A1"), value: .number(1))]) == .outputExists(path: output))
        #expect(try Data(contentsOf: URL(fileURLWithPath: output)) == Data("keep me".utf8))
        #expect(attempt([CellPatch(sheet: "Input", cell: .at("A1"), value: .number(1))], overwrite: true) == nil)
        #expect(try PatchSupport.cells(output, sheet: "Input")[.at("A1")]?.value == .number(1))

        // Nothing left behind, and the template untouched.
        #expect(folder.contents() == ["out.xlsx", "template.xlsx"], "\(folder.contents())")
        #expect(try Data(contentsOf: URL(fileURLWithPath: template)) == templateBytes)
        #expect(PatchError.outputExists(path: output).exitCode != SpreadsheetError.sheetNotFound(file: "", sheet: "", available: []).exitCode)
    }

    @Test func chartsheetsCannotBePatched() throws {
        let file = try SharedCorpus.conformance().appendingPathComponent("xlsx/libxlsxwriter_chartsheet01.xlsx").path
        let patcher = try WorkbookPatcher(path: file)
        guard let chart = patcher.sheets.first(where: { $0.kind == .chartsheet }) else {
            Issue.record("the corpus file has no chartsheet")
            return
        }
        let folder = try ScratchFolder()
        defer { folder.remove() }
        #expect(throws: PatchError.self) {
            try patcher.write([CellPatch(sheet: chart.name, cell: .at("A1"), value: .number(1))], to: folder.path + "/x.xlsx")
        }
    }

    // MARK: - Real files: charts, images, comments, macros, calculation chains

    static let corpusFiles = [
        "poi_57181.xlsm",                               // macros, charts, images, comments, calcChain, hidden sheet
        "closedxml_tdf111974.xlsm",                     // macros, shared formulas, EMF images, calcChain
        "sheetjs_image.xlsx",                           // images, directory entries, stored entries (WPS)
        "phpspreadsheet_32readwriteComboChart1.xlsx",   // chart, validations, protection, defined names
        "poi_stress024.xlsx",                           // charts, images, comments, external links, calcChain
    ]

    @Test(arguments: corpusFiles)
    func realFilesKeepEverythingElse(_ name: String) throws {
        let file = try SharedCorpus.conformance().appendingPathComponent("xlsx/" + name).path
        let folder = try ScratchFolder()
        defer { folder.remove() }
        let patcher = try WorkbookPatcher(path: file)
        let workbook = try Workbook(path: file)
        // The patched cell: a new one far from the data, on the first visible worksheet.
        guard let sheet = workbook.sheets.first(where: { $0.kind == .worksheet && $0.state == .visible }), let sheetPart = sheet.part else {
            Issue.record("\(name): no visible worksheet")
            return
        }
        var formulaParts: Set<String> = []
        for candidate in workbook.sheets where candidate.kind == .worksheet {
            var hasFormula = false
            try workbook.forEachCell(in: candidate) { cell in
                hasFormula = cell.formula != nil
                return !hasFormula
            }
            if hasFormula, let part = candidate.part { formulaParts.insert(part) }
        }
        let output = folder.path + "/" + name
        try patcher.write([CellPatch(sheet: sheet.name, cell: .at("AB500"), value: .text("patched")),
                           CellPatch(sheet: sheet.name, cell: .at("AC500"), value: .number(42))], to: output)

        // Parts with formulas may change (their cached results go); everything else must be identical.
        let before = try PatchSupport.rawEntries(file)
        let after = Dictionary(try PatchSupport.rawEntries(output).map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        #expect(try PatchSupport.rawEntries(output).map(\.name) == before.map(\.name), "same entries in the same order")
        for entry in before {
            let partName = entry.name.hasPrefix("/") ? String(entry.name.dropFirst()) : entry.name
            if partName == workbook.workbookPart || partName == sheetPart || formulaParts.contains(partName) { continue }
            #expect(after[entry.name] == entry, "\(name): \(entry.name) must be copied byte for byte")
        }
        #expect(after[sheetPart] != before.first { $0.name == sheetPart }, "the patched sheet changes")

        #expect(try PatchSupport.part(workbook.workbookPart, of: output).contains("fullCalcOnLoad=\"1\""), "\(name): recalculation is requested")
        let cells = try PatchSupport.cells(output, sheet: sheet.name)
        #expect(cells[.at("AB500")]?.value == .text("patched") && cells[.at("AC500")]?.value == .number(42))

        let report = try PatchSupport.openpyxl("""
        book = openpyxl.load_workbook(sys.argv[1], keep_vba=sys.argv[1].endswith(".xlsm"))
        ws = book[sys.argv[2]]
        print(json.dumps({"value": ws["AB500"].value, "number": ws["AC500"].value, "sheets": book.sheetnames,
                          "names": sorted(book.defined_names.keys()),
                          "vba": book.vba_archive is not None}))
        """, [output, sheet.name])
        #expect(report["value"] as? String == "patched" && report["number"] as? Double == 42, "\(name): \(report)")
        #expect(report["sheets"] as? [String] == workbook.sheets.filter { $0.kind == .worksheet || $0.kind == .chartsheet }.map(\.name))
        if name.hasSuffix(".xlsm") {
            #expect(report["vba"] as? Bool == true, "\(name): the macros are still there")
            #expect(after["xl/vbaProject.bin"] == before.first { $0.name == "xl/vbaProject.bin" })
        }
    }

    @Test func theCalculationChainGoesOnlyWhenAFormulaCellIsReplaced() throws {
        let file = try SharedCorpus.conformance().appendingPathComponent("xlsx/poi_57181.xlsm").path
        let folder = try ScratchFolder()
        defer { folder.remove() }
        let patcher = try WorkbookPatcher(path: file)
        let workbook = try Workbook(path: file)
        var formulaCell: (SheetInfo, CellReference)?
        for sheet in workbook.sheets where sheet.kind == .worksheet && formulaCell == nil {
            try workbook.forEachCell(in: sheet) { cell in
                if cell.formula != nil { formulaCell = (sheet, cell.reference) }
                return formulaCell == nil
            }
        }
        guard let (sheet, reference) = formulaCell else {
            Issue.record("no formula cell in poi_57181.xlsm")
            return
        }
        let kept = folder.path + "/kept.xlsm"
        try patcher.write([CellPatch(sheet: sheet.name, cell: .at("AZ900"), value: .number(1))], to: kept)
        #expect(try PatchSupport.rawEntries(kept).contains { $0.name == "xl/calcChain.xml" }, "a new value cell leaves the chain valid")

        let dropped = folder.path + "/dropped.xlsm"
        try patcher.write([CellPatch(sheet: sheet.name, cell: reference, value: .number(1))], to: dropped)
        let names = try PatchSupport.rawEntries(dropped).map(\.name)
        #expect(!names.contains("xl/calcChain.xml"))
        #expect(!(try PatchSupport.part("xl/_rels/workbook.xml.rels", of: dropped)).contains("calcChain"))
        #expect(!(try PatchSupport.part("[Content_Types].xml", of: dropped)).contains("calcChain"))
        let report = try PatchSupport.openpyxl("""
        book = openpyxl.load_workbook(sys.argv[1], keep_vba=True)
        print(json.dumps({"value": book[sys.argv[2]][sys.argv[3]].value}))
        """, [dropped, sheet.name, reference.description])
        #expect(report["value"] as? Double == 1)
    }

    // MARK: - Speed and threads

    /// The use it is made for: ~150 pre-filled workbooks of ~60 cells from one template, two at a time.
    @Test func manyCopiesFromOneTemplateOnTwoThreads() throws {
        let template = PatchSupport.repositoryRoot().appendingPathComponent("Templates/planning-2017-19.xlsx").path
        let folder = try ScratchFolder()
        defer { folder.remove() }
        let workbook = try Workbook(path: template)
        var targets: [(String, CellReference)] = []
        for sheet in workbook.sheets where sheet.kind == .worksheet {
            try workbook.forEachCell(in: sheet) { cell in
                if cell.formula == nil { targets.append((sheet.name, cell.reference)) }
                return true
            }
        }
        let step = max(1, targets.count / 60)
        let chosen = stride(from: 0, to: targets.count, by: step).prefix(60).map { targets[$0] }
        #expect(chosen.count == 60)

        let start = Date()
        let patcher = try WorkbookPatcher(path: template)
        let opened = Date().timeIntervalSince(start)
        let count = 150
        let failures = Failures()
        DispatchQueue.concurrentPerform(iterations: count) { copy in
            let patches = chosen.enumerated().map { index, target in
                CellPatch(sheet: target.0, cell: target.1, value: index % 2 == 0 ? .number(Double(copy * 1000 + index)) : .text("copy \(copy) cell \(index)"))
            }
            do {
                try patcher.write(patches, to: folder.path + "/copy-\(copy).xlsx")
            } catch {
                failures.add("\(copy): \(error)")
            }
        }
        let elapsed = Date().timeIntervalSince(start)
        let serialStart = Date()
        for copy in 0..<count {
            let patches = chosen.enumerated().map { index, target in
                CellPatch(sheet: target.0, cell: target.1, value: .number(Double(copy * 1000 + index)))
            }
            try patcher.write(patches, to: folder.path + "/serial-\(copy).xlsx")
        }
        let serial = Date().timeIntervalSince(serialStart)
        print("patcher: opened the planning template in \(Int(opened * 1000)) ms; wrote \(count) copies of 60 cells in \(Int(elapsed * 1000)) ms on \(ProcessInfo.processInfo.activeProcessorCount) cores, \(Int(serial * 1000)) ms on one thread")
        #expect(failures.all.isEmpty, "\(failures.all)")
        // Every copy holds its own values: nothing leaked between threads.
        for copy in [0, 1, 74, 149] {
            let path = folder.path + "/copy-\(copy).xlsx"
            let first = chosen[0], second = chosen[1]
            #expect(try PatchSupport.cells(path, sheet: first.0)[first.1]?.value == .number(Double(copy * 1000)))
            #expect(try PatchSupport.cells(path, sheet: second.0)[second.1]?.value == .text("copy \(copy) cell 1"))
        }
    }
}

private final class Failures: @unchecked Sendable {
    private let lock = NSLock()
    private var list: [String] = []
    func add(_ message: String) { lock.lock(); list.append(message); lock.unlock() }
    var all: [String] { lock.lock(); defer { lock.unlock() }; return list }
}

// MARK: - The whole corpus

extension PatcherTests {
    /// Every corpus file the reader opens, the patcher opens and patches (one new cell on the first
    /// worksheet); reading the result gives every other cell as before: the same values for cells without
    /// formulas, the same formula text (and no cached result) for cells with one.
    /// Worksheets the patcher refuses to patch, on purpose.
    static let refusedOnPurpose: [String: String] = [
        // Every cell in a row of its own, all numbered 1: where a new cell of row 1 should go is a guess.
        "exceldatareader_Test_git_issue_324.xlsx": "rows out of order",
    ]

    @Test func everyCorpusFileReadsBackTheSame() throws {
        let conformance = try SharedCorpus.conformance()
        let files = try FileManager.default.contentsOfDirectory(atPath: conformance.appendingPathComponent("xlsx").path).sorted()
        let folder = try ScratchFolder()
        defer { folder.remove() }
        var patched = 0
        var problems: [String] = []
        for name in files {
            let path = conformance.appendingPathComponent("xlsx/" + name).path
            guard let workbook = try? Workbook(path: path) else { continue }
            let before: [String: [CellReference: Cell]]
            do {
                before = try PatchSupport.allCells(path)
            } catch {
                continue   // the reader refuses the file (ConformanceTests says which and why)
            }
            guard let target = workbook.sheets.first(where: { $0.kind == .worksheet && $0.part != nil }) else { continue }
            let output = folder.path + "/" + name
            do {
                try WorkbookPatcher(path: path).write([CellPatch(sheet: target.name, cell: .at("XFA1048570"), value: .text("patched"))], to: output)
            } catch let error as PatchError {
                if case .sheetNotPatchable = error, Self.refusedOnPurpose[name] != nil { continue }
                problems.append("\(name): \(error)")
                continue
            }
            patched += 1
            let afterAll: [String: [CellReference: Cell]]
            do { afterAll = try PatchSupport.allCells(output) } catch {
                problems.append("\(name): unreadable after patching: \(error)")
                continue
            }
            for (sheet, cells) in before {
                let after = afterAll[sheet] ?? [:]
                for (reference, cell) in cells {
                    let now = after[reference]
                    if let formula = cell.formula {
                        if now?.formula != formula || now?.value != nil { problems.append("\(name)!\(sheet)!\(reference): formula \(formula) became \(String(describing: now))") }
                    } else if now?.value != cell.value || now?.styleIndex != cell.styleIndex {
                        // Cells of array formulas lose their cached values too.
                        if now == nil { continue }
                        problems.append("\(name)!\(sheet)!\(reference): \(String(describing: cell.value)) became \(String(describing: now?.value))")
                    }
                }
                let extra = Set(after.keys).subtracting(cells.keys).subtracting(sheet == target.name ? [.at("XFA1048570")] : [])
                if !extra.isEmpty { problems.append("\(name)!\(sheet): new cells \(extra.prefix(3))") }
            }
            if afterAll[target.name]?[.at("XFA1048570")]?.value != .text("patched") {
                problems.append("\(name): the patched cell does not read back")
            }
            try? FileManager.default.removeItem(atPath: output)
        }
        print("patcher: patched \(patched) corpus files")
        #expect(patched > 290)
        #expect(problems.isEmpty, "\(problems.count) problems:\n\(problems.prefix(40).joined(separator: "\n"))")
    }
}
