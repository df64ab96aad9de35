import Foundation
import Spreadsheet

/// Record tables as a workbook, one tab each, for people who work in Excel or pandas: a bold header row
/// that stays in view and filters, numbers as numbers, money as pounds with a money format. Written
/// through the project's `WorkbookWriter`, which checks every value before it reaches libxlsxwriter.
public enum RecordWorkbook {
    static let header = CellStyle(bold: true)
    static let moneyFormat = "£#,##0.00"
    static let money = CellStyle(numberFormat: moneyFormat)
    /// Excel's rows: the header and 1,048,575 records.
    static let maxRecords = 1_048_575

    /// Writes the tabs to `path` (the file appears only once complete). `overwrite` false refuses an
    /// existing file (exit code 38).
    public static func write(_ tabs: [(name: String, table: RecordTable)], to path: String, overwrite: Bool) throws {
        if !overwrite, FileManager.default.fileExists(atPath: path) { throw FillError.outputExists(path: path) }
        let workbook = try WorkbookWriter(path: path)
        for tab in tabs { try write(tab.table, on: workbook.addWorksheet(named: tab.name)) }
        try workbook.close()
    }

    static func write(_ table: RecordTable, on sheet: WorksheetWriter) throws {
        try write(columns: table.columns, count: table.rows.count, on: sheet) { record in
            for row in table.rows { try record(row) }
        }
    }

    /// Writes a tab of `count` records, which `rows` hands one at a time to the function it is given, so
    /// that a large table need not be held as records.
    static func write(columns: [String], count: Int, on sheet: WorksheetWriter,
                      rows: ((([RecordTable.Field]) throws -> Void) throws -> Void)) throws {
        guard count <= maxRecords else {
            throw WriterError.library(operation: "write the table", sheet: sheet.name, cell: nil,
                                      message: "\(count) rows, more than a worksheet's \(maxRecords)")
        }
        var widths = ColumnWidths(headers: columns)
        for (column, name) in columns.enumerated() {
            try sheet.write(name, at: CellReference(row: 1, column: column + 1), style: header)
        }
        var line = 2
        try rows { row in
            for (column, field) in row.enumerated() {
                try write(field, on: sheet, at: CellReference(row: line, column: column + 1), widths: &widths, column: column)
            }
            line += 1
        }
        for (column, width) in widths.widths.enumerated() {
            try sheet.setColumnWidth((column + 1)...(column + 1), width: width)
        }
        try sheet.freezePanes(at: CellReference(row: 2, column: 1))
        if !columns.isEmpty {
            try sheet.setAutoFilter(CellRange(start: CellReference(row: 1, column: 1),
                                              end: CellReference(row: count + 1, column: columns.count)))
        }
    }

    /// Writes a field and widens its column to fit it as shown.
    private static func write(_ field: RecordTable.Field, on sheet: WorksheetWriter, at cell: CellReference, widths: inout ColumnWidths,
                              column: Int) throws {
        switch field {
        case .null: return
        case let .boolean(flag):
            try sheet.write(flag, at: cell)
            widths.fit(characters: flag ? 4 : 5, column: column)
        case let .integer(number):
            try sheet.write(Double(number), at: cell)
            widths.fit(characters: String(number).utf8.count, column: column)
        // Pounds parsed from the exact two-decimal text (the nearest Double): exact to the penny up to
        // far beyond any BCF amount.
        case let .money(amount):
            if let pounds = amount.pounds, pounds.isFinite { try sheet.write(pounds, at: cell, style: money) }
            widths.fit(money: amount, column: column)
        case let .number(text):
            if let number = Double(text), number.isFinite { try sheet.write(number, at: cell) } else { try sheet.write(cut(text), at: cell) }
            widths.fit(text: text, column: column)
        case let .text(text):
            try sheet.write(cut(text), at: cell)
            widths.fit(text: text, column: column)
        }
    }

    /// A cell of a workbook holds at most 32,767 characters; longer text (a reading limit can allow it)
    /// is cut and says so, rather than failing the whole export.
    static func cut(_ text: String) -> String {
        let limit = WorkbookWriter.maxTextLength
        guard text.unicodeScalars.count > limit else { return text }
        let note = " [cut: \(text.unicodeScalars.count) characters in all]"
        var kept = String.UnicodeScalarView(text.unicodeScalars.prefix(limit - note.unicodeScalars.count - 64))
        kept.append(contentsOf: note.unicodeScalars)
        return String(kept)
    }
}

/// Each column wide enough for its header and its longest value as shown, within bounds: a long header is
/// not cut off, and one long value does not make a column wider than a screen.
struct ColumnWidths {
    /// Excel's default width, in characters.
    static let minimum = 8.43
    static let maximum = 60.0
    /// Room beside the header for the autofilter's button, which covers the end of the header text.
    static let filterButton = 3

    private var characters: [Int]

    init(headers: [String]) {
        characters = headers.map { $0.unicodeScalars.count + Self.filterButton }
    }

    mutating func fit(characters shown: Int, column: Int) {
        guard column < characters.count, shown > characters[column] else { return }
        characters[column] = shown
    }

    mutating func fit(text: String, column: Int) {
        // Counting characters is needed only for text whose bytes could outnumber the width so far.
        guard column < characters.count, text.utf8.count > characters[column] else { return }
        fit(characters: text.unicodeScalars.count, column: column)
    }

    /// Money as its format shows it (`£1,234.50`), as long as its two-decimal text plus the pound sign
    /// and a comma for each three digits of whole pounds; counted from the pence, without the text,
    /// when they fit.
    mutating func fit(money: Money, column: Int) {
        guard let pence = money.pence else {
            let plain = money.plainText
            let whole = plain.utf8.prefix { $0 != UInt8(ascii: ".") }.filter { $0 != UInt8(ascii: "-") }.count
            return fit(characters: plain.utf8.count + 1 + max(0, (whole - 1) / 3), column: column)
        }
        fit(pence: pence, column: column)
    }

    /// Money of so many pence, as `fit(money:column:)` counts it.
    mutating func fit(pence: Int, column: Int) {
        var whole = 1
        var pounds = pence.magnitude / 100
        while pounds >= 10 { pounds /= 10; whole += 1 }
        fit(characters: (pence < 0 ? 1 : 0) + whole + 3 + 1 + (whole - 1) / 3, column: column)
    }

    /// The widths to set, one per column: the characters shown plus a little margin.
    var widths: [Double] {
        characters.map { min(max(Double($0) + 1, Self.minimum), Self.maximum) }
    }
}
