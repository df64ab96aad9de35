import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Writes plain tables as a workbook, one sheet each, streaming: each sheet's XML is made as its rows
/// arrive, deflated as it goes (ISA-L, as `PartDeflater`) and written out, so memory stays the same for
/// ten rows or a million. Each sheet has a bold header row that stays in view and filters, and cells of
/// text, integers, numbers and amounts in one number format (`£#,##0.00`); the workbook is laid out as
/// libxlsxwriter lays out the same table, for the round's `dataset.xlsx`.
///
/// Every value is checked as `WorksheetWriter` checks it: text within Excel's 32,767 characters, numbers
/// finite and printable, sheet names as Excel wants them. Text is written in its cell, stored exactly:
/// what needs Excel's `_xHHHH_` escapes (control characters, carriage returns, U+FFFE/U+FFFF, text shaped
/// like an escape) is escaped, which Excel, LibreOffice and this library's reader decode. openpyxl
/// decodes only the escaped underscore, and only in a shared-string table: text shaped like an escape
/// (`_x0041_`) goes there, so that openpyxl and pandas read it as written too.
///
/// Numbers read back as libxlsxwriter's: it prints them with `%.16G`, which is used here too, but for
/// whole numbers and exact hundredths, whose digits are written directly (the same Double when read).
///
/// The file appears only when `close()` succeeds, renamed from a hidden temporary name in the same folder;
/// a writer dropped without `close()` leaves nothing behind. Not thread-safe: one writer per task.
public final class TableWorkbookWriter {
    public let path: String
    private let absolutePath: String
    private let temporaryPath: String
    private let amountFormat: String
    private var file: Int32
    private let archive: ZipFileWriter
    private let scratch: ScratchFile
    private let xml = XMLBytes()
    private var sheets: [FinishedSheet] = []
    private var sheet: OpenSheet?
    private var sharedStrings: SharedStringStream?
    private let folder: String

    private struct FinishedSheet {
        let name: String
        /// The autofilter's last column and row, nil for a sheet without columns.
        let filter: (column: Int, row: Int)?
    }

    private final class OpenSheet {
        let name: String
        let columns: Int
        let letters: [[UInt8]]
        let body: StreamingDeflater
        var row = 0
        /// The written cells' extent, for the sheet's `dimension`.
        var firstRow = 0, lastRow = 0, firstColumn = Int.max, lastColumn = 0
        /// Where the row being written began in the buffer, to drop it if it has no cell.
        var rowStart = 0
        var rowHasCell = false

        init(name: String, columns: Int, body: StreamingDeflater) {
            self.name = name
            self.columns = columns
            self.body = body
            letters = (0..<columns).map { Array(CellReference.columnName($0 + 1).utf8) }
        }
    }

