import Foundation
import Testing
@testable import BCF
import Spreadsheet

/// Runs the built `bcf` from a folder outside the checkout with no environment beyond PATH, as a user
/// who installed it would.
func bcfOutside(_ arguments: [String], in folder: URL) throws -> (status: Int32, out: String, err: String) {
    try bcf(arguments, in: folder, environment: ["PATH": "/usr/bin:/bin"])
}

/// A copy of a fixture edited by openpyxl, as a submitter's other program would save it.
func editedWithOpenpyxl(_ source: String, into folder: URL, name: String, _ operations: [String]) throws -> String {
    let output = folder.appendingPathComponent(name).path
    try ExternalTool.run("python3", [repositoryRoot.appendingPathComponent("scripts/edit_with_openpyxl.py").path,
                                     repositoryRoot.appendingPathComponent(source).path, output] + operations)
    return output
}

private func fixture(_ path: String) -> String { repositoryRoot.appendingPathComponent(path).path }

private func jsonLines(_ text: String) throws -> [[String: Any]] {
    try text.split(separator: "\n").map { line in
        try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "not an object: \(line)")
    }
}

/// Rows of CSV as Python's csv module reads them, so that quoting is judged by another program.
private func csvRows(_ text: String, folder: URL) throws -> [[String]] {
    let file = folder.appendingPathComponent("rows-\(UUID().uuidString).csv")
    try Data(text.utf8).write(to: file)
    let json = try ExternalTool.run("python3", ["-c", "import csv, json, sys; print(json.dumps(list(csv.reader(open(sys.argv[1], newline='', encoding='utf-8')))))", file.path])
    return try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String]])
}

/// Issue 16: one `--format` vocabulary, and the exports for people who work in Excel and pandas.
@Suite("One --format vocabulary")
struct OutputFormatTests {
    @Test("every command that prints results takes --format with the same help; a form it does not offer is an argument error naming those it does")
    func vocabulary() throws {
        let folder = try temporaryFolder()
        let offered: [(command: [String], formats: String)] = [
            (["check"], "text|json|jsonl|csv"), (["read"], "json|jsonl|csv|xlsx|text"), (["diff"], "text|json|jsonl|csv"),
            (["templates"], "text|json|jsonl|csv"), (["sheets"], "text|json|jsonl|csv"), (["rules"], "text|json|jsonl|csv|markdown"),
            (["cells"], "jsonl|json|csv"), (["adapt"], "text|json"), (["fields"], "text|json|jsonl"),
        ]
        for (command, formats) in offered {
            let help = try bcfOutside(command + ["--help"], in: folder)
            #expect(help.status == 0)
            #expect(help.out.contains("--format <\(formats)>"), "\(command): \(help.out)")
        }
        let refused = try bcfOutside(["rules", "--format", "xlsx"], in: folder)
        #expect(refused.status == 64)
        #expect(refused.err.contains("--format xlsx: bcf rules offers text, json, jsonl, csv, markdown"), "\(refused.err)")
        let check = try bcfOutside(["check", fixture("Fixtures/planning-2017-19-sample.xlsx"), "--format", "markdown"], in: folder)
        #expect(check.status == 64)
        #expect(check.err.contains("bcf check offers text, json, jsonl, csv"), "\(check.err)")
        let noOutput = try bcfOutside(["read", fixture("Fixtures/planning-2017-19-sample.xlsx"), "--format", "xlsx"], in: folder)
        #expect(noOutput.status == 64)
        #expect(noOutput.err.contains("-o FILE.xlsx"), "\(noOutput.err)")
    }

    @Test("templates, sheets and rules: json is one array, jsonl an object a line, csv a header then a row a record")
    func listings() throws {
        let folder = try temporaryFolder()
        for command in [["templates"], ["sheets", fixture("Fixtures/planning-2017-19-sample.xlsx")], ["rules"]] {
            let text = try bcfOutside(command, in: folder)
            let json = try bcfOutside(command + ["--format", "json"], in: folder)
            let lines = try bcfOutside(command + ["--format", "jsonl"], in: folder)
            let csv = try bcfOutside(command + ["--format", "csv"], in: folder)
            #expect([text.status, json.status, lines.status, csv.status] == [0, 0, 0, 0], "\(command): \(json.err)")
            let records = text.out.split(separator: "\n").count
            let array = try #require(try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [[String: Any]])
            #expect(array.count == records, "\(command)")
            let objects = try jsonLines(lines.out)
            #expect(objects.count == records)
            #expect((objects.first?["id"] ?? objects.first?["sheet"]) != nil, "\(command)")
            let rows = try csvRows(csv.out, folder: folder)
            #expect(rows.count == records + 1)
            #expect(Set(rows.first ?? []) == Set(objects.first?.keys.map { $0 } ?? []), "\(command)")
        }
        let templates = try jsonLines(try bcfOutside(["templates", "--format", "jsonl"], in: folder).out)
        #expect(templates.compactMap { $0["id"] as? String } == editionIDs)
    }

