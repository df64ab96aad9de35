import Foundation
@testable import Spreadsheet
import Testing

/// Issue 19, item 1: a tag padded with blanks, or a long comment, used to be looked at again with every
/// chunk (time in the square of its length). Each construct is now scanned once, and one longer than
/// `ReadLimits.maxMarkupBytes` is refused with that limit named, in the byte scanner, the libxml2 path and
/// the patcher's cursor alike.
@Suite struct MarkupLengthTests {
    private static let generous = ReadLimits(maxCompressionRatio: 1 << 30, maxMarkupBytes: 1 << 30)

    /// A workbook whose sheet (or shared-strings part) holds `padding` blanks inside its root tag, or a
    /// comment of that many bytes (`- - - `, so that looking for `-->` stops at every other byte).
    private static func padded(_ where: Where, padding: Int) throws -> Data {
        let blanks = [UInt8](repeating: 0x20, count: padding)
        var dashes = blanks
        for index in stride(from: 0, to: padding - 1, by: 2) { dashes[index] = UInt8(ascii: "-") }
        var package = TestPackage.workbook(sheets: [("S", #"<sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData>"#)],
                                           sharedStrings: ["hello"])
        switch `where` {
        case .sheetTag, .sheetComment:
            var bytes = Array(#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="\#(TestPackage.main)""#.utf8)
            if `where` == .sheetTag { bytes += blanks + Array(">".utf8) } else { bytes += Array("><!--".utf8) + dashes + Array("-->".utf8) }
            bytes += Array(#"<sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData></worksheet>"#.utf8)
            package.entries.removeAll { $0.name == "xl/worksheets/sheet1.xml" }
            package.add("xl/worksheets/sheet1.xml", bytes: bytes)
        case .sharedStringsTag, .sharedStringsComment:
            var bytes = Array(#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="\#(TestPackage.main)""#.utf8)
            if `where` == .sharedStringsTag { bytes += blanks + Array(">".utf8) } else { bytes += Array("><!--".utf8) + dashes + Array("-->".utf8) }
            bytes += Array("<si><t>hello</t></si></sst>".utf8)
            package.entries.removeAll { $0.name == "xl/sharedStrings.xml" }
            package.add("xl/sharedStrings.xml", bytes: bytes)
        }
        return try package.data()
    }

    enum Where: Sendable { case sheetTag, sheetComment, sharedStringsTag, sharedStringsComment }

    private static func read(_ data: Data, limits: ReadLimits) throws -> [Cell] {
        let workbook = try Workbook(data: data, name: "padded.xlsx", limits: limits)
        var cells: [Cell] = []
        try workbook.forEachCell(in: workbook.sheets[0]) { cells.append($0); return true }
        return cells
    }

    /// Seconds to read the workbook, the best of two runs (the machine is shared).
    private static func seconds(_ data: Data) throws -> Double {
        var best = Double.infinity
        for _ in 0..<2 {
            let start = ContinuousClock.now
            let cells = try read(data, limits: generous)
            let elapsed = ContinuousClock.now - start
            #expect(cells.map(\.value) == [.text("hello")])
            best = min(best, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
        }
        return best
    }

    @Test(arguments: [Where.sheetTag, .sheetComment, .sharedStringsTag, .sharedStringsComment])
    func theTimeIsLinearInThePadding(_ where: Where) throws {
        // Eight times the padding must cost about eight times the time. Looking again with every 128 KiB
        // chunk cost 64 times (8 MiB: 64 searches of up to 8 MiB each); libxml2 refuses a construct over
        // about 10 MB of its own accord, so 1 and 8 MiB.
        let small = try Self.seconds(Self.padded(`where`, padding: 1 << 20))
        let large = try Self.seconds(Self.padded(`where`, padding: 8 << 20))
        #expect(large < 8 * small * 1.6 + 0.3, "1 MiB: \(small) s, 8 MiB: \(large) s")
    }

    @Test(arguments: [(Where.sheetTag, "tag"), (.sheetComment, "comment"), (.sharedStringsTag, "tag"), (.sharedStringsComment, "comment")])
    func aConstructLongerThanTheLimitIsRefusedByName(_ where: Where, _ construct: String) throws {
        let part = [.sheetTag, .sheetComment].contains(`where`) ? "xl/worksheets/sheet1.xml" : "xl/sharedStrings.xml"
        let data = try Self.padded(`where`, padding: 16 << 20)
        let start = ContinuousClock.now
        do {
            _ = try Self.read(data, limits: ReadLimits(maxCompressionRatio: 1 << 30))
            Issue.record("a 16 MiB \(construct) was read")
        } catch let SpreadsheetError.limitExceeded(_, failedPart, limit, maximum) {
            #expect(failedPart == part)
            #expect(limit == "the length of one \(construct), in bytes")
            #expect(maximum == ReadLimits().maxMarkupBytes)
        }
        // Refused once the limit is passed, not after reading the whole part.
        #expect(ContinuousClock.now - start < .seconds(3))
        // Within the limit, it is read.
        #expect(try Self.read(Self.padded(`where`, padding: 1 << 19), limits: ReadLimits()).map(\.value) == [.text("hello")])
    }

    @Test func theLimitHoldsWhateverTheChunks() throws {
        // A construct exactly at the limit passes, one byte more is refused, in both paths: the length is
        // counted across chunk boundaries, from `<` to `>` inclusive.
        let limit = 300_000
        for (where_, overhead) in [(Where.sheetTag, #"<worksheet xmlns="\#(TestPackage.main)">"#.utf8.count),
                                   (.sharedStringsTag, #"<sst xmlns="\#(TestPackage.main)">"#.utf8.count),
                                   (.sheetComment, 7), (.sharedStringsComment, 7)] {
            let limits = ReadLimits(maxMarkupBytes: limit)
            #expect(try Self.read(Self.padded(where_, padding: limit - overhead), limits: limits).count == 1)
            #expect(throws: SpreadsheetError.self) { try Self.read(Self.padded(where_, padding: limit - overhead + 1), limits: limits) }
        }
    }

    @Test func utf16PartsAreMeasuredByCodeUnit() {
        // A quote's byte inside another character (U+2722 is 22 27 in UTF-16LE) opens no quoted value.
        let text = #"<?xml version="1.0" encoding="UTF-16"?><sst a="✢" b="\#(String(repeating: "x", count: 100))"><si><t>x</t></si></sst>"#
        var bytes: [UInt8] = [0xFF, 0xFE]
        for unit in text.utf16 { bytes += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        var guardian = MarkupLengthGuard(maximum: 200)
        // Fed in odd-sized pieces, so that code units are cut in two.
        var refused: String?
        for start in stride(from: 0, to: bytes.count, by: 7) where refused == nil {
            refused = Array(bytes[start..<min(bytes.count, start + 7)]).withUnsafeBytes { guardian.feed($0) }
        }
        #expect(refused == nil)
        var strict = MarkupLengthGuard(maximum: 60)
        #expect(bytes.withUnsafeBytes { strict.feed($0) } == "tag")
    }

    @Test func thePatcherRefusesALongCommentByTheSameLimit() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("markup-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("padded.xlsx").path
        try Self.padded(.sheetComment, padding: 2 << 20).write(to: URL(fileURLWithPath: path))
        #expect {
            _ = try WorkbookPatcher(path: path)
        } throws: { error in
            guard case let SpreadsheetError.limitExceeded(_, part, limit, _) = error else { return false }
            return part == "xl/worksheets/sheet1.xml" && limit == "the length of one comment, in bytes"
        }
    }
}