    /// Starts a workbook that `close()` will write to `path`; `amountFormat` is the number format of the
    /// amount cells (`TableCell.amount`, `.hundredths`).
    public init(path: String, amountFormat: String) throws {
        self.path = path
        if let problem = TextCheck.problem(amountFormat, limit: 255, place: .attribute(allowsLineFeed: false)) {
            throw WriterError.invalidStyle(sheet: "", cell: nil, problem: .numberFormat(problem))
        }
        // Numbers that are not whole or exact hundredths are printed with %.16G, which obeys LC_NUMERIC.
        let decimalPoint = WorkbookWriter.numericDecimalPoint()
        guard decimalPoint == "." else { throw WriterError.unsupportedLocale(decimalPoint: decimalPoint) }
        self.amountFormat = amountFormat
        let location = try WorkbookWriter.outputLocation(path)
        absolutePath = location.absolutePath
        temporaryPath = location.temporaryPath
        folder = location.folder
        file = open(temporaryPath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard file >= 0 else { throw WriterError.cannotCreateFile(path: path, reason: SystemErrorText.reason(errno)) }
        archive = ZipFileWriter(file: file)
        do {
            scratch = try ScratchFile(folder: location.folder)
        } catch {
            Glibc.close(file)
            unlink(temporaryPath)
            throw WriterError.cannotCreateFile(path: path, reason: error.reason)
        }
    }

    deinit {
        if file >= 0 {
            Glibc.close(file)
            unlink(temporaryPath)
        }
    }

    // MARK: - Sheets and rows

    /// Begins a sheet at the end of the tab order, with `columns` as its bold header row. The sheet
    /// before must have been ended.
    public func beginSheet(named name: String, columns: [String]) throws {
        try checkOpen("begin a sheet")
        if let sheet { throw WriterError.outOfOrder(operation: "begin sheet \"\(name)\"", sheet: sheet.name, reason: "it has not been ended") }
        if let problem = WorkbookWriter.sheetNameProblem(name) { throw WriterError.invalidSheetName(name: name, problem: problem) }
        let folded = name.lowercased()
        if let existing = sheets.first(where: { $0.name.lowercased() == folded }) {
            throw WriterError.duplicateSheetName(name: name, existing: existing.name)
        }
        guard columns.count <= CellReference.maxColumn else {
            throw WriterError.cellOutsideGrid(sheet: name, cell: CellReference(row: 1, column: columns.count))
        }
        let scratch = scratch
        let body = StreamingDeflater { bytes in try scratch.write(bytes) }
        let opened = OpenSheet(name: name, columns: columns.count, body: body)
        sheet = opened
        xml.count = 0
        xml.append("<sheetData>")
        try append(columns.map { TableCell.text($0) }, header: true)
    }

    /// Appends a row: its cells from column A, at most as many as the sheet has columns.
    public func appendRow(_ cells: [TableCell]) throws {
        try append(cells, header: false)
    }

    /// Ends the sheet begun last; `columnWidths` are in characters, as Excel's column widths are, from
    /// column A (fewer than the columns leaves the rest at Excel's default).
    public func endSheet(columnWidths: [Double]) throws {
        try checkOpen("end a sheet")
        guard let sheet else { throw WriterError.outOfOrder(operation: "end a sheet", sheet: nil, reason: "no sheet has been begun") }
        for width in columnWidths where !(width.isFinite && (0...255).contains(width)) {
            throw WriterError.invalidLayout(sheet: sheet.name, problem: .columnWidthOutOfRange(width))
        }
        guard columnWidths.count <= CellReference.maxColumn else {
            throw WriterError.invalidLayout(sheet: sheet.name, problem: .columnOutsideGrid(columnWidths.count))
        }
        let filter = sheet.columns > 0 ? (column: sheet.columns, row: sheet.row) : nil
        xml.append("</sheetData>")
        if let filter {
            xml.append("<autoFilter ref=\"A1:")
            xml.append(sheet.letters[filter.column - 1])
            xml.append(decimal: filter.row)
            xml.append("\"/>")
        }
        xml.append("<pageMargins left=\"0.7\" right=\"0.7\" top=\"0.75\" bottom=\"0.75\" header=\"0.3\" footer=\"0.3\"/></worksheet>")
        do {
            try sheet.body.write(xml.bytes)
            xml.count = 0
            try sheet.body.finish()
            let head = sheetHead(sheet, widths: columnWidths, selected: sheets.isEmpty)
            var compressedHead: [UInt8] = []
            let headStream = StreamingDeflater { compressedHead.append(contentsOf: $0) }
            try head.withUnsafeBytes { try headStream.write($0) }
            try headStream.flush()
            let crc = CRC32.combine(headStream.crc, sheet.body.crc, secondLength: sheet.body.inputSize)
            try archive.add("xl/worksheets/sheet\(sheets.count + 1).xml", crc: crc,
                            size: headStream.inputSize + sheet.body.inputSize,
                            compressedSize: compressedHead.count + sheet.body.compressedSize, isDeflated: true) {
                try compressedHead.withUnsafeBytes { try archive.write($0) }
                try scratch.move(to: archive)
            }
        } catch {
            throw failure(error)
        }
        sheets.append(FinishedSheet(name: sheet.name, filter: filter))
        self.sheet = nil
    }

    private func append(_ cells: [TableCell], header: Bool) throws {
        try checkOpen("append a row")
        guard let sheet else { throw WriterError.outOfOrder(operation: "append a row", sheet: nil, reason: "no sheet has been begun") }
        guard sheet.row < CellReference.maxRow else {
            throw WriterError.cellOutsideGrid(sheet: sheet.name, cell: CellReference(row: sheet.row + 1, column: 1))
        }
        guard cells.count <= sheet.columns else {
            throw WriterError.outOfOrder(operation: "append a row", sheet: sheet.name,
                                         reason: "row \(sheet.row + 1) has \(cells.count) cells for \(sheet.columns) columns")
        }
        sheet.row += 1
        let row = sheet.row
        sheet.rowStart = xml.count
        sheet.rowHasCell = false
        xml.append("<row r=\"")
        xml.append(decimal: row)
        xml.append("\">")
        do {
            for (index, cell) in cells.enumerated() {
                try write(cell, column: index, row: row, header: header, in: sheet)
            }
        } catch {
            // A refused cell leaves the row out, so the sheet stays well-formed.
            xml.count = sheet.rowStart
            sheet.row -= 1
            throw error
        }
        guard sheet.rowHasCell else {
            xml.count = sheet.rowStart
            return
        }
        xml.append("</row>")
        if sheet.firstRow == 0 { sheet.firstRow = row }
        sheet.lastRow = row
        if xml.count >= 1 << 15 {
            do { try sheet.body.write(xml.bytes) } catch { throw failure(error) }
            xml.count = 0
        }
    }

    // MARK: - Cells

    private func write(_ cell: TableCell, column: Int, row: Int, header: Bool, in sheet: OpenSheet) throws {
        switch cell {
        case .empty:
            return
        case let .text(text):
            guard !text.isEmpty else { return }
            try writeText(text, column: column, row: row, header: header, in: sheet)
        case let .integer(number):
            guard number.magnitude <= 1 << 53 else {
                return try write(.number(Double(number)), column: column, row: row, header: header, in: sheet)
            }
            openCell(column: column, row: row, style: header ? "1" : nil, type: nil, in: sheet)
            xml.append(decimal: number)
            xml.append("</v></c>")
        case let .number(number):
            try writeNumber(number, column: column, row: row, style: header ? "1" : nil, in: sheet)
        case let .amount(number):
            try writeNumber(number, column: column, row: row, style: "2", in: sheet)
        case let .hundredths(amount):
            guard amount.magnitude < 1 << 53 else {
                let magnitude = amount.magnitude
                let text = (amount < 0 ? "-" : "") + String(magnitude / 100) + "." + String(magnitude % 100 + 100).dropFirst()
                return try writeNumber(Double(text) ?? .infinity, column: column, row: row, style: "2", in: sheet)
            }
            openCell(column: column, row: row, style: "2", type: nil, in: sheet)
            if amount < 0 { xml.append(UInt8(ascii: "-")) }
            let magnitude = Int(amount.magnitude)
            xml.append(decimal: magnitude / 100)
            let fraction = magnitude % 100
            if fraction != 0 {
                xml.append(UInt8(ascii: "."))
                xml.append(UInt8(ascii: "0") + UInt8(fraction / 10))
                if fraction % 10 != 0 { xml.append(UInt8(ascii: "0") + UInt8(fraction % 10)) }
            }
            xml.append("</v></c>")
        }
    }

    /// `<c r="B2" s="1" t="…">` and, for values, `<v>`; `type` nil is a number.
    @inline(__always)
    private func openCell(column: Int, row: Int, style: StaticString?, type: StaticString?, in sheet: OpenSheet) {
        sheet.rowHasCell = true
        sheet.firstColumn = min(sheet.firstColumn, column)
        sheet.lastColumn = max(sheet.lastColumn, column)
        xml.append("<c r=\"")
        xml.append(sheet.letters[column])
        xml.append(decimal: row)
        xml.append(UInt8(ascii: "\""))
        if let style {
            xml.append(" s=\"")
            xml.append(style)
            xml.append(UInt8(ascii: "\""))
        }
        if let type {
            xml.append(" t=\"")
            xml.append(type)
            xml.append("\">")
        } else {
            xml.append("><v>")
        }
    }

    private func writeNumber(_ number: Double, column: Int, row: Int, style: StaticString?, in sheet: OpenSheet) throws {
        let reference = CellReference(row: row, column: column + 1)
        guard number.isFinite else {
            throw WriterError.nonFiniteNumber(sheet: sheet.name, cell: reference, value: "\(number)")
        }
        // Whole numbers print the same digits as %.16G; -0 as 0, as Excel has no negative zero.
        if number.rounded(.towardZero) == number, number.magnitude <= 0x1p53 {
            openCell(column: column, row: row, style: style, type: nil, in: sheet)
            xml.append(decimal: Int(number))
            xml.append("</v></c>")
            return
        }
        // Only numbers near the largest Double can print as one that overflows when read.
        if number.magnitude >= 1e300, WorkbookWriter.storedValue(of: number) == nil {
            throw WriterError.numberTooLarge(sheet: sheet.name, cell: reference, value: number)
        }
        var printed: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        let length = withUnsafeMutableBytes(of: &printed) { raw in
            withVaList([number]) { vsnprintf(raw.baseAddress?.assumingMemoryBound(to: CChar.self), raw.count, "%.16G", $0) }
        }
        openCell(column: column, row: row, style: style, type: nil, in: sheet)
        withUnsafeBytes(of: &printed) { raw in
            xml.append(UnsafeBufferPointer(start: raw.baseAddress?.assumingMemoryBound(to: UInt8.self), count: Int(length)))
        }
        xml.append("</v></c>")
    }

    private func writeText(_ text: String, column: Int, row: Int, header: Bool, in sheet: OpenSheet) throws {
        var text = text
        // UTF-16 units never outnumber UTF-8 bytes: they are counted only for long text.
        if text.utf8.count > WorkbookWriter.maxTextLength, text.utf16.count > WorkbookWriter.maxTextLength {
            throw WriterError.textTooLong(sheet: sheet.name, cell: CellReference(row: row, column: column + 1),
                                          length: text.utf16.count, limit: WorkbookWriter.maxTextLength)
        }
        let style: StaticString? = header ? "1" : nil
        var scan = text.withUTF8 { TextScan($0) }
        if scan.mayNeedEscapes {
            let escaped = WriterText.forFormulaResult(text)
            if escaped != text {
                // openpyxl decodes one escape, the escaped underscore, and only in shared strings (it drops
                // every `x005F_` there): text that it reads back whole that way goes there. The rest stays
                // in its cell, escaped, where Excel, LibreOffice and this library's reader decode it.
                if escaped.replacingOccurrences(of: "x005F_", with: "") == text {
                    let index = try sharedString(escaped)
                    openCell(column: column, row: row, style: style, type: "s", in: sheet)
                    xml.append("<v>")
                    xml.append(decimal: index)
                    xml.append("</v></c>")
                    return
                }
                text = escaped
                scan = text.withUTF8 { TextScan($0) }
            }
        }
        openCell(column: column, row: row, style: style, type: "inlineStr", in: sheet)
        xml.append(scan.keepsSpace ? "<is><t xml:space=\"preserve\">" : "<is><t>")
        text.withUTF8 { scan.hasEntities ? xml.appendEscaped($0) : xml.append($0) }
        xml.append("</t></is></c>")
    }

    private func sharedString(_ escaped: String) throws -> Int {
        do {
            let table = try sharedStrings ?? SharedStringStream(folder: folder)
            sharedStrings = table
            return try table.append(escaped)
        } catch {
            throw failure(error)
        }
    }

    // MARK: - Closing

    /// Writes the workbook's other parts and puts the file in place. The writer is finished afterwards
    /// whatever the outcome; on failure nothing is left behind.
    public func close() throws {
        try checkOpen("close the workbook")
        if let sheet {
            throw WriterError.outOfOrder(operation: "close the workbook", sheet: sheet.name, reason: "the sheet has not been ended")
        }
        guard !sheets.isEmpty else {
            throw WriterError.outOfOrder(operation: "close the workbook", sheet: nil, reason: "a workbook needs at least one sheet")
        }
        defer {
            Glibc.close(file)
            file = -1
        }
        do {
            let parts = TableWorkbookParts(sheets: sheets.map { ($0.name, $0.filter) }, amountFormat: amountFormat,
                                           hasSharedStrings: sharedStrings != nil)
            try archive.add("[Content_Types].xml", parts.contentTypes)
            try archive.add("_rels/.rels", parts.packageRelationships)
            try archive.add("xl/_rels/workbook.xml.rels", parts.workbookRelationships)
            try archive.add("xl/workbook.xml", parts.workbook)
            try archive.add("xl/theme/theme1.xml", Array(OfficeTheme.xml.utf8))
            try archive.add("xl/styles.xml", parts.styles)
            if let sharedStrings { try sharedStrings.finish(into: archive) }
            try archive.add("docProps/core.xml", parts.coreProperties(created: time(nil)))
            try archive.add("docProps/app.xml", parts.appProperties)
            try archive.finish()
        } catch {
            unlink(temporaryPath)
            throw failure(error)
        }
        // rename(2): it replaces an existing file atomically.
        guard rename(temporaryPath, absolutePath) == 0 else {
            let reason = SystemErrorText.reason(errno)
            unlink(temporaryPath)
            throw WriterError.cannotCreateFile(path: path, reason: "moving the finished file into place failed: \(reason)")
        }
    }

    private func checkOpen(_ operation: String) throws {
        guard file >= 0 else { throw WriterError.writerClosed(operation: operation) }
    }

    private func failure(_ error: Error) -> Error {
        switch error {
        case let failure as ZipFileWriter.Failure: WriterError.cannotCreateFile(path: path, reason: failure.reason)
        case is StreamingDeflater.Failure: WriterError.cannotCreateFile(path: path, reason: "deflating a part failed")
        default: error
        }
    }

    /// The sheet's XML before its rows: dimension, frozen header row, column widths.
    private func sheetHead(_ sheet: OpenSheet, widths: [Double], selected: Bool) -> [UInt8] {
        let head = XMLBytes(capacity: 1024)
        head.append("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><dimension ref=\"")
        if sheet.firstRow == 0 {
            head.append("A1")
        } else {
            head.append(CellReference(row: sheet.firstRow, column: sheet.firstColumn + 1).description)
            if sheet.firstRow != sheet.lastRow || sheet.firstColumn != sheet.lastColumn {
                head.append(UInt8(ascii: ":"))
                head.append(CellReference(row: sheet.lastRow, column: sheet.lastColumn + 1).description)
            }
        }
        head.append("\"/><sheetViews><sheetView ")
        if selected { head.append("tabSelected=\"1\" ") }
        head.append("workbookViewId=\"0\"><pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/><selection pane=\"bottomLeft\"/></sheetView></sheetViews><sheetFormatPr defaultRowHeight=\"15\"/>")
        if !widths.isEmpty {
            head.append("<cols>")
            for (index, width) in widths.enumerated() {
                head.append("<col min=\"")
                head.append(decimal: index + 1)
                head.append("\" max=\"")
                head.append(decimal: index + 1)
                head.append("\" width=\"")
                head.append(Self.storedWidth(width).description)
                // Excel's default width (8.43) is not a custom one, as libxlsxwriter writes it.
                head.append(width == 8.43 ? "\"/>" : "\" customWidth=\"1\"/>")
            }
            head.append("</cols>")
        }
        return Array(head.bytes)
    }

    /// A width in characters as Excel stores it, with the cell padding of Calibri 11 (7-pixel digits,
    /// 5 pixels of padding) in 1/256ths of a character: libxlsxwriter's conversion.
    static func storedWidth(_ width: Double) -> Double {
        guard width > 0 else { return 0 }
        let pixels = width < 1 ? Double(UInt16(width * 12 + 0.5)) : Double(UInt16(width * 7 + 0.5)) + 5
        return Double(UInt16(pixels / 7 * 256)) / 256
    }
}

/// What a text needs, found in one pass over its bytes.
private struct TextScan {
    /// `&`, `<` or `>`, written as entities.
    var hasEntities = false
    /// A control character (CR included), a byte that may begin U+FFFE/U+FFFF, or `_x`: the text may
    /// need Excel's escapes, which `WriterText` decides.
    var mayNeedEscapes = false
    /// Whitespace at either end, kept only with `xml:space="preserve"`.
    var keepsSpace = false

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let first = bytes.first, let last = bytes.last else { return }
        keepsSpace = Self.isSpace(first) || Self.isSpace(last)
        var previous: UInt8 = 0
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "&"), UInt8(ascii: "<"), UInt8(ascii: ">"): hasEntities = true
            case UInt8(ascii: "\t"), UInt8(ascii: "\n"): break
            case 0..<0x20, 0xEF: mayNeedEscapes = true
            case UInt8(ascii: "x") where previous == UInt8(ascii: "_"): mayNeedEscapes = true
            default: break
            }
            previous = byte
        }
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r")
    }
}