    @Test("cells: jsonl by default, json one array of the same objects, csv a row a cell")
    func cells() throws {
        let folder = try temporaryFolder()
        let sample = fixture("Fixtures/planning-2017-19-sample.xlsx")
        let lines = try jsonLines(try bcfOutside(["cells", sample, "--sheet", "3. Income"], in: folder).out)
        let json = try bcfOutside(["cells", sample, "--sheet", "3. Income", "--format", "json"], in: folder)
        let array = try #require(try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [[String: Any]])
        #expect(array.count == lines.count && lines.count > 50)
        #expect(array.first?["ref"] as? String == lines.first?["ref"] as? String)
        let rows = try csvRows(try bcfOutside(["cells", sample, "--sheet", "3. Income", "--format", "csv"], in: folder).out, folder: folder)
        #expect(rows.first == ["sheet", "ref", "type", "value", "formula"])
        #expect(rows.count == lines.count + 1)
        for (row, line) in zip(rows.dropFirst(), lines) {
            #expect(row[1] == line["ref"] as? String)
            #expect(row[2] == (line["type"] as? String ?? ""))
            if let formula = line["formula"] as? String { #expect(row[4] == "'=" + formula || row[4] == "=" + formula) }
        }
        let summary = try bcfOutside(["cells", sample, "--summary", "--format", "csv"], in: folder)
        #expect(summary.status == 64)
    }

    @Test("text longer than a cell holds is cut for a workbook, and says so")
    func longText() {
        let text = String(repeating: "a", count: 40_000)
        let cut = RecordWorkbook.cut(text)
        #expect(cut.unicodeScalars.count <= 32_767)
        #expect(cut.hasSuffix("[cut: 40000 characters in all]"))
        #expect(RecordWorkbook.cut("short") == "short")
    }

    @Test("check --quiet prints only the workbooks with errors, then one summary line")
    func quiet() throws {
        let folder = try temporaryFolder()
        let passing = fixture("Fixtures/planning-2017-19-sample.xlsx")
        let failing = fixture(RuleFixtures.path("PLAN-COMP-001"))
        let result = try bcfOutside(["check", passing, failing, "--quiet"], in: folder)
        #expect(result.status == 1)
        #expect(!result.out.contains("planning-2017-19-sample.xlsx"), "\(result.out)")
        #expect(result.out.contains("PLAN-COMP-001.xlsx (planning-2017-19, Leeds): fails, 1 error(s)"), "\(result.out)")
        let lines = result.out.split(separator: "\n")
        #expect(lines.last == "2 workbook(s): 1 pass, 1 fail, 0 not checked")
        let clean = try bcfOutside(["check", passing, "--quiet"], in: folder)
        #expect(clean.status == 0)
        #expect(clean.out == "1 workbook(s): 1 pass, 0 fail, 0 not checked\n", "\(clean.out)")
        let refused = try bcfOutside(["check", passing, "--quiet", "--format", "csv"], in: folder)
        #expect(refused.status == 64)
    }

    @Test("check --format csv of several files is one table with one header and a row for every file, passing ones included")
    func checkCSV() throws {
        let folder = try temporaryFolder()
        let files = [fixture("Fixtures/planning-2017-19-sample.xlsx"), fixture(RuleFixtures.path("PLAN-COMP-001")),
                     fixture(RuleFixtures.path("PLAN-SPEND-001")), fixture("Fixtures/bad/not-a-workbook.xlsx")]
        let result = try bcfOutside(["check"] + files + ["--format", "csv"], in: folder)
        #expect(result.status == 2)
        let rows = try csvRows(result.out, folder: folder)
        #expect(rows.first == ["file", "edition", "hwb_code", "hwb_name", "status", "errors", "warnings", "rule", "severity", "sheet", "cells", "message"])
        #expect(rows.filter { $0.first == "file" }.count == 1)
        #expect(Set(rows.dropFirst().map(\.[0])) == Set(files))
        let passingRow = try #require(rows.first { $0[0] == files[0] })
        #expect(Array(passingRow[1...6]) == ["planning-2017-19", "E08000035", "Leeds", "passes", "0", "0"])
        #expect(rows.contains { $0[0] == files[3] && $0[4] == "unreadable" })

        let json = try bcfOutside(["check", files[1], "--format", "json"], in: folder)
        let items = try #require(try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [[String: Any]])
        #expect(items.first?["hwb_code"] as? String == "E08000035")
        #expect(items.first?["hwb_name"] as? String == "Leeds")
        let stream = try jsonLines(try bcfOutside(["check"] + files + ["--format", "jsonl"], in: folder).out)
        #expect(stream.compactMap { $0["file"] as? String } == files)
    }

    @Test("diff takes --edition and --format, and ends with a summary of the changes")
    func diff() throws {
        let folder = try temporaryFolder()
        let old = fixture("Fixtures/planning-2017-19-sample.xlsx")
        let new = try editedWithOpenpyxl("Fixtures/planning-2017-19-sample.xlsx", into: folder, name: "revised.xlsx",
                                         ["set:1. Cover!C6=B. Analyst", "number:3. Income!C8=12345.67", "clear:1. Cover!C7"])
        let text = try bcfOutside(["diff", old, new, "--edition", "planning-2017-19"], in: folder)
        #expect(text.status == 1, "\(text.err)")
        #expect(text.out.hasSuffix("3 change(s): 1 changed, 1 added, 1 removed; money +£12,345.67 net\n"), "\(text.out)")
        let csv = try csvRows(try bcfOutside(["diff", old, new, "--format", "csv"], in: folder).out, folder: folder)
        #expect(csv.first == ["hwb_code", "hwb_name", "change", "sheet", "cell", "path", "old", "new", "difference"])
        #expect(csv.dropFirst().allSatisfy { $0[0] == "E08000035" && $0[1] == "Leeds" })
        #expect(csv.contains { $0[2] == "added" && $0[4] == "C8" && $0[7] == "12345.67" && $0[8] == "12345.67" })
        #expect(csv.contains { $0[2] == "removed" && $0[5] == "cover.email" })
        let json = try bcfOutside(["diff", old, new, "--format", "json"], in: folder)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [String: Any])
        #expect(document["changed"] as? Int == 1 && document["added"] as? Int == 1 && document["removed"] as? Int == 1)
        #expect((document["changes"] as? [Any])?.count == 3)
        let same = try bcfOutside(["diff", old, old, "--edition", "planning-2017-19"], in: folder)
        #expect(same.status == 0)
        #expect(same.out == "0 change(s): 0 changed, 0 added, 0 removed\n")
        let unknown = try bcfOutside(["diff", old, new, "--edition", "planning-1999"], in: folder)
        #expect(unknown.status == 30)
    }

