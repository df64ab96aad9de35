/// Streams a worksheet row by row: a chunk of the part is inflated and parsed only when the rows already
/// parsed have been handed out, so memory does not grow with the sheet.
public final class SheetRowReader {
    public let sheet: SheetInfo
    private let chunks: ChunkPrefetcher
    private let parser: XMLStreamParser
    private let handler: SheetHandler
    private var scanner: SheetScanner?
    private var decided = false
    private var finished = false
    private let maxMarkupBytes: Int

    init(workbook: Workbook, sheet: SheetInfo, stream: PartStream, tables: WorkbookTables,
         keep: CellFilter? = nil, through lastRow: Int = CellReference.maxRow) throws {
        self.sheet = sheet
        chunks = ChunkPrefetcher(stream: stream)
        let limits = workbook.archive.limits
        maxMarkupBytes = limits.maxMarkupBytes
        handler = SheetHandler(file: workbook.fileName, sheet: sheet.name, tables: tables, limits: limits, keep: keep, through: lastRow)
        parser = XMLStreamParser(file: workbook.fileName, part: stream.part, handler: handler, maxDepth: limits.maxXMLDepth,
                                 maxMarkupBytes: limits.maxMarkupBytes)
        handler.parser = parser
    }

    /// A reader dropped before the end of its sheet (a caller that stops early, or a parse error) must
    /// stop the prefetch thread: the thread holds the prefetcher, so the prefetcher's own deinit never
    /// runs while the thread waits for room in its full queue, and the thread, its stream and the
    /// archive would otherwise wait forever.
    deinit { chunks.cancel() }

    /// The next row holding at least one cell with a value or formula, or nil at the end of the sheet.
    public func next() throws -> Row? {
        while true {
            if let row = handler.popRow() { return row }
            if finished { return nil }
            if let chunk = try chunks.next() {
                let headroom = ChunkPrefetcher.headroom
                if !decided {
                    decided = true
                    if SheetScanner.canRead(firstChunk: Array(chunk[headroom..<min(chunk.count, headroom + 200)])) {
                        scanner = SheetScanner(parser: parser, handler: handler, maxMarkupBytes: maxMarkupBytes)
                    }
                }
                if let scanner {
                    try scanner.feed(chunk, headroom: headroom)
                } else {
                    try chunk.withUnsafeBytes { try parser.feed(UnsafeRawBufferPointer(rebasing: $0[headroom...])) }
                }
                if parser.stoppedByHandler {
                    finished = true
                    chunks.cancel()
                }
            } else {
                if let scanner {
                    try scanner.finish()
                } else {
                    try parser.finish()
                }
                finished = true
            }
        }
    }
}
