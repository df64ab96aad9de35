/// Streams a worksheet row by row: a chunk of the part is inflated and parsed only when the rows already
/// parsed have been handed out, so memory does not grow with the sheet.
public final class SheetRowReader {
    public let sheet: SheetInfo
    private let stream: PartStream
    private let parser: XMLStreamParser
    private let handler: SheetHandler
    private var finished = false

    init(workbook: Workbook, sheet: SheetInfo, stream: PartStream, tables: WorkbookTables) throws {
        self.sheet = sheet
        self.stream = stream
        handler = SheetHandler(file: workbook.fileName, sheet: sheet.name, tables: tables)
        parser = XMLStreamParser(file: workbook.fileName, part: stream.part, handler: handler)
        handler.parser = parser
    }

    /// The next row holding at least one cell with a value or formula, or nil at the end of the sheet.
    public func next() throws -> Row? {
        while true {
            if let row = handler.popRow() { return row }
            if finished { return nil }
            if let chunk = try stream.next() {
                try parser.feed(chunk)
                if parser.stoppedByHandler { finished = true }
            } else {
                try parser.finish()
                finished = true
            }
        }
    }
}