    @Test("read --format csv: one row a value with the area, path, sheet, cell, value and type, as many as the JSON has values")
    func readCSV() throws {
        let folder = try temporaryFolder()
        let sample = fixture("Fixtures/planning-2017-19-sample.xlsx")
        let csv = try bcfOutside(["read", sample, "--format", "csv"], in: folder)
        #expect(csv.status == 0, "\(csv.err)")
        let rows = try csvRows(csv.out, folder: folder)
        #expect(rows.first == ["hwb_code", "hwb_name", "path", "sheet", "cell", "value", "type", "invalid_reason"])
        let reading = try EditionReader(catalog: loadCatalog()).read(path: sample)
        #expect(rows.count - 1 == reading.model.leaves().count)
        #expect(rows.dropFirst().allSatisfy { $0[0] == "E08000035" && $0[1] == "Leeds" && !$0[3].isEmpty && !$0[4].isEmpty })
        let money = try #require(rows.first { $0[6] == "money" })
        #expect(money[5].split(separator: ".").last?.count == 2, "money with two decimals: \(money)")
        #expect(rows.contains { $0[2] == "cover.healthAndWellbeingBoard" && $0[3] == "1. Cover" && $0[4] == "C5" && $0[5] == "Leeds" && $0[6] == "choice" })

        let json = try bcfOutside(["read", sample], in: folder)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [String: Any])
        #expect(document["hwb_code"] as? String == "E08000035")
        #expect(document["hwb_name"] as? String == "Leeds")
        let lines = try jsonLines(try bcfOutside(["read", sample, "--format", "jsonl"], in: folder).out)
        #expect(lines.count == rows.count - 1)
    }

    @Test("read --format xlsx -o: the same rows as a workbook openpyxl reads, money as numbers with a money format")
    func readWorkbook() throws {
        let folder = try temporaryFolder()
        let sample = fixture("Fixtures/planning-2017-19-sample.xlsx")
        let output = folder.appendingPathComponent("leeds values.xlsx").path
        let written = try bcfOutside(["read", sample, "--format", "xlsx", "-o", output], in: folder)
        #expect(written.status == 0, "\(written.err)")
        let again = try bcfOutside(["read", sample, "--format", "xlsx", "-o", output], in: folder)
        #expect(again.status == 38)
        let script = """
        import json, sys, openpyxl
        book = openpyxl.load_workbook(sys.argv[1])
        sheet = book["values"]
        rows = list(sheet.iter_rows())
        money = [r[5] for r in rows[1:] if r[6].value == "money"]
        print(json.dumps({"tabs": book.sheetnames, "header": [c.value for c in rows[0]], "rows": len(rows) - 1,
                          "money_numeric": all(isinstance(c.value, (int, float)) for c in money),
                          "money_format": sorted({c.number_format for c in money}),
                          "first_money": money[0].value}))
        """
        let report = try ExternalTool.run("python3", ["-c", script, output])
        let facts = try #require(try JSONSerialization.jsonObject(with: Data(report.utf8)) as? [String: Any])
        let csv = try csvRows(try bcfOutside(["read", sample, "--format", "csv"], in: folder).out, folder: folder)
        #expect(facts["tabs"] as? [String] == ["values"])
        #expect(facts["header"] as? [String] == csv.first)
        #expect(facts["rows"] as? Int == csv.count - 1)
        #expect(facts["money_numeric"] as? Bool == true)
        #expect(facts["money_format"] as? [String] == ["£#,##0.00"])
        let firstMoney = try #require(csv.first { $0[6] == "money" })
        #expect(String(format: "%.2f", facts["first_money"] as? Double ?? -1) == firstMoney[5])
    }
}

