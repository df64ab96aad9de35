/// Bounds on what one workbook may cost to read. Real BCF templates are a few megabytes; the defaults
/// leave two orders of magnitude of headroom and still stop a decompression bomb long before memory runs out.
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

    public init(
        maxPartBytes: Int = 2 << 30,
        maxWorkbookBytes: Int = 8 << 30,
        maxParts: Int = 100_000,
        maxSharedStrings: Int = 10_000_000,
        maxSheets: Int = 10_000
    ) {
        self.maxPartBytes = maxPartBytes
        self.maxWorkbookBytes = maxWorkbookBytes
        self.maxParts = maxParts
        self.maxSharedStrings = maxSharedStrings
        self.maxSheets = maxSheets
    }
}
