import Foundation
import Spreadsheet
import Testing

/// Inputs that made the libFuzzer targets (scripts/fuzz.sh, Fuzz/) crash or leak, kept in Fixtures/fuzz
/// as `<target>-<first 8 hex digits of the input's SHA-1>`. Each runs the code path of its target again:
/// a thrown error is fine, a crash is not. (The leaks themselves are only seen under the sanitizer, by
/// `bash scripts/fuzz.sh`; these tests keep the paths that leaked exercised.)
@Suite struct FuzzRegressionTests {
    static let folder = PatchSupport.repositoryRoot().appendingPathComponent("Fixtures/fuzz")

    static func inputs(_ target: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasPrefix(target + "-") }.sorted()
    }

    /// The workbook target: open from bytes, read custom properties, merged ranges and every cell.
    static func readEverything(_ data: Data) throws {
        let workbook = try Workbook(data: data, name: "fuzz.xlsx")
        _ = try? workbook.customProperties()
        for sheet in workbook.sheets {
            _ = try? workbook.mergedRanges(in: sheet)
            var out: [UInt8] = []
            try? workbook.forEachCell(in: sheet) { cell in
                CellJSON.append(cell, sheet: sheet.name, to: &out)
                return true
            }
        }
    }

    @Test func fixturesArePresent() {
        #expect(Self.inputs("workbook").count >= 2)
    }

    @Test(arguments: inputs("workbook"))
    func workbookInput(_ name: String) throws {
        let data = try Data(contentsOf: Self.folder.appendingPathComponent(name))
        _ = try? Self.readEverything(data)
        // Readers dropped part-way through a sheet (the caller stops, or asks for a few cells).
        if let workbook = try? Workbook(data: data, name: name) {
            for sheet in workbook.sheets {
                try? workbook.forEachCell(in: sheet) { _ in false }
                _ = try? workbook.cells(at: [CellReference(row: 1, column: 1)], in: sheet)
                if let reader = try? workbook.rows(in: sheet) { _ = try? reader.next() }
            }
        }
    }

    /// workbook-da39a3ee, the empty input: the archive's handle was discarded twice (double free in libzip),
    /// and the 1-byte buffer made for it leaked.
    @Test func emptyBytesAreNotAWorkbook() throws {
        #expect(throws: SpreadsheetError.self) { try Workbook(data: Data(), name: "empty.xlsx") }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("bcf-empty-\(UUID().uuidString).xlsx").path
        #expect(FileManager.default.createFile(atPath: path, contents: Data()))
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(throws: SpreadsheetError.self) { try Workbook(path: path) }
        #expect(throws: SpreadsheetError.self) { try WorkbookPatcher(path: path) }
    }

    @Test(arguments: inputs("patch"))
    func patchInput(_ name: String) throws {
        let path = Self.folder.appendingPathComponent(name).path
        guard let patcher = try? WorkbookPatcher(path: path) else { return }
        guard let sheet = patcher.sheets.first(where: { $0.kind == .worksheet }) ?? patcher.sheets.first else { return }
        let patches = [
            CellPatch(sheet: sheet.name, cell: CellReference(row: 1, column: 1), value: .text("fuzz <&> \"text\"")),
            CellPatch(sheet: sheet.name, cell: CellReference(row: 2, column: 3), value: .number(1234.5)),
        ]
        if let data = try? patcher.patchedWorkbook(patches), let written = try? Workbook(data: data) {
            for sheet in written.sheets { try? written.forEachCell(in: sheet) { _ in true } }
        }
    }
}
