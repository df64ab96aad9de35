import CXLSXWriter
import Foundation
import Spreadsheet
import Testing

/// Property test: workbooks of random cells written by libxlsxwriter (a writer the reader's authors did
/// not write) read back cell for cell. Seeds are fixed, so a failure names the seed that reproduces it.
@Suite struct WriteReadPropertyTests {
    enum Written: Equatable {
        case number(Double), text(String), boolean(Bool), date(Double)
        case formula(String, cached: Double)
        case textFormula(String, cached: String)
    }

    /// SplitMix64: small, fast, and the same sequence on every machine.
    struct Generator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
        mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }
    }

    static let texts = ["", " leading", "trailing ", "Barsetshire £1,234.56", "Ünïcödé ✓ 😀 中文 עברית", "<tag> & \"quotes\" 'apos'",
                        "line\nbreak\ttab\rreturn", "control \u{1}\u{8}\u{1F} chars", "literal _x0041_ and _x005F_ text", "=not a formula",
                        "#DIV/0!", "TRUE", "0001234", "a  b"]

    /// Excel keeps 15 significant digits and libxlsxwriter 1.1.4 prints 16 (`%.16G`), so numbers are
    /// drawn with 15: those survive the writer exactly, and the reader must then return the same bits.
    static func excelPrecision(_ number: Double) -> Double {
        Double(String(format: "%.15G", number)) ?? 0
    }

    static func randomValue(_ g: inout Generator) -> Written {
        switch randomRawValue(&g) {
        case let .number(number): return .number(excelPrecision(number))
        case let .date(serial): return .date(excelPrecision(serial))
        case let other: return other
        }
    }

    static func randomRawValue(_ g: inout Generator) -> Written {
        switch g.below(9) {
        case 0: return .number(Double(Int64(bitPattern: g.next()) % 1_000_000_000))
        case 1: return .number(Double(g.below(100_000_000)) / 100)
        case 2: return .number(g.pick([0.1 + 0.2, -0.0001, 1e-300, 9.99999999999999e307, -123456789.125, -0.0, 1e15 + 0.3]))
        case 3:
            let magnitude = Double(bitPattern: g.next() & 0x7FEF_FFFF_FFFF_FFFF)
            guard magnitude.isNormal, magnitude < 9.99999999999999e307 else { return .number(1) }
            return .number(magnitude * (g.below(2) == 0 ? 1 : -1))
        case 4:
            var text = g.pick(texts)
            if text.isEmpty { text = "x" }
            return .text(text)
        case 5: return .text(String(repeating: g.pick(["a", "é", "😀"]), count: 1 + g.below(3000)))
        case 6: return .boolean(g.below(2) == 0)
        case 7: return .date(Double(g.below(2_900_000)) + Double(g.below(86_400_000)) / 86_400_000)
        default:
            return g.below(2) == 0 ? .formula("SUM(A1:B2)*\(g.below(100))", cached: Double(g.below(10_000)) / 4)
                                   : .textFormula("\"a\"&\"b\"", cached: g.pick(["ab", "x & y", "Ünï"]))
        }
    }

    static func randomReference(_ g: inout Generator) -> CellReference {
        switch g.below(10) {
        case 0: return CellReference(row: CellReference.maxRow, column: CellReference.maxColumn)
        case 1: return CellReference(row: 1 + g.below(CellReference.maxRow), column: 1 + g.below(CellReference.maxColumn))
        default: return CellReference(row: 1 + g.below(200), column: 1 + g.below(30))
        }
    }

    struct WriteFailure: Error, CustomStringConvertible { let description: String }

    /// Writes the cells through libxlsxwriter's C API. Text goes through `XStringEscape.encode` first:
    /// libxlsxwriter 1.1.4 escapes control characters but not a literal `_xHHHH_`, which Excel would
    /// otherwise decode.
    static func write(_ sheets: [[CellReference: Written]], to path: String) throws {
        guard let workbook = workbook_new(path) else { throw WriteFailure(description: "workbook_new failed") }
        let dateFormat = workbook_add_format(workbook)
        format_set_num_format(dateFormat, "yyyy-mm-dd hh:mm:ss.000")
        for (index, cells) in sheets.enumerated() {
            guard let sheet = workbook_add_worksheet(workbook, "Sheet \(index + 1)") else {
                throw WriteFailure(description: "workbook_add_worksheet failed")
            }
            for (reference, value) in cells {
                let row = lxw_row_t(reference.row - 1), column = lxw_col_t(reference.column - 1)
                let status: lxw_error
                switch value {
                case let .number(number): status = worksheet_write_number(sheet, row, column, number, nil)
                case let .text(text): status = worksheet_write_string(sheet, row, column, XStringEscape.encode(text), nil)
                case let .boolean(flag): status = worksheet_write_boolean(sheet, row, column, flag ? 1 : 0, nil)
                case let .date(serial): status = worksheet_write_number(sheet, row, column, serial, dateFormat)
                case let .formula(formula, cached): status = worksheet_write_formula_num(sheet, row, column, formula, nil, cached)
                case let .textFormula(formula, cached): status = worksheet_write_formula_str(sheet, row, column, formula, nil, cached)
                }
                guard status == LXW_NO_ERROR else {
                    throw WriteFailure(description: "writing \(reference): \(String(cString: lxw_strerror(status)))")
                }
            }
        }
        let status = workbook_close(workbook)
        guard status == LXW_NO_ERROR else { throw WriteFailure(description: String(cString: lxw_strerror(status))) }
    }

    @Test(arguments: 0..<40)
    func randomWorkbooksReadBackExactly(seed: Int) throws {
        var g = Generator(state: UInt64(seed) &* 7919 &+ 17)
        let sheets: [[CellReference: Written]] = (0..<(1 + g.below(3))).map { _ in
            var cells: [CellReference: Written] = [:]
            for _ in 0..<(1 + g.below(120)) { cells[Self.randomReference(&g)] = Self.randomValue(&g) }
            return cells
        }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("bcf-property-\(seed)-\(UUID().uuidString).xlsx").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Self.write(sheets, to: path)

        let workbook = try Workbook(path: path)
        #expect(workbook.sheets.map(\.name) == sheets.indices.map { "Sheet \($0 + 1)" })
        for (index, written) in sheets.enumerated() {
            var read: [CellReference: Cell] = [:]
            var order: [CellReference] = []
            try workbook.forEachCell(in: workbook.sheets[index]) { cell in
                read[cell.reference] = cell
                order.append(cell.reference)
                return true
            }
            #expect(order == order.sorted(), "seed \(seed): cells come rows then columns")
            #expect(Set(read.keys) == Set(written.keys), "seed \(seed), sheet \(index + 1): the cells read are the cells written")
            for (reference, value) in written {
                let cell = read[reference]
                switch value {
                case let .number(number):
                    #expect(cell?.value == .number(number), "seed \(seed) \(reference): \(number)")
                    if case let .number(back)? = cell?.value {
                        #expect(back.bitPattern == number.bitPattern || (back == 0 && number == 0), "seed \(seed) \(reference): bit-exact")
                    }
                case let .text(text):
                    #expect(cell?.value == .text(text), "seed \(seed) \(reference)")
                case let .boolean(flag):
                    #expect(cell?.value == .boolean(flag), "seed \(seed) \(reference)")
                case let .date(serial):
                    #expect(cell?.value == .date(SpreadsheetDate(serial: serial, system: .dates1900)), "seed \(seed) \(reference)")
                case let .formula(formula, cached):
                    #expect(cell?.formula == formula && cell?.value == .number(cached), "seed \(seed) \(reference)")
                case let .textFormula(formula, cached):
                    #expect(cell?.formula == formula && cell?.value == .text(cached), "seed \(seed) \(reference)")
                }
            }
        }
    }
}