@Suite("The round's dataset as a workbook")
struct DatasetWorkbookTests {
    @Test("bcf round writes dataset.xlsx: one tab per table of round.sqlite, the same rows, money as numbers with a money format")
    func datasetWorkbook() throws {
        let folder = try temporaryFolder()
        let submissions = folder.appendingPathComponent("submissions")
        try FileManager.default.createDirectory(at: submissions, withIntermediateDirectories: true)
        for name in ["planning-2017-19-sample.xlsx", "quarterly-2018-19-sample.xlsx", "quarterly-2018-19-q4-sample.xlsx"] {
            try FileManager.default.copyItem(at: repositoryRoot.appendingPathComponent("Fixtures/\(name)"), to: submissions.appendingPathComponent(name))
        }
        try FileManager.default.copyItem(at: repositoryRoot.appendingPathComponent("Fixtures/bad/not-a-workbook.xlsx"),
                                         to: submissions.appendingPathComponent("E06000001 Hartlepool.xlsx"))
        let out = folder.appendingPathComponent("round")
        let run = try bcfOutside(["round", submissions.path, "--out", out.path, "--allocations", fixture("Fixtures/allocations-2017-19.csv")], in: folder)
        #expect(run.status == 0, "\(run.err)")
        #expect(run.out.contains("dataset.xlsx"), "\(run.out)")
        let database = out.appendingPathComponent("round.sqlite").path
        let script = """
        import json, sys, openpyxl
        book = openpyxl.load_workbook(sys.argv[1], read_only=True)
        tabs = {}
        money = []
        for sheet in book.worksheets:
            rows = list(sheet.iter_rows())
            header = [c.value for c in rows[0]] if rows else []
            tabs[sheet.title] = {"header": header, "rows": len(rows) - 1}
            if sheet.title == "contributions":
                amount, pence = header.index("amount"), header.index("amount_pence")
                money = [[r[amount].value, r[amount].number_format, r[pence].value] for r in rows[1:]]
        print(json.dumps({"order": book.sheetnames, "tabs": tabs, "money": money}))
        """
        let report = try ExternalTool.run("python3", ["-c", script, out.appendingPathComponent("dataset.xlsx").path])
        let facts = try #require(try JSONSerialization.jsonObject(with: Data(report.utf8)) as? [String: Any])
        #expect(facts["order"] as? [String] == RoundDataset.tableNames)
        let tabs = try #require(facts["tabs"] as? [String: [String: Any]])
        for table in RoundDataset.tableNames {
            let count = try RoundDatasetTests.scalar(database, "SELECT COUNT(*) FROM \"\(table)\"")
            #expect(tabs[table]?["rows"] as? Int == count, "\(table): \(tabs[table] ?? [:]) against \(count) rows in SQLite")
            let columns = try RoundDatasetTests.query(database, "SELECT name FROM pragma_table_info('\(table)')").compactMap { $0["name"] as? String }
            #expect(tabs[table]?["header"] as? [String] == columns, "\(table)")
        }
        #expect((tabs["cell_values"]?["rows"] as? Int ?? 0) > 100)
        let money = try #require(facts["money"] as? [[Any]])
        #expect(!money.isEmpty)
        for row in money {
            let pounds = try #require(row[0] as? Double, "money is a number: \(row)")
            #expect(row[1] as? String == "£#,##0.00")
            #expect(Int((pounds * 100).rounded()) == row[2] as? Int)
        }
    }

