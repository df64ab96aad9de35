import CZip
import Foundation
import Spreadsheet
import Testing

/// Property test: random workbooks written with `WorkbookWriter` (over libxlsxwriter, a writer the
/// reader's authors did not write) read back cell for cell with `Workbook`.
///
/// Every case is a fixed seed, shown as the test argument and (in hex) in every failure message. To
/// rerun one failure alone, set `seeds` to `[thatSeed]`: the same seed writes the same workbook.
@Suite struct WriteReadPropertyTests {
    /// SplitMix64: tiny, fast, and the same sequence on every machine and Swift version.
    struct SplitMix64 {
        var state: UInt64

        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }

        mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
        mutating func chance(_ percent: Int) -> Bool { below(100) < percent }
        mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }
    }

    /// What a reader must return for a cell; `formula` holds the text without `=`.
    enum Expected {
        case number(Double)
        case text(String)
        case boolean(Bool)
        case date(Double)
        case formula(String, CellValue?)
    }

    static let seeds: [UInt64] = (0..<200).map { 0x5EED_0000 &+ UInt64($0) &* 7_919 }

    // MARK: - Generators

    static let sheetNames = [
        "Sheet1", "Données 2024", "数据", "O'Brien", "Tab with spaces", "a!b", "Ünïcödé ✓", "😀 emoji",
        "עברית", String(repeating: "x", count: 31), "Summary", "#1 & <two>", "Σ%€.", " padded  ", "Say \"hi\" & bye",
    ]

    static let textFragments = [
        "", " ", "  leading", "trailing  ", "plain", "Ünïcödé", "e\u{301}", "😀", "👩‍👩‍👧", "中文字符", "日本語",
        "한국어", "עברית", "مرحبا", "<tag>", "&amp;", "\"", "'", "<>&\"'", "\n", "\r", "\r\n", "\t", "\u{0}",
        "\u{1}", "\u{8}", "\u{B}", "\u{C}", "\u{1F}", "\u{7F}", "\u{FFFE}", "\u{FFFF}", "_x0041_", "_x0041", "_x",
        "_", "x0041_", "_x005F_", "_xD83D_", "_xd83d__xde00_", "_X0041_", "=SUM(A1)", "#N/A", "TRUE",
        "0001234", "1e5", " \n ", "]]>", "&#13;",
    ]

    static func randomText(_ random: inout SplitMix64, longPercent: Int = 3) -> String {
        if random.chance(longPercent) {
            // Exactly at Excel's limit of 32,767 UTF-16 units.
            return random.pick([
                String(repeating: "a", count: 32_767),
                String(repeating: "é", count: 32_767),
                String(repeating: "中", count: 32_767),
                String(repeating: "😀", count: 16_383) + "a",
                String(repeating: "b", count: 32_766) + "\u{1}",
                String(repeating: "c\n", count: 16_383) + "\r",
            ])
        }
        return (0..<(1 + random.below(5))).map { _ in random.pick(textFragments) }.joined()
    }

    /// A number, and whether it must come back exactly as given (not only as libxlsxwriter rounds it).
    static func randomNumber(_ random: inout SplitMix64) -> (value: Double, isExact: Bool) {
        let sign: Double = random.chance(50) ? 1 : -1
        switch random.below(6) {
        case 0:
            return (Double(Int64(bitPattern: random.next()) % 1_000_000_000_000_000), true)
        case 1:
            return (sign * Double(random.below(100_000_000)) / 100, true)
        case 2:
            return (random.pick([
                0.1 + 0.2, -0.0, 1e-300, Double.leastNonzeroMagnitude, 2.2250738585072014e-308, 1e308, -1e308,
                Double.greatestFiniteMagnitude, -Double.greatestFiniteMagnitude, 1.797693134862315e308,
                9_007_199_254_740_992, 123_456_789_012_345_680, 0.07, 0.5, -1.5, 1e15 + 0.3, Double.pi,
                Double.leastNormalMagnitude, 1e-7, 4.35,
            ]), false)
        case 3:
            return (randomFinite(&random), false)
        default:
            // 15 significant digits, all Excel keeps: these must survive the 16-digit writer exactly.
            return (Double(String(format: "%.15G", randomFinite(&random))) ?? 1, true)
        }
    }

    static func randomFinite(_ random: inout SplitMix64) -> Double {
        let number = Double(bitPattern: random.next())
        return number.isFinite ? number : 1
    }

    static func randomSerial(_ random: inout SplitMix64) -> Double {
        if random.chance(10) { return random.pick([0, 0.5, 1, 59, 60, 61, 2_958_465, 2_958_465.999988426, 45_000.25, -0.0]) }
        return Double(random.below(2_958_466)) + Double(random.below(86_400_000)) / 86_400_000
    }

    static let numberFormulas = [
        "=1+2", "SUM(A1:B2)*3", "=PI()", "=IF(A1>0,\"yes\",\"no\")", "='O''Brien'!A1*2", "=A1&\"<&>\"",
        "=LEN(\"héllo 😀 中文\")", "=\"a\"&CHAR(10)&\"b\"", "=\"line\nbreak\"", "=SUM(XFD1048576)", "=\"tab\there\"",
        "=  1 + 2  ",
    ]

    static func randomReference(_ random: inout SplitMix64, used: [CellReference]) -> CellReference {
        switch random.below(100) {
        case 0..<5:
            return random.pick([CellReference(row: CellReference.maxRow, column: CellReference.maxColumn),
                                CellReference(row: CellReference.maxRow, column: 1),
                                CellReference(row: 1, column: CellReference.maxColumn),
                                CellReference(row: 1, column: 1)])
        case 5..<15:
            return CellReference(row: 1 + random.below(CellReference.maxRow), column: 1 + random.below(CellReference.maxColumn))
        case 15..<30 where !used.isEmpty:
            return random.pick(used)
        default:
            return CellReference(row: 1 + random.below(200), column: 1 + random.below(30))
        }
    }

    /// `'Sheet name'` as a formula needs it, apostrophes doubled.
    static func quoted(_ sheet: String) -> String {
        sheet.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
            ? sheet : "'" + sheet.replacingOccurrences(of: "'", with: "''") + "'"
    }

    // MARK: - Writing, with the model of what must be read back

    /// Writes one random value and records what a reader must then find at `reference`.
    static func writeRandomValue(_ random: inout SplitMix64, to sheet: WorksheetWriter, at reference: CellReference,
                                 model: inout [CellReference: Expected], longTextPercent: Int = 3, tag: String) throws {
        switch random.below(9) {
        case 0, 1:
            let (number, isExact) = randomNumber(&random)
            guard let stored = WorkbookWriter.storedValue(of: number) else {
                #expect(throws: WriterError.numberTooLarge(sheet: sheet.name, cell: reference, value: number), "\(tag)") {
                    try sheet.write(number, at: reference)
                }
                return
            }
            if isExact { #expect(stored.bitPattern == number.bitPattern, "\(tag): \(number) must be stored exactly") }
            try sheet.write(number, at: reference)
            model[reference] = .number(stored)
        case 2, 3:
            let text = randomText(&random, longPercent: longTextPercent)
            try sheet.write(text, at: reference)
            if !text.isEmpty { model[reference] = .text(text) }
        case 4:
            let flag = random.chance(50)
            try sheet.write(flag, at: reference)
            model[reference] = .boolean(flag)
        case 5:
            let serial = randomSerial(&random)
            try sheet.write(SpreadsheetDate(serial: serial, system: .dates1900), at: reference, style: random.pick(DateStyle.allCases))
            model[reference] = .date(WorkbookWriter.storedValue(of: serial) ?? .nan)
        case 6:
            let formula = random.pick(numberFormulas)
            let (result, _) = randomNumber(&random)
            guard let stored = WorkbookWriter.storedValue(of: result) else {
                #expect(throws: WriterError.numberTooLarge(sheet: sheet.name, cell: reference, value: result), "\(tag)") {
                    try sheet.writeFormula(formula, cachedResult: result, at: reference)
                }
                return
            }
            try sheet.writeFormula(formula, cachedResult: result, at: reference)
            model[reference] = .formula(body(formula), .number(stored))
        case 7:
            let formula = random.pick(numberFormulas)
            let result = random.chance(10) ? "" : randomText(&random, longPercent: longTextPercent)
            try sheet.writeFormula(formula, cachedResult: result, at: reference)
            // An empty cached string means "not calculated": the reader reports no value.
            model[reference] = .formula(body(formula), result.isEmpty ? nil : .text(result))
        default:
            try sheet.writeBlank(at: reference, style: random.chance(50) ? nil : random.pick(DateStyle.allCases))
            model[reference] = nil
        }
    }

    static func body(_ formula: String) -> String {
        formula.hasPrefix("=") ? String(formula.dropFirst()) : formula
    }

    struct WrittenSheet {
        let name: String
        var cells: [CellReference: Expected] = [:]
        var merges: Set<CellRange> = []
        var state = SheetState.visible
    }

    @Test(arguments: seeds)
    func randomWorkbookReadsBackExactly(seed: UInt64) throws {
        var random = SplitMix64(state: seed)
        let tag = "seed 0x\(String(seed, radix: 16, uppercase: true))"
        let folder = try ScratchFolder()
        defer { folder.remove() }
        let path = folder.path + "/random.xlsx"

        let writer = try WorkbookWriter(path: path)
        var names = Self.sheetNames
        var written: [WrittenSheet] = []
        var handles: [WorksheetWriter] = []
        for _ in 0..<(1 + random.below(3)) {
            let name = names.remove(at: random.below(names.count))
            let sheet = try writer.addWorksheet(named: name)
            handles.append(sheet)
            var record = WrittenSheet(name: name)
            var used: [CellReference] = []
            for _ in 0..<(1 + random.below(100)) {
                let reference = Self.randomReference(&random, used: used)
                used.append(reference)
                try Self.writeRandomValue(&random, to: sheet, at: reference, model: &record.cells, tag: tag)
            }
            if random.chance(8) {
                // A dense block makes the sheet part span several of the reader's 128 KB chunks, so that
                // chunk boundaries fall inside tags, attributes, text and entities.
                let top = 1 + random.below(5_000), left = 1 + random.below(100), width = 1 + random.below(60)
                for offset in 0..<(3_500 + random.below(3_000)) {
                    let reference = CellReference(row: top + offset / width, column: left + offset % width)
                    try Self.writeRandomValue(&random, to: sheet, at: reference, model: &record.cells, longTextPercent: 0, tag: tag)
                }
            }
            for _ in 0..<random.below(3) {
                let start = CellReference(row: 1 + random.below(200), column: 1 + random.below(30))
                let end = CellReference(row: start.row + random.below(4), column: start.column + random.below(4))
                let range = CellRange(start: start, end: end)
                if start == end {
                    #expect(throws: WriterError.invalidMerge(sheet: name, range: range, problem: .singleCell), "\(tag)") { try sheet.merge(range) }
                } else if let other = record.merges.first(where: { Self.overlap($0, range) }) {
                    #expect(throws: WriterError.invalidMerge(sheet: name, range: range, problem: .overlaps(other)), "\(tag)") { try sheet.merge(range) }
                } else {
                    try sheet.merge(range)
                    record.merges.insert(range)
                }
            }
            written.append(record)
        }

        // Hide sheets in random order until one is left; hiding that one must be refused.
        if random.chance(40) {
            var order = Array(handles.indices)
            for index in order.indices.reversed() { order.swapAt(index, random.below(index + 1)) }
            for index in order.dropLast() where random.chance(70) {
                try handles[index].hide()
                written[index].state = .hidden
            }
            if let last = order.last, written.filter({ $0.state == .visible }).count == 1 {
                #expect(throws: WriterError.lastVisibleSheet(sheet: handles[last].name), "\(tag)") { try handles[last].hide() }
            }
        }

        var definedNames: [DefinedName] = []
        for number in 0..<random.below(3) {
            let name = "Name\(number)" + random.pick(["", "_é", ".数据", "\\x"])
            let target = random.below(handles.count)
            let isLocal = random.chance(50)
            let sheetText = Self.quoted(handles[target].name)
            let formula = random.pick([
                "=\(sheetText)!$A$\(1 + random.below(CellReference.maxRow))",
                "=SUM(\(sheetText)!$A$1:$XFD$1048576)+\(sheetText)!$B$2+\(sheetText)!$C$3",
                "=IF(\(sheetText)!$A$1<>\"<&>'\"\"\",\"é 😀\",\"line\nfeed\ttab\")",
            ])
            let body = Self.body(formula)
            let scope = isLocal ? handles[target] : nil
            if isLocal, handles[target].name.contains("!") {
                #expect(throws: WriterError.invalidDefinedName(name: name, problem: .sheetNameContainsExclamationMark), "\(tag)") {
                    try writer.defineName(name, refersTo: formula, localTo: scope)
                }
            } else if body.utf8.count > WorkbookWriter.maxDefinedNameBytes {
                #expect(throws: WriterError.invalidDefinedNameFormula(name: name, problem: .tooLong(length: body.utf8.count, limit: 127)), "\(tag)") {
                    try writer.defineName(name, refersTo: formula, localTo: scope)
                }
            } else {
                try writer.defineName(name, refersTo: formula, localTo: scope)
                definedNames.append(DefinedName(name: name, refersTo: body, sheetIndex: isLocal ? target : nil, isHidden: false))
            }
        }
        try writer.close()

        // Both ways of opening a workbook, alternately.
        let workbook = seed % 2 == 0 ? try Workbook(path: path) : try Workbook(data: Data(contentsOf: URL(fileURLWithPath: path)))
        try Self.verify(workbook, sheets: written, definedNames: definedNames, tag: tag)
    }

    /// libxlsxwriter adds `Sheet1` to a workbook closed without sheets; the result must still be readable.
    @Test func workbookWithoutSheetsGetsOne() throws {
        let folder = try ScratchFolder()
        defer { folder.remove() }
        let writer = try WorkbookWriter(path: folder.path + "/empty.xlsx")
        try writer.close()
        let workbook = try Workbook(path: folder.path + "/empty.xlsx")
        #expect(workbook.sheets.map(\.name) == ["Sheet1"])
        #expect(try workbook.rows(in: workbook.sheets[0]).next() == nil)
    }

    static func overlap(_ a: CellRange, _ b: CellRange) -> Bool {
        a.start.row <= b.end.row && b.start.row <= a.end.row && a.start.column <= b.end.column && b.start.column <= a.end.column
    }

    // MARK: - Reading back

    static func verify(_ workbook: Workbook, sheets written: [WrittenSheet], definedNames: [DefinedName], tag: String) throws {
        #expect(workbook.sheets.map { Array($0.name.utf8) } == written.map { Array($0.name.utf8) }, "\(tag): sheet names")
        #expect(workbook.sheets.map(\.state) == written.map(\.state), "\(tag): sheet states")
        #expect(workbook.sheets.allSatisfy { $0.kind == .worksheet }, "\(tag): sheet kinds")
        #expect(workbook.dateSystem == .dates1900)
        let readNames = workbook.definedNames.map { "\($0.sheetIndex ?? -1) \($0.name) = \($0.refersTo) hidden \($0.isHidden)" }.sorted()
        let writtenNames = definedNames.map { "\($0.sheetIndex ?? -1) \($0.name) = \($0.refersTo) hidden \($0.isHidden)" }.sorted()
        #expect(readNames == writtenNames, "\(tag): defined names")

        for (sheet, expected) in zip(workbook.sheets, written) {
            let place = "\(tag), sheet \"\(sheet.name)\""
            #expect(Set(try workbook.mergedRanges(in: sheet)) == expected.merges, "\(place): merged ranges")

            var read: [CellReference: Cell] = [:]
            var previous: CellReference?
            let rows = try workbook.rows(in: sheet)
            while let row = try rows.next() {
                for cell in row.cells {
                    #expect(cell.reference.row == row.number, "\(place): \(cell.reference) listed in row \(row.number)")
                    if let previous { #expect(previous < cell.reference, "\(place): \(cell.reference) after \(previous)") }
                    previous = cell.reference
                    read[cell.reference] = cell
                }
            }
            let unwritten = Set(read.keys).subtracting(expected.cells.keys).sorted()
            let missing = Set(expected.cells.keys).subtracting(read.keys).sorted()
            #expect(unwritten.isEmpty, "\(place): cells never written were read: \(unwritten.prefix(10))")
            #expect(missing.isEmpty, "\(place): written cells not read: \(missing.prefix(10))")
            for (reference, value) in expected.cells {
                guard let cell = read[reference] else { continue }
                if !matches(cell, value) {
                    Issue.record("\(place) cell \(reference): wrote \(brief(value)), read \(brief(cell.value)) formula \(cell.formula.map(brief) ?? "nil")")
                }
            }

            // The random-access path must agree with streaming for a sample of cells.
            let sample = Set(expected.cells.keys.sorted().prefix(5))
            let picked = try workbook.cells(at: sample, in: sheet)
            #expect(Set(picked.keys) == sample, "\(place): cells(at:in:)")
        }
    }

    /// Numbers and serials bit for bit, text byte for byte (Swift's `==` would equate `é` and `e\u{301}`).
    static func matches(_ cell: Cell, _ expected: Expected) -> Bool {
        switch (expected, cell.value) {
        case let (.number(number), .number(read)?):
            return cell.formula == nil && read.bitPattern == number.bitPattern
        case let (.text(text), .text(read)?):
            return cell.formula == nil && Array(read.utf8) == Array(text.utf8)
        case let (.boolean(flag), .boolean(read)?):
            return cell.formula == nil && read == flag
        case let (.date(serial), .date(read)?):
            return cell.formula == nil && read.system == .dates1900 && read.serial.bitPattern == serial.bitPattern
        case let (.formula(formula, result), value):
            guard let read = cell.formula, Array(read.utf8) == Array(formula.utf8) else { return false }
            switch (result, value) {
            case (nil, nil): return true
            case let (.number(number)?, .number(back)?): return back.bitPattern == number.bitPattern
            case let (.text(text)?, .text(back)?): return Array(back.utf8) == Array(text.utf8)
            default: return false
            }
        default:
            return false
        }
    }

    /// Failure messages stay readable with 32,767-character strings.
    static func brief(_ value: Any?) -> String {
        let text = value.map { String(reflecting: $0) } ?? "nil"
        return text.count > 120 ? "\(text.prefix(100))… (\(text.count) characters)" : text
    }
}

