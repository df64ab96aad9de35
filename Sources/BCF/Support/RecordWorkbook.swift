import Foundation
import Spreadsheet

/// Record tables as a workbook, one tab each, for people who work in Excel or pandas: a bold header row
/// that stays in view and filters, numbers as numbers, money as pounds with a money format. Written
/// through the project's `WorkbookWriter`, which checks every value before it reaches libxlsxwriter.
public enum RecordWorkbook {
    static let header = CellStyle(bold: true)
    static let money = CellStyle(numberFormat: "£#,##0.00")
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
        guard table.rows.count <= maxRecords else {
            throw WriterError.library(operation: "write the table", sheet: sheet.name, cell: nil,
                                      message: "\(table.rows.count) rows, more than a worksheet's \(maxRecords)")
        }
        for (column, name) in table.columns.enumerated() {
            try sheet.write(name, at: CellReference(row: 1, column: column + 1), style: header)
        }
        for (index, row) in table.rows.enumerated() {
            for (column, field) in row.enumerated() {
                try write(field, on: sheet, at: CellReference(row: index + 2, column: column + 1))
            }
        }
        try sheet.freezePanes(at: CellReference(row: 2, column: 1))
        if !table.columns.isEmpty {
            try sheet.setAutoFilter(CellRange(start: CellReference(row: 1, column: 1),
                                              end: CellReference(row: table.rows.count + 1, column: table.columns.count)))
        }
    }

    private static func write(_ field: RecordTable.Field, on sheet: WorksheetWriter, at cell: CellReference) throws {
        switch field {
        case .null: return
        case let .boolean(flag): try sheet.write(flag, at: cell)
        case let .integer(number): try sheet.write(Double(number), at: cell)
        // Pounds parsed from the exact two-decimal text (the nearest Double): exact to the penny up to
        // far beyond any BCF amount.
        case let .money(amount):
            if let pounds = Double(amount.plainText), pounds.isFinite { try sheet.write(pounds, at: cell, style: money) }
        case let .number(text):
            if let number = Double(text), number.isFinite { try sheet.write(number, at: cell) } else { try sheet.write(cut(text), at: cell) }
        case let .text(text): try sheet.write(cut(text), at: cell)
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
