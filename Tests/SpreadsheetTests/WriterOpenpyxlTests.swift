import Foundation
import Spreadsheet
import Testing

/// Another program must load what the writer produces: openpyxl opens a richly featured workbook and
/// reports its validations, protection, styles, links, conditional formats and properties. A missing
/// python3 or openpyxl is a failure with instructions, never a skip.
@Suite struct WriterOpenpyxlTests {
    /// `python3` from `$BCF_PYTHON` or the `PATH`.
    static func python() throws -> String {
        if let configured = ProcessInfo.processInfo.environment["BCF_PYTHON"], !configured.isEmpty { return configured }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for folder in path.split(separator: ":") {
            let candidate = "\(folder)/python3"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        throw SharedCorpus.Missing(description: "python3 was not found on PATH (or set BCF_PYTHON); install Python 3 and run `pip install openpyxl`")
    }

    static let script = #"""
    import json, sys
    try:
        import openpyxl
    except ImportError:
        print("MISSING-OPENPYXL")
        sys.exit(3)
    book = openpyxl.load_workbook(sys.argv[1])
    ws = book["Input"]
    out = {
        "sheets": book.sheetnames,
        "validations": [
            {"type": dv.type, "formula1": dv.formula1, "formula2": dv.formula2, "sqref": str(dv.sqref),
             "prompt": dv.prompt, "promptTitle": dv.promptTitle, "error": dv.error, "errorTitle": dv.errorTitle,
             "errorStyle": dv.errorStyle, "allowBlank": bool(dv.allow_blank)}
            for dv in ws.data_validations.dataValidation
        ],
        "protected": bool(ws.protection.sheet),
        "password": ws.protection.password,
        "formatColumns": bool(ws.protection.formatColumns),
        "b2Locked": ws["B2"].protection.locked,
        "a1Locked": ws["A1"].protection.locked,
        "a1Bold": bool(ws["A1"].font.b),
        "a1Fill": ws["A1"].fill.fgColor.rgb,
        "b2Format": ws["B2"].number_format,
        "b3Value": ws["B3"].value,
        "c2Hidden": ws["C2"].protection.hidden,
        "freeze": ws.freeze_panes,
        "widthA": ws.column_dimensions["A"].width,
        "links": [(c.coordinate, c.hyperlink.location, c.hyperlink.target) for row in ws.iter_rows() for c in row if c.hyperlink],
        "conditional": [str(rng.sqref) + ":" + rule.type for rng in ws.conditional_formatting for rule in rng.rules],
        "title": book.properties.title,
        "custom": {p.name: p.value for p in book.custom_doc_props.props},
        "note": ws["D2"].comment.text if ws["D2"].comment else None,
    }
    print(json.dumps(out))
    """#

    @Test func openpyxlLoadsTheTemplateFeatures() throws {
        let folder = try ScratchFolder()
        defer { folder.remove() }
        let path = folder.path + "/rich.xlsx"
        let writer = try WorkbookWriter(path: path)
        let sheet = try writer.addWorksheet(named: "Input")
        let lists = try writer.addWorksheet(named: "Lists")
        try lists.write("Yes", at: CellReference(row: 1, column: 1))
        try lists.write("No", at: CellReference(row: 2, column: 1))
        try lists.hide()
        let heading = CellStyle(fillColor: CellStyle.Color(rgb: 0x1F4E78), fontColor: .white, bold: true)
        let input = CellStyle(fillColor: CellStyle.Color(rgb: 0xFFF2CC), thinBorder: true, numberFormat: "#,##0.00", locked: false)
        try sheet.write("Scheme", at: CellReference(row: 1, column: 1), style: heading)
        try sheet.writeBlank(at: CellReference(row: 2, column: 2), style: input)
        try sheet.write(1500.25, at: CellReference(row: 3, column: 2), style: input)
        try sheet.writeFormula("=SUM(B2:B3)", cachedResult: 1500.25, at: CellReference(row: 2, column: 3), style: CellStyle(hidesFormula: true))
        try sheet.addValidation(DataValidation(.list(["Yes", "No", "£ – ’"]), inputTitle: "Answer", inputMessage: "Pick one",
                                               errorTitle: "Invalid", errorMessage: "Choose from the list"),
                                at: CellReference(row: 2, column: 1))
        try sheet.addValidation(DataValidation(.listSource("='Lists'!$A$1:$A$2")), to: CellRange("A3:A9")!)
        try sheet.addValidation(DataValidation(.decimal(.between(0, 1_000_000)), errorStyle: .warning), to: CellRange("B2:B9")!)
        try sheet.protect(password: "template", options: SheetProtectionOptions(formatColumns: true))
        try sheet.freezePanes(at: CellReference(row: 2, column: 1))
        try sheet.setColumnWidth("A", width: 30)
        try sheet.writeLink(to: CellReference(row: 1, column: 1), in: lists, at: CellReference(row: 1, column: 5), text: "Lists")
        try sheet.writeLink(url: "https://www.england.nhs.uk/", at: CellReference(row: 2, column: 5))
        try sheet.addConditionalFormat(.cellEquals(.text("No"), style: CellStyle(fillColor: CellStyle.Color(rgb: 0xFFC7CE))), to: CellRange("A2:A9")!)
        try sheet.addConditionalFormat(ConditionalFormat(.blanks, style: CellStyle(fillColor: CellStyle.Color(rgb: 0xFFEB9C))), to: CellRange("B2:B9")!)
        try sheet.addNote("Total in pounds", at: CellReference(row: 2, column: 4), author: "BCF")
        try writer.setDocumentProperties(DocumentProperties(title: "BCF template"))
        try writer.setCustomProperty("Edition", to: .text("2025-26"))
        try writer.close()

        let python = try Self.python()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["-c", Self.script, path]
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let errorText = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        guard !text.contains("MISSING-OPENPYXL") else {
            Issue.record("openpyxl is not installed for \(python): run `\(python) -m pip install openpyxl` (or set BCF_PYTHON)")
            return
        }
        guard process.terminationStatus == 0,
              let report = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            Issue.record("openpyxl could not load the workbook (exit \(process.terminationStatus)): \(errorText)\(text)")
            return
        }
        #expect(report["sheets"] as? [String] == ["Input", "Lists"])
        let validations = report["validations"] as? [[String: Any]] ?? []
        #expect(validations.count == 3, "\(validations)")
        if validations.count == 3 {
            #expect(validations[0]["type"] as? String == "list")
            #expect(validations[0]["formula1"] as? String == "\"Yes,No,£ – ’\"")
            #expect(validations[0]["promptTitle"] as? String == "Answer" && validations[0]["prompt"] as? String == "Pick one")
            #expect(validations[0]["errorTitle"] as? String == "Invalid" && validations[0]["error"] as? String == "Choose from the list")
            #expect(validations[1]["formula1"] as? String == "'Lists'!$A$1:$A$2" && validations[1]["sqref"] as? String == "A3:A9")
            #expect(validations[2]["type"] as? String == "decimal" && validations[2]["formula2"] as? String == "1000000")
            #expect(validations[2]["errorStyle"] as? String == "warning")
        }
        #expect(report["protected"] as? Bool == true)
        #expect(report["password"] as? String == String(WriterFeatureTests.excelPasswordHash("template"), radix: 16, uppercase: true))
        #expect(report["formatColumns"] as? Bool == false, "formatting columns is allowed")
        #expect(report["b2Locked"] as? Bool == false && report["a1Locked"] as? Bool == true)
        #expect(report["a1Bold"] as? Bool == true && report["a1Fill"] as? String == "FF1F4E78")
        #expect(report["b2Format"] as? String == "#,##0.00")
        #expect(report["b3Value"] as? Double == 1500.25)
        #expect(report["c2Hidden"] as? Bool == true)
        #expect(report["freeze"] as? String == "A2")
        #expect((report["widthA"] as? Double).map { abs($0 - 30.7109375) < 0.001 } == true)
        let links = report["links"] as? [[Any]] ?? []
        #expect(links.count == 2, "\(links)")
        #expect(links.first?[1] as? String == "'Lists'!A1")
        #expect(links.last?[2] as? String == "https://www.england.nhs.uk/")
        #expect(Set(report["conditional"] as? [String] ?? []) == ["A2:A9:cellIs", "B2:B9:containsBlanks"])
        #expect(report["title"] as? String == "BCF template")
        #expect((report["custom"] as? [String: Any])?["Edition"] as? String == "2025-26")
        #expect((report["note"] as? String)?.contains("Total in pounds") == true)
    }
}