/// A folder of its own per test, so parallel tests never see each other's files.
struct ScratchFolder {
    let path: String

    init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("bcf-writer-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func remove() { try? FileManager.default.removeItem(atPath: path) }

    func contents() -> [String] { ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted() }
}

// MARK: - Invalid input

extension WriteReadPropertyTests {
    /// Each refused input throws the matching `WriterError`, writes nothing, and leaves the writer usable:
    /// every test ends by closing the workbook and reading back what was validly written.
    @Suite final class InvalidInput {
        let folder: ScratchFolder
        let path: String

        init() throws {
            folder = try ScratchFolder()
            path = folder.path + "/out.xlsx"
        }

        deinit { folder.remove() }

        /// Closes, reads back, and checks that exactly `expected` survived on the first sheet.
        func closeAndRead(_ writer: WorkbookWriter, expecting expected: [CellReference: CellValue]) throws -> Workbook {
            try writer.close()
            let workbook = try Workbook(path: path)
            var read: [CellReference: CellValue?] = [:]
            if let first = workbook.sheets.first {
                try workbook.forEachCell(in: first) { read[$0.reference] = $0.value; return true }
            }
            #expect(read == expected.mapValues { Optional($0) })
            #expect(folder.contents() == ["out.xlsx"], "no temporary file is left behind")
            return workbook
        }

