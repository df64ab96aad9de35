import ArgumentParser
import Spreadsheet

/// The reading limits (`ReadLimits`, Docs/READER.md), for the commands that read workbooks. Each option
/// left out keeps its default; a workbook that breaks a limit is refused with exit code 18.
struct ReadLimitOptions: ParsableArguments {
    @Option(name: .customLong("max-part-mib"), help: ArgumentHelp("Limit: MiB inflated from one part of a workbook.", valueName: "MiB"))
    var maxPartMiB: Int?
    @Option(name: .customLong("max-workbook-mib"), help: ArgumentHelp("Limit: MiB inflated from all the parts of one workbook.", valueName: "MiB"))
    var maxWorkbookMiB: Int?
    @Option(name: .customLong("max-compression-ratio"), help: ArgumentHelp("Limit: bytes inflated per compressed byte of a part over 1 MiB.", valueName: "n"))
    var maxCompressionRatio: Int?
    @Option(name: .customLong("max-parts"), help: ArgumentHelp("Limit: entries in the zip archive.", valueName: "n"))
    var maxParts: Int?
    @Option(name: .customLong("max-sheets"), help: ArgumentHelp("Limit: sheets in a workbook.", valueName: "n"))
    var maxSheets: Int?
    @Option(name: .customLong("max-shared-strings"), help: ArgumentHelp("Limit: strings in the shared-string table.", valueName: "n"))
    var maxSharedStrings: Int?
    @Option(name: .customLong("max-cells"), help: ArgumentHelp("Limit: cells in one sheet.", valueName: "n"))
    var maxCells: Int?
    @Option(name: .customLong("max-cell-text-kib"), help: ArgumentHelp("Limit: KiB of text (UTF-8) in one cell or shared string.", valueName: "KiB"))
    var maxCellTextKiB: Int?
    @Option(name: .customLong("max-xml-depth"), help: ArgumentHelp("Limit: nesting of XML elements (libxml2 stops at 256 on its own).", valueName: "n"))
    var maxXMLDepth: Int?
    @Option(name: .customLong("max-markup-kib"), help: ArgumentHelp("Limit: KiB of one XML tag, comment, processing instruction or CDATA section.", valueName: "KiB"))
    var maxMarkupKiB: Int?

    func validate() throws {
        let given: [(String, Int?)] = [
            ("--max-part-mib", maxPartMiB), ("--max-workbook-mib", maxWorkbookMiB), ("--max-compression-ratio", maxCompressionRatio),
            ("--max-parts", maxParts), ("--max-sheets", maxSheets), ("--max-shared-strings", maxSharedStrings),
            ("--max-cells", maxCells), ("--max-cell-text-kib", maxCellTextKiB), ("--max-xml-depth", maxXMLDepth),
            ("--max-markup-kib", maxMarkupKiB),
        ]
        for (name, value) in given {
            if let value, value < 1 { throw ValidationError("\(name) must be at least 1") }
        }
        for (name, value) in [("--max-part-mib", maxPartMiB), ("--max-workbook-mib", maxWorkbookMiB)] {
            if let value, value > Int.max >> 21 { throw ValidationError("\(name) is too large") }
        }
        for (name, value) in [("--max-cell-text-kib", maxCellTextKiB), ("--max-markup-kib", maxMarkupKiB)] {
            if let value, value > Int.max >> 11 { throw ValidationError("\(name) is too large") }
        }
    }

    var limits: ReadLimits { limits(startingFrom: ReadLimits()) }

    /// The limits given, the others as in `defaults` (`bcf serve` starts from tighter ones).
    func limits(startingFrom defaults: ReadLimits) -> ReadLimits {
        var limits = defaults
        if let maxPartMiB { limits.maxPartBytes = maxPartMiB << 20 }
        if let maxWorkbookMiB { limits.maxWorkbookBytes = maxWorkbookMiB << 20 }
        if let maxCompressionRatio { limits.maxCompressionRatio = maxCompressionRatio }
        if let maxParts { limits.maxParts = maxParts }
        if let maxSheets { limits.maxSheets = maxSheets }
        if let maxSharedStrings { limits.maxSharedStrings = maxSharedStrings }
        if let maxCells { limits.maxCellsPerSheet = maxCells }
        if let maxCellTextKiB { limits.maxCellTextBytes = maxCellTextKiB << 10 }
        if let maxXMLDepth { limits.maxXMLDepth = maxXMLDepth }
        if let maxMarkupKiB { limits.maxMarkupBytes = maxMarkupKiB << 10 }
        return limits
    }
}
