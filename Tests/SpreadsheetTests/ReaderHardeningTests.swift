import Foundation
import Spreadsheet
import Testing

/// Issue 19, the reader's minor items: each on a hand-built package carrying exactly the fault.
@Suite struct ReaderHardeningTests {
    private func cells(_ package: TestPackage) throws -> [String: CellValue?] {
        let workbook = try Workbook(data: package.data(), name: "hardening.xlsx")
        var result: [String: CellValue?] = [:]
        try workbook.forEachCell(in: workbook.sheets[0]) { result[$0.reference.description] = $0.value; return true }
        return result
    }

    /// A package whose first worksheet part is exactly `xml` (no closing tag added).
    private func sheet(bytes xml: [UInt8]) -> TestPackage {
        var package = TestPackage.workbook(sheets: [("S", "<sheetData/>")])
        package.entries.removeAll { $0.name == "xl/worksheets/sheet1.xml" }
        package.add("xl/worksheets/sheet1.xml", bytes: xml)
        return package
    }

    private static let head = #"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="\#(TestPackage.main)">"#

    @Test func anEntrySizedFFFFFFFFIsADamagedArchiveNotAMissingFile() throws {
        var bytes = [UInt8](try TestPackage.workbook(sheets: [("S", #"<sheetData><row><c><v>1</v></c></row></sheetData>"#)]).data())
        // The uncompressed size of the workbook part's central-directory entry, without a ZIP64 record.
        let name = Array("xl/workbook.xml".utf8)
        var index = 0
        var patched = false
        while index + 46 < bytes.count {
            if bytes[index..<(index + 4)].elementsEqual([0x50, 0x4B, 0x01, 0x02]) {
                let length = Int(bytes[index + 28]) | Int(bytes[index + 29]) << 8
                if bytes[(index + 46)..<(index + 46 + length)].elementsEqual(name) {
                    bytes.replaceSubrange((index + 24)..<(index + 28), with: [0xFF, 0xFF, 0xFF, 0xFF])
                    patched = true
                    break
                }
            }
            index += 1
        }
        #expect(patched)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hardening-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("ffffffff.xlsx").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        for open in [{ try Workbook(path: path) }, { try Workbook(data: Data(bytes), name: path) }] {
            #expect {
                _ = try open()
            } throws: { error in
                guard case let SpreadsheetError.corruptArchive(file, _, reason) = error else { return false }
                return file == path && reason.contains("0xFFFFFFFF") && (error as? SpreadsheetError)?.exitCode == 14
            }
        }
    }

    @Test func textThatIsNotUTF8IsRefusedWithItsCell() throws {
        for (cell, expected) in [(#"<c r="B2" t="inlineStr"><is><t>caf"#, "its text is not valid UTF-8"),
                                 (#"<c r="B2" t="str"><f>"x"</f><v>caf"#, "its text is not valid UTF-8"),
                                 (#"<c r="B2"><f>"caf"#, "its formula is not valid UTF-8")] {
            let closing = cell.contains("<is>") ? "</t></is></c>" : cell.contains("<v>") ? "</v></c>" : "\"</f><v>1</v></c>"
            // Latin-1 é (0xE9) in a part that declares UTF-8.
            let xml = Array((Self.head + #"<sheetData><row r="2">"# + cell).utf8) + [0xE9] + Array((closing + "</row></sheetData></worksheet>").utf8)
            #expect {
                _ = try cells(sheet(bytes: xml))
            } throws: { error in
                error as? SpreadsheetError == .invalidCell(file: "hardening.xlsx", sheet: "S", cell: "B2", reason: expected)
            }
        }
        // Valid UTF-8 of every width reads as written.
        let text = "é€𝄞"
        let xml = Array((Self.head + #"<sheetData><row r="2"><c r="B2" t="inlineStr"><is><t>\#(text)</t></is></c></row></sheetData></worksheet>"#).utf8)
        #expect(try cells(sheet(bytes: xml)) == ["B2": .text(text)])
    }

    @Test func aPartCutOrDamagedAfterItsCellsIsRefused() throws {
        let cellsXML = #"<sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData>"#
        let cut = Array((Self.head + cellsXML + #"<mergeCells count="1"><mergeCell ref="A1:B"#).utf8)
        let unclosed = Array((Self.head + cellsXML + "<mergeCells></worksheet>").utf8)
        let extra = Array((Self.head + cellsXML + "</worksheet><worksheet>").utf8)
        for xml in [cut, unclosed, extra] {
            #expect(throws: SpreadsheetError.self) { try cells(sheet(bytes: xml)) }
        }
        // The same through libxml2 (a UTF-16 part).
        let text = #"<?xml version="1.0" encoding="UTF-16"?><worksheet xmlns="\#(TestPackage.main)">\#(cellsXML)<mergeCells>"#
        var utf16: [UInt8] = [0xFF, 0xFE]
        for unit in text.utf16 { utf16 += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        #expect(throws: SpreadsheetError.self) { try cells(sheet(bytes: utf16)) }
        // Whole, it reads; a second sheetData after the first adds nothing.
        let whole = Array((Self.head + cellsXML + #"<mergeCells count="1"><mergeCell ref="A1:B2"/></mergeCells><sheetData><row r="9"><c r="A9"><v>9</v></c></row></sheetData></worksheet>"#).utf8)
        #expect(try cells(sheet(bytes: whole)) == ["A1": .number(1)])
    }

    @Test func onlyRegularFilesAreOpened() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hardening-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let fifo = folder.appendingPathComponent("pipe.xlsx").path
        #expect(mkfifo(fifo, 0o600) == 0)
        // Opening the FIFO to read would wait for a writer that never comes.
        #expect(throws: SpreadsheetError.fileNotReadable(file: fifo, reason: "it is not a regular file (a FIFO, device or socket), so it is not read")) {
            try Workbook(path: fifo)
        }
        #expect(throws: SpreadsheetError.fileNotReadable(file: folder.path, reason: "it is a folder, not a workbook file")) {
            try Workbook(path: folder.path)
        }
        #expect(throws: SpreadsheetError.self) { try Workbook(path: "/dev/zero") }
    }
}