        @Test(arguments: [
            ("", WriterError.SheetNameProblem.empty),
            (String(repeating: "n", count: 32), .tooLong(length: 32)),
            (String(repeating: "😀", count: 16), .tooLong(length: 32)),
            ("a[b", .forbiddenCharacter("[")), ("a]b", .forbiddenCharacter("]")), ("a:b", .forbiddenCharacter(":")),
            ("a*b", .forbiddenCharacter("*")), ("a?b", .forbiddenCharacter("?")), ("a/b", .forbiddenCharacter("/")),
            ("a\\b", .forbiddenCharacter("\\")), ("'ab", .apostropheAtEdge), ("ab'", .apostropheAtEdge),
            ("'", .apostropheAtEdge), ("a\u{1}b", .controlCharacter), ("a\nb", .controlCharacter),
            ("_x0041_", .escapeLookalike),
        ])
        func badSheetNames(name: String, problem: WriterError.SheetNameProblem) throws {
            let writer = try WorkbookWriter(path: path)
            #expect(throws: WriterError.invalidSheetName(name: name, problem: problem)) { try writer.addWorksheet(named: name) }
            let sheet = try writer.addWorksheet(named: String(repeating: "n", count: 31))
            try sheet.write(1, at: CellReference(row: 1, column: 1))
            let workbook = try closeAndRead(writer, expecting: [CellReference(row: 1, column: 1): .number(1)])
            #expect(workbook.sheets.map(\.name) == [String(repeating: "n", count: 31)])
        }

