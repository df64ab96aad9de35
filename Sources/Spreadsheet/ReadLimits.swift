/// Bounds on what one workbook may cost to read. Real BCF templates are a few megabytes; the defaults
/// leave orders of magnitude of headroom and still stop a decompression bomb long before memory runs out.
/// Every limit is checked as the bytes, elements or cells arrive (never on a size a header claims), and the
/// error that stops a read (`SpreadsheetError.limitExceeded`, exit code 18) names the limit and the part.
///
/// What the 300 workbooks of the conformance corpus reach (Docs/READER.md): 340 zip entries, a
/// compression ratio of 30 on parts over 1 MiB, 175,095 cells in one sheet, 8,355 bytes of text in one
/// cell, an element depth of 11, a tag of 1,975 bytes.
public struct ReadLimits: Sendable, Equatable {
    /// Bytes actually inflated from one part (counted while inflating, not taken from the zip header).
    public var maxPartBytes: Int
    /// Bytes inflated from all parts read from one workbook.
    public var maxWorkbookBytes: Int
    /// Entries in the zip's central directory.
    public var maxParts: Int
    /// Strings in the shared-string table.
    public var maxSharedStrings: Int
    /// Sheets listed in the workbook.
    public var maxSheets: Int
    /// Bytes inflated per compressed byte of one part, checked as the bytes arrive once a part has produced
    /// `compressionRatioFloor` bytes (small parts are not judged: a short run of blanks compresses well).
    /// The default, 1,000, is 30 times the highest ratio in the conformance corpus and above what a generated
    /// sheet of one repeated row reaches (about 400), while deflate cannot exceed about 1,032: a part that
    /// deflates that far is nothing but repetition, and other zip methods (bzip2, zstd) reach millions.
    /// libzip does not say how many compressed bytes it has consumed, so a part is stopped once it has
    /// inflated the limit times its whole compressed size: a bzip2 or zstd bomb just past the floor, a
    /// deflate one (about 1,030 to 1) near its end. Memory does not depend on it: parts are streamed.
    public var maxCompressionRatio: Int
    /// `<c>` elements in one worksheet. The default, 20 million, is over a hundred times the largest sheet
    /// in the corpus and some thousand times a BCF template's; reading it takes about ten seconds.
    public var maxCellsPerSheet: Int
    /// Bytes of UTF-8 text in one cell: its value, its formula or its inline string, and each shared string.
    /// Counted in bytes (a character is 1 to 4 bytes) because bytes are what memory holds and what can
    /// be counted with one compare. Excel stops at 32,767 characters, but other programs do not (Google
    /// Sheets takes 50,000, LibreOffice and most libraries far more, and exports of JSON or HTML into a cell
    /// exceed Excel's limit in the wild), so the default is 1 MiB: 32 times Excel's limit in ASCII, 8 times
    /// in the widest UTF-8.
    public var maxCellTextBytes: Int
    /// Nesting of XML elements in any part read. The parts a workbook reader reads nest about ten deep;
    /// the default, 128, is half libxml2's own limit (256, which applies to parts not read by the byte
    /// scanner whatever this is set to), so that this limit, with its name, is the one met.
    public var maxXMLDepth: Int
    /// Bytes of one tag (its name and attributes), end tag, comment, processing instruction or CDATA section,
    /// in any part read. A parser holds such a construct until its end arrives; bounding it bounds what is
    /// held and keeps every scan linear in the part's size. The longest in the conformance corpus is a
    /// 1,975-byte `<conditionalFormatting sqref=...>` tag; the default, 1 MiB, is some 500 times that.
    public var maxMarkupBytes: Int

    /// Parts that have inflated fewer bytes than this are never refused for their compression ratio.
    public static let compressionRatioFloor = 1 << 20

    public init(
        maxPartBytes: Int = 2 << 30,
        maxWorkbookBytes: Int = 8 << 30,
        maxParts: Int = 100_000,
        maxSharedStrings: Int = 10_000_000,
        maxSheets: Int = 10_000,
        maxCompressionRatio: Int = 1_000,
        maxCellsPerSheet: Int = 20_000_000,
        maxCellTextBytes: Int = 1 << 20,
        maxXMLDepth: Int = 128,
        maxMarkupBytes: Int = 1 << 20
    ) {
        self.maxPartBytes = maxPartBytes
        self.maxWorkbookBytes = maxWorkbookBytes
        self.maxParts = maxParts
        self.maxSharedStrings = maxSharedStrings
        self.maxSheets = maxSheets
        self.maxCompressionRatio = maxCompressionRatio
        self.maxCellsPerSheet = maxCellsPerSheet
        self.maxCellTextBytes = maxCellTextBytes
        self.maxXMLDepth = maxXMLDepth
        self.maxMarkupBytes = maxMarkupBytes
    }
}
