import Foundation
import Testing
@testable import BCF

/// Issue 16: a changed layout is explained in one plain sentence before the list of labels, for
/// workbooks edited by openpyxl as a submitter's other program would.
@Suite("A changed layout in a sentence")
struct LayoutChangeTests {
    static let planning = "Fixtures/planning-2017-19-sample.xlsx"

    /// The first line `bcf read` prints on standard error for the edited workbook, which must be refused.
    private func refusal(_ operations: [String], source: String = planning, folder: URL) throws -> String {
        let edited = try editedWithOpenpyxl(source, into: folder, name: "edited-\(UUID().uuidString).xlsx", operations)
        let read = try bcfOutside(["read", edited], in: folder)
        #expect(read.status == 32, "\(read.err)")
        let lines = read.err.split(separator: "\n")
        #expect(lines.count > 1, "the labels are listed after the sentence: \(read.err)")
        return String(lines.first ?? "")
    }

    @Test("a row inserted above a sheet's labels is named with the sheet and row, before the list")
    func rowInserted() throws {
        let folder = try temporaryFolder()
        let first = try refusal(["insert-row:4. Expenditure!5"], folder: folder)
        #expect(first.contains(": a row was inserted above '4. Expenditure' row 5, so the layout differs from edition planning-2017-19"), "\(first)")
        let three = try refusal(["insert-rows:3. Income!5=3"], folder: folder)
        #expect(three.contains(": 3 rows were inserted above '3. Income' row 5, so the layout differs"), "\(three)")
    }

    @Test("a column inserted is named by its letter and sheet")
    func columnInserted() throws {
        let first = try refusal(["insert-column:3. Income!D"], folder: try temporaryFolder())
        #expect(first.contains(": column D was inserted on '3. Income', so the layout differs"), "\(first)")
    }

    @Test("a missing sheet names the sheet of a near name that exists")
    func nearName() throws {
        let first = try refusal(["rename:5. Metrics=5. Metrics "], folder: try temporaryFolder())
        #expect(first.contains(": sheet '5. Metrics' is missing; '5. Metrics ' exists, so the layout differs"), "\(first)")
    }

    @Test("an edit that is no single insertion is not explained by a guess: the list alone")
    func noGuess() throws {
        let folder = try temporaryFolder()
        let first = try refusal(["set:3. Income!B5=Something else"], folder: folder)
        #expect(first.contains(": the layout differs from edition planning-2017-19 (1 label(s) not where expected), so no value is read:"), "\(first)")
        let twice = try refusal(["insert-rows:3. Income!5=1", "insert-rows:3. Income!40=2"], folder: folder)
        #expect(twice.contains(": the layout differs from edition planning-2017-19 ("), "\(twice)")
    }

    @Test("check names the change where it refuses the workbook and in the PLAN-LAYOUT-001 and QTR-LAYOUT-001 findings")
    func check() throws {
        let folder = try temporaryFolder()
        let planning = try editedWithOpenpyxl(Self.planning, into: folder, name: "planning.xlsx", ["insert-row:4. Expenditure!5"])
        let refused = try bcfOutside(["check", planning], in: folder)
        #expect(refused.status == 2)
        #expect(refused.out.contains("a row was inserted above '4. Expenditure' row 5, so the layout differs"), "\(refused.out)")
        let relocated = try bcfOutside(["check", planning, "--relocate", "--format", "csv"], in: folder)
        #expect(relocated.out.contains("PLAN-LAYOUT-001,warning,4. Expenditure,D8,\"a row was inserted above '4. Expenditure' row 5, so the layout differs from the template: read by its labels"), "\(relocated.out)")
        let quarterly = try editedWithOpenpyxl("Fixtures/quarterly-2018-19-sample.xlsx", into: folder, name: "quarterly.xlsx", ["insert-rows:3. National Metrics!5=2"])
        let report = try bcfOutside(["check", quarterly, "--relocate"], in: folder)
        #expect(report.out.contains("QTR-LAYOUT-001"), "\(report.out)")
        #expect(report.out.contains("2 rows were inserted above '3. National Metrics' row 5, so the layout differs from the template"), "\(report.out)")
    }

    @Test("fill refuses a moved template with the change first, and adapt's report leads with it")
    func fillAndAdapt() throws {
        let folder = try temporaryFolder()
        let template = try editedWithOpenpyxl(Self.planning, into: folder, name: "template.xlsx", ["insert-column:3. Income!D"])
        let model = folder.appendingPathComponent("model.json").path
        let read = try bcfOutside(["read", repositoryRoot.appendingPathComponent(Self.planning).path, "-o", model], in: folder)
        #expect(read.status == 0, "\(read.err)")
        let fill = try bcfOutside(["fill", "--edition", "planning-2017-19", "--template", template, "--data", model, "-o", "out.xlsx"], in: folder)
        #expect(fill.status == 57)
        #expect(fill.err.contains("template.xlsx: column D was inserted on '3. Income', so the layout differs from edition planning-2017-19"), "\(fill.err)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("out.xlsx").path))

        let adapted = try bcfOutside(["adapt", "planning-2017-19", template, "-o", "adapted.yaml"], in: folder)
        #expect(adapted.out.hasPrefix("\(template): column D was inserted on '3. Income'; adapted edition planning-2017-19"), "\(adapted.out)")
        let json = try bcfOutside(["adapt", "planning-2017-19", template, "-o", "adapted.yaml", "--overwrite", "--format", "json"], in: folder)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [String: Any])
        #expect(document["changes"] as? [String] == ["column D was inserted on '3. Income'"])
    }
}