        @Test func duplicateSheetNamesIgnoringCase() throws {
            let writer = try WorkbookWriter(path: path)
            try writer.addWorksheet(named: "Café")
            #expect(throws: WriterError.duplicateSheetName(name: "café", existing: "Café")) { try writer.addWorksheet(named: "café") }
            // libxlsxwriter folds ASCII only and would accept this one; Excel would not.
            #expect(throws: WriterError.duplicateSheetName(name: "CAFÉ", existing: "Café")) { try writer.addWorksheet(named: "CAFÉ") }
            try writer.addWorksheet(named: "Cafe")
            let workbook = try closeAndRead(writer, expecting: [:])
            #expect(workbook.sheets.map(\.name) == ["Café", "Cafe"])
        }

        @Test func textOverTheLimit() throws {
            let writer = try WorkbookWriter(path: path)
            let sheet = try writer.addWorksheet(named: "S")
            let a1 = CellReference(row: 1, column: 1), a2 = CellReference(row: 2, column: 1)
            #expect(throws: WriterError.textTooLong(sheet: "S", cell: a1, length: 32_768, limit: 32_767)) {
                try sheet.write(String(repeating: "x", count: 32_768), at: a1)
            }
            #expect(throws: WriterError.textTooLong(sheet: "S", cell: a1, length: 32_768, limit: 32_767)) {
                try sheet.write(String(repeating: "😀", count: 16_384), at: a1)
            }
            #expect(throws: WriterError.textTooLong(sheet: "S", cell: a1, length: 32_768, limit: 32_767)) {
                try sheet.writeFormula("=1", cachedResult: String(repeating: "x", count: 32_768), at: a1)
            }
            // Within Excel's limit, but libxlsxwriter counts the escaped `_x005F_` (six more characters).
            #expect(throws: WriterError.textTooLong(sheet: "S", cell: a1, length: 32_773, limit: 32_767)) {
                try sheet.write("_x0041_" + String(repeating: "x", count: 32_760), at: a1)
            }
            let longest = String(repeating: "y", count: 32_766) + "\u{1}"
            try sheet.write(longest, at: a2)
            _ = try closeAndRead(writer, expecting: [a2: .text(longest)])
        }

        @Test func cellsOutsideTheGrid() throws {
            let writer = try WorkbookWriter(path: path)
            let sheet = try writer.addWorksheet(named: "S")
            let outside = [CellReference(row: 0, column: 1), CellReference(row: 1, column: 0),
                           CellReference(row: CellReference.maxRow + 1, column: 1),
                           CellReference(row: 1, column: CellReference.maxColumn + 1), CellReference(row: -5, column: -5)]
            let date = SpreadsheetDate(serial: 1, system: .dates1900)
            for reference in outside {
                let error = WriterError.cellOutsideGrid(sheet: "S", cell: reference)
                #expect(throws: error) { try sheet.write(1, at: reference) }
                #expect(throws: error) { try sheet.write("x", at: reference) }
                #expect(throws: error) { try sheet.write(true, at: reference) }
                #expect(throws: error) { try sheet.write(date, at: reference) }
                #expect(throws: error) { try sheet.writeFormula("=1", cachedResult: 1, at: reference) }
                #expect(throws: error) { try sheet.writeFormula("=1", cachedResult: "1", at: reference) }
                #expect(throws: error) { try sheet.writeBlank(at: reference) }
            }
            #expect(String(describing: WriterError.cellOutsideGrid(sheet: "S", cell: outside[1])).contains("row 1, column 0"))
            let corner = CellReference(row: CellReference.maxRow, column: CellReference.maxColumn)
            try sheet.write("corner", at: corner)
            _ = try closeAndRead(writer, expecting: [corner: .text("corner")])
        }

        @Test func numbersThatCannotBeStored() throws {
            let writer = try WorkbookWriter(path: path)
            let sheet = try writer.addWorksheet(named: "S")
            let a1 = CellReference(row: 1, column: 1)
            for number in [Double.nan, .infinity, -.infinity, -Double.nan, .signalingNaN] {
                let text = "\(number)"
                #expect(throws: WriterError.nonFiniteNumber(sheet: "S", cell: a1, value: text)) { try sheet.write(number, at: a1) }
                #expect(throws: WriterError.nonFiniteNumber(sheet: "S", cell: a1, value: text)) {
                    try sheet.writeFormula("=1/0", cachedResult: number, at: a1)
                }
                #expect(throws: WriterError.nonFiniteNumber(sheet: "S", cell: a1, value: text)) {
                    try sheet.write(SpreadsheetDate(serial: number, system: .dates1900), at: a1)
                }
            }
            // %.16G prints the largest double as 1.797693134862316E+308, which overflows when read.
            #expect(throws: WriterError.numberTooLarge(sheet: "S", cell: a1, value: .greatestFiniteMagnitude)) {
                try sheet.write(.greatestFiniteMagnitude, at: a1)
            }
            #expect(WorkbookWriter.storedValue(of: 0.1 + 0.2) == 0.3, "16 significant digits")
            #expect(WorkbookWriter.storedValue(of: -0.0)?.sign == .plus, "no negative zero")
            try sheet.write(-0.0, at: a1)
            _ = try closeAndRead(writer, expecting: [a1: .number(0)])
        }

        @Test func datesOutsideExcelsRange() throws {
            let writer = try WorkbookWriter(path: path)
            let sheet = try writer.addWorksheet(named: "S")
            let a1 = CellReference(row: 1, column: 1)
            for serial in [-1, -0.000001, 2_958_466, 1e300] {
                #expect(throws: WriterError.dateOutOfRange(sheet: "S", cell: a1, serial: serial)) {
                    try sheet.write(SpreadsheetDate(serial: serial, system: .dates1900), at: a1)
                }
            }
            #expect(throws: WriterError.unsupportedDateSystem(sheet: "S", cell: a1, system: .dates1904)) {
                try sheet.write(SpreadsheetDate(serial: 1, system: .dates1904), at: a1)
            }
            try sheet.write(SpreadsheetDate(serial: 2_958_465.5, system: .dates1900), at: a1, style: .dateTime)
            _ = try closeAndRead(writer, expecting: [a1: .date(SpreadsheetDate(serial: 2_958_465.5, system: .dates1900))])
        }

        @Test func badFormulas() throws {
            let writer = try WorkbookWriter(path: path)
            let sheet = try writer.addWorksheet(named: "S")
            let a1 = CellReference(row: 1, column: 1)
            let cases: [(String, WriterError.FormulaProblem)] = [
                ("", .empty), ("=", .empty), ("=\"a\u{1}\"", .forbiddenCharacter(1)), ("=1\r+2", .forbiddenCharacter(13)),
                ("=\"\u{0}\"", .forbiddenCharacter(0)), ("=\"\u{FFFF}\"", .forbiddenCharacter(0xFFFF)),
                ("=\"_x0041_\"", .escapeLookalike), ("=" + String(repeating: "1", count: 8_193), .tooLong(length: 8_193, limit: 8_192)),
            ]
            for (formula, problem) in cases {
                #expect(throws: WriterError.invalidFormula(sheet: "S", cell: a1, problem: problem)) {
                    try sheet.writeFormula(formula, cachedResult: 0, at: a1)
                }
                #expect(throws: WriterError.invalidFormula(sheet: "S", cell: a1, problem: problem)) {
                    try sheet.writeFormula(formula, cachedResult: "x", at: a1)
                }
            }
            let longest = String(repeating: "1", count: 8_192)
            try sheet.writeFormula(longest, cachedResult: 1, at: a1)
            _ = try closeAndRead(writer, expecting: [a1: .number(1)])
        }

        @Test func badDefinedNames() throws {
            let writer = try WorkbookWriter(path: path)
            let sheet = try writer.addWorksheet(named: "S")
            let bang = try writer.addWorksheet(named: "a!b")
            let other = try WorkbookWriter(path: folder.path + "/other.xlsx")
            let foreign = try other.addWorksheet(named: "S")
            let names: [(String, WriterError.DefinedNameProblem)] = [
                ("", .empty), (String(repeating: "n", count: 128), .tooLong(bytes: 128)),
                (String(repeating: "é", count: 64), .tooLong(bytes: 128)), ("1abc", .invalidCharacter("1")),
                ("a b", .invalidCharacter(" ")), ("a-b", .invalidCharacter("-")), ("A1", .looksLikeCellReference),
                ("xfd1048576", .looksLikeCellReference), ("R1C1", .looksLikeCellReference), ("r", .looksLikeCellReference),
                ("C", .looksLikeCellReference), ("RC12", .looksLikeCellReference), ("_x0041_", .escapeLookalike),
            ]
            for (name, problem) in names {
                #expect(throws: WriterError.invalidDefinedName(name: name, problem: problem)) { try writer.defineName(name, refersTo: "=1") }
            }
            let formulas: [(String, WriterError.FormulaProblem)] = [
                ("", .empty), ("=", .empty), ("=" + String(repeating: "1", count: 128), .tooLong(length: 128, limit: 127)),
                // 64 characters (libxlsxwriter's check passes) but 128 bytes: it would truncate silently.
                ("=\"" + String(repeating: "é", count: 63) + "\"", .tooLong(length: 128, limit: 127)),
                ("=\"\u{1}\"", .forbiddenCharacter(1)), ("=\"_x0041_\"", .escapeLookalike),
            ]
            for (formula, problem) in formulas {
                #expect(throws: WriterError.invalidDefinedNameFormula(name: "Good", problem: problem)) {
                    try writer.defineName("Good", refersTo: formula)
                }
            }
            #expect(throws: WriterError.invalidDefinedName(name: "Local", problem: .sheetNameContainsExclamationMark)) {
                try writer.defineName("Local", refersTo: "=1", localTo: bang)
            }
            #expect(throws: WriterError.invalidDefinedName(name: "Local", problem: .sheetOfAnotherWorkbook)) {
                try writer.defineName("Local", refersTo: "=1", localTo: foreign)
            }
            let longestFormula = "=" + String(repeating: "1", count: 127)
            try writer.defineName("Good", refersTo: longestFormula)
            #expect(throws: WriterError.invalidDefinedName(name: "GOOD", problem: .duplicate)) { try writer.defineName("GOOD", refersTo: "=2") }
            try writer.defineName("Good", refersTo: "=S!$A$1", localTo: sheet)
            try writer.defineName("R1C1X", refersTo: "=2")
            try writer.defineName("_xlnm.Print_Area", refersTo: "=S!$A$1:$B$2", localTo: sheet)
            #expect(throws: WriterError.invalidDefinedName(name: "print_area", problem: .duplicate)) {
                try writer.defineName("print_area", refersTo: "=S!$A$1", localTo: sheet)
            }
            let workbook = try closeAndRead(writer, expecting: [:])
            let read = workbook.definedNames.map { "\($0.sheetIndex ?? -1) \($0.name) \($0.refersTo)" }.sorted()
            #expect(read == ["-1 Good \(longestFormula.dropFirst())", "-1 R1C1X 2", "0 Good S!$A$1", "0 _xlnm.Print_Area S!$A$1:$B$2"])
        }

        @Test func badMerges() throws {
            let writer = try WorkbookWriter(path: path)
            let sheet = try writer.addWorksheet(named: "S")
            let b2 = CellReference(row: 2, column: 2)
            try sheet.write("kept", at: b2)
            let merged = CellRange(start: b2, end: CellReference(row: 3, column: 4))
            try sheet.merge(merged)
            #expect(throws: WriterError.invalidMerge(sheet: "S", range: CellRange(start: b2, end: b2), problem: .singleCell)) {
                try sheet.merge(CellRange(start: b2, end: b2))
            }
            let overlapping = CellRange(start: CellReference(row: 3, column: 4), end: CellReference(row: 5, column: 5))
            #expect(throws: WriterError.invalidMerge(sheet: "S", range: overlapping, problem: .overlaps(merged))) { try sheet.merge(overlapping) }
            let outside = CellRange(start: CellReference(row: 1, column: 1), end: CellReference(row: 1, column: CellReference.maxColumn + 1))
            #expect(throws: WriterError.invalidMerge(sheet: "S", range: outside, problem: .outsideGrid)) { try sheet.merge(outside) }
            let workbook = try closeAndRead(writer, expecting: [b2: .text("kept")])
            #expect(try workbook.mergedRanges(in: workbook.sheets[0]) == [merged])
        }

        @Test func hidingEverySheetIsRefused() throws {
            let writer = try WorkbookWriter(path: path)
            let first = try writer.addWorksheet(named: "First")
            let second = try writer.addWorksheet(named: "Second")
            #expect(throws: WriterError.lastVisibleSheet(sheet: "Second")) {
                try first.hide()
                try second.hide()
            }
            try first.hide()
            let workbook = try closeAndRead(writer, expecting: [:])
            #expect(workbook.sheets.map(\.state) == [.hidden, .visible])
            // The hidden first sheet must not stay the active tab.
            let xml = try Self.workbookXML(at: path)
            #expect(xml.contains("activeTab=\"1\""), "\(xml)")
        }

        @Test func closedWriterRefusesEverything() throws {
            let writer = try WorkbookWriter(path: path)
            let sheet = try writer.addWorksheet(named: "S")
            try writer.close()
            let a1 = CellReference(row: 1, column: 1)
            #expect(throws: WriterError.writerClosed(operation: "close the workbook")) { try writer.close() }
            #expect(throws: WriterError.writerClosed(operation: "add a worksheet")) { try writer.addWorksheet(named: "T") }
            #expect(throws: WriterError.writerClosed(operation: "define a name")) { try writer.defineName("N", refersTo: "=1") }
            #expect(throws: WriterError.writerClosed(operation: "write a number")) { try sheet.write(1, at: a1) }
            #expect(throws: WriterError.writerClosed(operation: "write text")) { try sheet.write("x", at: a1) }
            #expect(throws: WriterError.writerClosed(operation: "merge cells")) { try sheet.merge(CellRange(start: a1, end: CellReference(row: 2, column: 2))) }
            #expect(throws: WriterError.writerClosed(operation: "hide a sheet")) { try sheet.hide() }
            #expect(try Workbook(path: path).sheets.map(\.name) == ["S"])
        }

        @Test func filesAppearOnlyWhenClosed() throws {
            #expect(throws: WriterError.self) { _ = try WorkbookWriter(path: folder.path + "/missing/out.xlsx") }
            #expect(throws: WriterError.self) { _ = try WorkbookWriter(path: folder.path) }
            #expect(throws: WriterError.self) { _ = try WorkbookWriter(path: "") }
            do {
                let abandoned = try WorkbookWriter(path: path)
                try abandoned.addWorksheet(named: "S").write(1, at: CellReference(row: 1, column: 1))
            }
            #expect(folder.contents().isEmpty, "a writer dropped without close() leaves nothing")
            try Data("old".utf8).write(to: URL(fileURLWithPath: path))
            let writer = try WorkbookWriter(path: path)
            try writer.addWorksheet(named: "New").write("replaced", at: CellReference(row: 1, column: 1))
            #expect(try String(contentsOfFile: path, encoding: .utf8) == "old", "the old file stays until close()")
            _ = try closeAndRead(writer, expecting: [CellReference(row: 1, column: 1): .text("replaced")])
        }

        /// Text where libxlsxwriter's own escaping and ours meet: nothing may be escaped twice or lost.
        @Test(arguments: [
            "_x0041_\r", "_x0041\r", "_x0041\u{1}", "_x0041\r\n", "\u{0}", "a\u{0}b", "_x0041_", "_x005F_", "_x0041\u{0}",
            "\r", "\r\n", "x\u{1F}_x0042_\u{1}", "_xFFFF\u{FFFF}", "\u{FFFE}", "  both  ", "\t\n",
        ])
        func escapingMeetsLibxlsxwriter(text: String) throws {
            let writer = try WorkbookWriter(path: path)
            let sheet = try writer.addWorksheet(named: "S")
            let a1 = CellReference(row: 1, column: 1), a2 = CellReference(row: 2, column: 1)
            try sheet.write(text, at: a1)
            try sheet.writeFormula("=\"x\"", cachedResult: text, at: a2)
            try writer.close()
            let workbook = try Workbook(path: path)
            let cells = try workbook.cells(at: [a1, a2], in: workbook.sheets[0])
            let shared = cells[a1]?.value, cached = cells[a2]?.value
            #expect(shared.flatMap { if case let .text(read) = $0 { Array(read.utf8) } else { nil } } == Array(text.utf8), "shared string: \(String(describing: shared))")
            #expect(cached.flatMap { if case let .text(read) = $0 { Array(read.utf8) } else { nil } } == Array(text.utf8), "cached result: \(String(describing: cached))")
        }

        /// One part of the written package, read with libzip directly rather than through the reader under test.
        static func workbookXML(at path: String) throws -> String {
            var code: Int32 = 0
            guard let archive = zip_open(path, ZIP_RDONLY, &code) else { throw TestPackageError(description: "zip_open: \(code)") }
            defer { zip_discard(archive) }
            var stat = zip_stat_t()
            zip_stat_init(&stat)
            guard zip_stat(archive, "xl/workbook.xml", 0, &stat) == 0, let file = zip_fopen(archive, "xl/workbook.xml", 0) else {
                throw TestPackageError(description: "no xl/workbook.xml")
            }
            defer { zip_fclose(file) }
            var bytes = [UInt8](repeating: 0, count: Int(stat.size))
            let read = bytes.withUnsafeMutableBytes { zip_fread(file, $0.baseAddress, stat.size) }
            return String(decoding: bytes.prefix(max(0, Int(read))), as: UTF8.self)
        }
    }
}
