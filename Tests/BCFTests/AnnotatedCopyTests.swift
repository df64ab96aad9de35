import Foundation
import Testing
@testable import BCF
import Spreadsheet

/// The council's annotated copy: each failing cell highlighted with its finding as a note, read back
/// by openpyxl and by LibreOffice, every other part unchanged.
@Suite("Annotated copies of a checked return")
struct AnnotatedCopyTests {
    struct Readback: Decodable {
        let comments: [String: String]
        let formatted: [String: [String]]
        let protected: [String]
        let changed: [String]?
        let added: [String]?
        let removed: [String]?
    }

    static func readBack(_ path: String, original: String? = nil) throws -> Readback {
        let output = try ExternalTool.run("python3", [repositoryRoot.appendingPathComponent("scripts/read_annotations.py").path, path] + (original.map { [$0] } ?? []))
        return try JSONDecoder().decode(Readback.self, from: Data(output.utf8))
    }

    @Test("every finding with a cell is a note on it, the cells are highlighted, and only the parts notes need change")
    func findingsBecomeNotes() throws {
        let catalog = try loadCatalog()
        let definition = try catalog.edition("planning-2017-19")
        let allocations = try AllocationsTable(csv: AllocationsTable.text(ofFile: repositoryRoot.appendingPathComponent("Fixtures/allocations-2017-19.csv").path),
                                               file: "a.csv", definition: definition)
        let leeds = try #require(allocations.areas.first { $0.name == "Leeds" })
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        // A pre-filled return the council has not filled: findings on many cells of several sheets.
        let source = folder.appendingPathComponent("leeds.xlsx").path
        try WorkbookPatcher(path: templatesDirectory.appendingPathComponent("planning-2017-19.xlsx").path).write(leeds.model(for: definition).cellPatches(), to: source)
        let before = try Data(contentsOf: URL(fileURLWithPath: source))
        let check = try Checker(catalog: catalog).check(path: source)
        #expect(check.issues.count > 20)
        let out = folder.appendingPathComponent("leeds annotated.xlsx").path
        try AnnotatedCopy.write(check, to: out)
        #expect(try Data(contentsOf: URL(fileURLWithPath: source)) == before, "the checked file is never modified")

        let read = try Self.readBack(out, original: source)
        var expected: [String: [String]] = [:]
        for annotation in check.annotations { expected["\(annotation.sheet)!\(annotation.cell)", default: []].append(annotation.text) }
        #expect(Set(read.comments.keys) == Set(expected.keys))
        for (place, texts) in expected { #expect(read.comments[place] == texts.joined(separator: "\n"), "\(place)") }
        for sheet in Set(check.annotations.map(\.sheet)) {
            let cells = Set(check.annotations.filter { $0.sheet == sheet }.map(\.cell.description))
            let formatted = Set((read.formatted[sheet] ?? []).flatMap { $0.split(separator: " ").map(String.init) })
            #expect(cells.isSubset(of: formatted), "\(sheet) highlights its cells")
        }
        let protected = try Self.readBack(source).protected
        #expect(read.protected == protected && !protected.isEmpty, "protection stays")
        #expect(read.removed == [])
        let annotatedSheets = Set(check.annotations.map(\.sheet)).count
        #expect(read.added?.filter { $0.hasPrefix("xl/comments") }.count == annotatedSheets)
        #expect(read.added?.filter { $0.hasSuffix(".vml") }.count == annotatedSheets)
        // Changed: the styles (one differential format), the content types, and each annotated sheet
        // with its relationships; every other part is byte for byte the original's.
        let changed = Set(read.changed ?? [])
        #expect(changed.contains("xl/styles.xml") && changed.contains("[Content_Types].xml"))
        #expect(changed.subtracting(["xl/styles.xml", "[Content_Types].xml"]).allSatisfy { $0.hasPrefix("xl/worksheets/") }, "\(changed)")
        #expect(changed.filter { $0.hasPrefix("xl/worksheets/sheet") }.count == annotatedSheets)

        // LibreOffice opens it and keeps every note (its own save, read back by openpyxl).
        try ExternalTool.run("bash", [repositoryRoot.appendingPathComponent("scripts/recalculate_with_libreoffice.sh").path, out, folder.appendingPathComponent("lo").path])
        let libreOffice = try Self.readBack(folder.appendingPathComponent("lo/leeds annotated.xlsx").path)
        #expect(Set(libreOffice.comments.keys) == Set(expected.keys))
        for (place, texts) in expected { #expect(libreOffice.comments[place]?.contains(texts[0]) == true, "\(place)") }
        // The copy still reads as the same return.
        let reader = EditionReader(catalog: catalog)
        #expect(try reader.read(path: out).model == reader.read(path: source).model)
    }

    @Test("a cell's existing note is kept and the finding added to it, never a second note; other notes stay")
    func existingNotesMerged() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let source = folder.appendingPathComponent("with notes.xlsx").path
        let fixture = repositoryRoot.appendingPathComponent("Fixtures/rules/PLAN-COMP-001.xlsx").path
        try ExternalTool.run("python3", ["-c", """
        import openpyxl, sys
        from openpyxl.comments import Comment
        wb = openpyxl.load_workbook(sys.argv[1])
        wb["1. Cover"]["C6"].comment = Comment("Ask Sam who fills this in.", "Lead")
        wb["1. Cover"]["C7"].comment = Comment("Use the team mailbox.", "Lead")
        wb.save(sys.argv[2])
        """, fixture, source])
        let check = try Checker(catalog: try loadCatalog()).check(path: source)
        #expect(check.issues.map(\.rule) == ["PLAN-COMP-001"])
        let out = folder.appendingPathComponent("annotated.xlsx").path
        try AnnotatedCopy.write(check, to: out)
        let read = try Self.readBack(out, original: source)
        #expect(read.comments.count == 2)
        let merged = try #require(read.comments["1. Cover!C6"])
        #expect(merged.hasPrefix("Ask Sam who fills this in.") && merged.contains("error PLAN-COMP-001: Completed by: required but empty"))
        #expect(read.comments["1. Cover!C7"] == "Use the team mailbox.")
        #expect(read.added?.filter { $0.hasPrefix("xl/comments") || $0.hasSuffix(".vml") } == [], "the sheet's own parts are used")
        try ExternalTool.run("bash", [repositoryRoot.appendingPathComponent("scripts/recalculate_with_libreoffice.sh").path, out, folder.appendingPathComponent("lo").path])
        let libreOffice = try Self.readBack(folder.appendingPathComponent("lo/annotated.xlsx").path)
        #expect(libreOffice.comments["1. Cover!C6"]?.contains("PLAN-COMP-001") == true)
        #expect(libreOffice.comments["1. Cover!C7"] == "Use the team mailbox.")
    }

    @Test("bcf check --annotate writes the copy of one workbook; never over the checked file")
    func command() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let fixture = repositoryRoot.appendingPathComponent("Fixtures/rules/PLAN-NC-001.xlsx").path
        let out = folder.appendingPathComponent("nc.xlsx").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try bcfBinary())
        process.arguments = ["check", fixture, "--annotate", out, "--templates", templatesDirectory.path]
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 1, "the workbook fails, and the copy is written")
        #expect(try Self.readBack(out).comments.values.contains { $0.contains("PLAN-NC-001") })
        // The same copy from bytes held in memory, as a round holds them.
        let check = try Checker(catalog: try loadCatalog()).check(path: fixture)
        let inMemory = folder.appendingPathComponent("in memory.xlsx")
        try AnnotatedCopy.annotatedWorkbook(check, data: Data(contentsOf: URL(fileURLWithPath: fixture))).write(to: inMemory)
        #expect(try Self.readBack(inMemory.path).comments == Self.readBack(out).comments)
        #expect(throws: AnnotatedCopyError.notChecked(file: "x.xlsx", reason: "unreadable")) {
            try AnnotatedCopy.annotatedWorkbook(WorkbookCheck(file: "x.xlsx", edition: nil, healthAndWellbeingBoard: nil, issues: [], failure: "unreadable"), data: Data())
        }
        #expect(throws: PatchError.outputIsTemplate(path: fixture)) {
            try AnnotatedCopy.write(try Checker(catalog: try loadCatalog()).check(path: fixture), to: fixture, overwrite: true)
        }
    }
}