/// The shared-string table of a `TableWorkbookWriter`, deflated to a scratch file as strings come: only
/// text shaped like Excel's escapes goes there, one entry each (no counts, which the format leaves optional).
private final class SharedStringStream {
    private let scratch: ScratchFile
    private let stream: StreamingDeflater
    private let xml = XMLBytes(capacity: 1 << 12)
    private var count = 0

    init(folder: String) throws {
        let scratch = try ScratchFile(folder: folder)
        self.scratch = scratch
        stream = StreamingDeflater { try scratch.write($0) }
        xml.append("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">")
    }

    /// Adds already escaped text; its index.
    func append(_ escaped: String) throws -> Int {
        var escaped = escaped
        let keepsSpace = escaped.withUTF8 { TextScan($0).keepsSpace }
        xml.append(keepsSpace ? "<si><t xml:space=\"preserve\">" : "<si><t>")
        xml.appendEscaped(escaped)
        xml.append("</t></si>")
        if xml.count >= 1 << 12 {
            try stream.write(xml.bytes)
            xml.count = 0
        }
        count += 1
        return count - 1
    }

    func finish(into archive: ZipFileWriter) throws {
        xml.append("</sst>")
        try stream.write(xml.bytes)
        xml.count = 0
        try stream.finish()
        try archive.add("xl/sharedStrings.xml", crc: stream.crc, size: stream.inputSize,
                        compressedSize: stream.compressedSize, isDeflated: true) {
            try scratch.move(to: archive)
        }
    }
}