    @Test("LibreOffice opens dataset.xlsx, streamed with its text in the cells, and reads every tab as openpyxl does")
    func datasetOpensInLibreOffice() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let round = try RoundDatasetTests.sampleRound()
        let path = folder.appendingPathComponent("dataset.xlsx").path
        try RoundDataset.writeWorkbook(round.result, catalog: round.catalog, to: path)
        let parts = try ExternalTool.run("python3", ["-c", "import sys, zipfile; print(' '.join(zipfile.ZipFile(sys.argv[1]).namelist()))", path])
        #expect(!parts.contains("sharedStrings"), "text is written in its cells: \(parts)")
        let resaved = folder.appendingPathComponent("libreoffice")
        let profile = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: profile) }
        _ = try ExternalTool.run("soffice", ["--headless", "--norestore", "-env:UserInstallation=file://\(profile.path)",
                                             "--convert-to", "xlsx", "--outdir", resaved.path, path])
        let script = """
        import json, sys, openpyxl
        def tabs(path):
            book = openpyxl.load_workbook(path, read_only=True)
            out = {}
            for sheet in book.worksheets:
                rows = []
                for row in sheet.iter_rows(values_only=True):
                    row = list(row)
                    while row and row[-1] is None: row.pop()
                    rows.append(row)
                while rows and not rows[-1]: rows.pop()
                out[sheet.title] = rows
            return book.sheetnames, out
        names, ours = tabs(sys.argv[1])
        office_names, office = tabs(sys.argv[2])
        differing = [name for name in names if ours[name] != office.get(name)]
        print(json.dumps({"names": names, "office": office_names, "differing": differing,
                          "rows": {name: len(rows) - 1 for name, rows in office.items()}}))
        """
        let output = try ExternalTool.run("python3", ["-c", script, path, resaved.appendingPathComponent("dataset.xlsx").path])
        let read = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
        #expect(read["names"] as? [String] == RoundDataset.tableNames)
        #expect(read["office"] as? [String] == RoundDataset.tableNames)
        #expect(read["differing"] as? [String] == [], "tabs LibreOffice reads otherwise: \(read["differing"] ?? "")")
        let rows = try #require(read["rows"] as? [String: Int])
        #expect((rows["cell_values"] ?? 0) > 100 && rows["submissions"] == 4, "\(rows)")
    }

    @Test("dataset.xlsx: text shaped like Excel's escapes reads back as it was in openpyxl (so pandas), every text in this library's reader")
    func datasetEscapedText() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        // openpyxl decodes no escape in a cell and cannot hold control characters: it shows those escaped.
        let exact = ["_x0041_", "plain _x00e9_ and _xD83D__xDE00_", "<b>&amp;</b>", "  spaced  ", "=1+1"]
        let texts = exact + [RoundReportTests.oddMessage, "carriage\r\nreturn", "nul \u{0} and \u{FFFF}"]
        var table = DatasetTable("issues", [.init(name: "message", type: "TEXT"), .init(name: "amount", type: "TEXT"),
                                            .init(name: "amount_pence", type: "INTEGER"), .init(name: "share", type: "REAL")])
        for (index, text) in texts.enumerated() {
            table.append([.text(text), .text("ignored"), .integer(index * 1_234_567 - 5), .real(Double(index) / 8)])
        }
        let path = folder.appendingPathComponent("dataset.xlsx").path
        try RoundDataset.writeWorkbook([table], to: path)
        let script = """
        import json, sys, openpyxl
        sheet = openpyxl.load_workbook(sys.argv[1])["issues"]
        print(json.dumps([[c.value, c.number_format] for row in sheet.iter_rows(min_row=2) for c in row]))
        """
        let output = try ExternalTool.run("python3", ["-c", script, path])
        let cells = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [[Any]])
        #expect(cells.count == texts.count * 4)
        let workbook = try Workbook(path: path)
        var ours: [CellReference: Cell] = [:]
        let rows = try workbook.rows(in: try workbook.sheet(named: "issues"))
        while let row = try rows.next() {
            for cell in row.cells { ours[cell.reference] = cell }
        }
        for (index, text) in texts.enumerated() where index * 4 < cells.count {
            if index < exact.count { #expect(cells[index * 4][0] as? String == text, "\(cells[index * 4])") }
            #expect(ours[CellReference(row: index + 2, column: 1)]?.value == .text(text))
            #expect(cells[index * 4 + 1][0] as? Double == Double(index * 1_234_567 - 5) / 100)
            #expect(cells[index * 4 + 1][1] as? String == "£#,##0.00")
            #expect((cells[index * 4 + 2][0] as? NSNumber)?.intValue == index * 1_234_567 - 5)
            #expect((cells[index * 4 + 3][0] as? NSNumber)?.doubleValue == Double(index) / 8)
        }
    }

    @Test("dataset.xlsx's columns are wide enough for their headers and their text, and no wider than a bound, as openpyxl reads them")
    func datasetColumnWidths() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let round = try RoundDatasetTests.sampleRound()
        let path = folder.appendingPathComponent("dataset.xlsx").path
        try RoundDataset.writeWorkbook(round.result, catalog: round.catalog, to: path)
        let script = """
        import json, sys, openpyxl
        from openpyxl.utils import get_column_letter
        book = openpyxl.load_workbook(sys.argv[1])
        columns = []
        for sheet in book.worksheets:
            for index, header in enumerate(next(sheet.iter_rows(max_row=1, values_only=True), ()), start=1):
                letter = get_column_letter(index)
                texts = [len(v) for (v,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index, values_only=True) if isinstance(v, str)]
                dimension = sheet.column_dimensions[letter]
                columns.append({"sheet": sheet.title, "header": header, "width": dimension.width if dimension.customWidth else None,
                                "longest": max(texts, default=0)})
        print(json.dumps(columns))
        """
        let output = try ExternalTool.run("python3", ["-c", script, path])
        let columns = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [[String: Any]])
        #expect(columns.count > 50, "\(columns.count) columns")
        for column in columns {
            let name = "\(column["sheet"] ?? "")/\(column["header"] ?? "")"
            let width = try #require(column["width"] as? Double, "\(name) has its own width")
            let header = (column["header"] as? String)?.count ?? 0
            let longest = column["longest"] as? Int ?? 0
            // Excel stores a width with the padding of its cells (libxlsxwriter adds it), under a character more.
            #expect(width <= ColumnWidths.maximum + 1, "\(name): \(width)")
            #expect(width >= min(Double(header + ColumnWidths.filterButton), ColumnWidths.maximum), "\(name): \(width) for a header of \(header)")
            #expect(width >= min(Double(longest), ColumnWidths.maximum), "\(name): \(width) for text of \(longest)")
        }
        // A long header is no longer cut at Excel's default width, and a column of long values stops at the bound.
        let underSpend = try #require(columns.first { $0["sheet"] as? String == "required_spend" && $0["header"] as? String == "under_spend_pence" })
        #expect((underSpend["width"] as? Double ?? 0) >= 20)
        let values = try #require(columns.first { $0["sheet"] as? String == "cell_values" && $0["header"] as? String == "value" })
        #expect((values["longest"] as? Int ?? 0) > 100)
        #expect(abs((values["width"] as? Double ?? 0) - ColumnWidths.maximum) < 1, "\(values)")
    }
}
