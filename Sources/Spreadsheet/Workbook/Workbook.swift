import Foundation

/// An .xlsx or .xlsm workbook opened for reading. Opening reads only the package relationships and the
/// workbook part; shared strings and styles are read once, when the first cells are asked for; each
/// sheet is streamed when it is read.
///
/// A workbook is not thread-safe (it owns one libzip handle); open one per task.
public final class Workbook {
    public let sheets: [SheetInfo]
    public let definedNames: [DefinedName]
    public let dateSystem: DateSystem
    /// The workbook part, found through the package relationships (usually `xl/workbook.xml`).
    public let workbookPart: String

    let archive: ZipArchive
    private let workbookRelationships: [Relationship]
    private var loadedTables: WorkbookTables?

    /// Opens a workbook from a file. The file is only read, never written.
    public convenience init(contentsOf file: URL, limits: ReadLimits = ReadLimits()) throws {
        try self.init(path: file.path, limits: limits)
    }

    /// Opens a workbook from the file at `path`, as `init(contentsOf:limits:)` does.
    public convenience init(path: String, limits: ReadLimits = ReadLimits()) throws {
        try self.init(archive: ZipArchive(path: path, limits: limits))
    }

    /// Opens a workbook held in memory; `name` is used in error messages.
    public convenience init(data: Data, name: String = "(workbook in memory)", limits: ReadLimits = ReadLimits()) throws {
        try self.init(archive: ZipArchive(bytes: data, name: name, limits: limits))
    }

    private init(archive: ZipArchive) throws {
        self.archive = archive
        let file = archive.fileName
        let workbookPart = try Self.findWorkbookPart(in: archive)
        guard try archive.contains(workbookPart) else {
            throw SpreadsheetError.missingPart(file: file, part: workbookPart, neededFor: "the list of sheets")
        }
        self.workbookPart = workbookPart
        let handler = WorkbookPartHandler(maxSheets: archive.limits.maxSheets)
        try archive.parse(workbookPart, with: handler)
        let relationships = try archive.relationships(of: workbookPart)
        self.workbookRelationships = relationships
        let byID = Dictionary(relationships.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        sheets = handler.sheets.enumerated().map { index, entry in
            let relationship = entry.relationshipID.flatMap { byID[$0] }
            let kind: SheetKind
            switch relationship {
            case let r? where r.hasKind("worksheet"): kind = .worksheet
            case let r? where r.hasKind("chartsheet"): kind = .chartsheet
            case let r? where r.hasKind("dialogsheet"): kind = .dialogsheet
            case let r? where r.hasKind("xlMacrosheet") || r.hasKind("xlIntlMacrosheet"): kind = .macrosheet
            default: kind = .unknown
            }
            let part = relationship.flatMap { $0.isExternal ? nil : $0.target }
            return SheetInfo(index: index, name: entry.name, state: entry.state, kind: kind, part: part)
        }
        definedNames = handler.definedNames
        dateSystem = handler.uses1904 ? .dates1904 : .dates1900
    }

    /// The sheet with this name; names are matched as Excel does, ignoring letter case.
    public func sheet(named name: String) throws -> SheetInfo {
        if let exact = sheets.first(where: { $0.name == name }) { return exact }
        if let folded = sheets.first(where: { $0.name.caseInsensitiveCompare(name) == .orderedSame }) { return folded }
        throw SpreadsheetError.sheetNotFound(file: fileName, sheet: name, available: sheets.map(\.name))
    }

    /// The merged ranges of a worksheet, in document order.
    public func mergedRanges(in sheet: SheetInfo) throws -> [CellRange] {
        let part = try worksheetPart(of: sheet)
        let handler = MergedRangesHandler()
        try archive.parse(part, with: handler)
        return handler.ranges
    }

    /// Streams the rows of a worksheet in document order, holding only a chunk of the sheet at a time.
    public func rows(in sheet: SheetInfo) throws -> SheetRowReader {
        try rows(in: sheet, keeping: nil, through: CellReference.maxRow)
    }

    /// The rows up to `lastRow` with only the cells `keep` accepts; the others are skipped as they are
    /// parsed, and the parse stops at the first row after `lastRow`.
    private func rows(in sheet: SheetInfo, keeping keep: CellFilter?, through lastRow: Int) throws -> SheetRowReader {
        let part = try worksheetPart(of: sheet)
        return try SheetRowReader(workbook: self, sheet: sheet, stream: archive.open(part), tables: tables(), keep: keep, through: lastRow)
    }

    /// Calls `body` for every cell with a value or a formula, rows then columns; `body` returns false to stop.
    public func forEachCell(in sheet: SheetInfo, _ body: (Cell) throws -> Bool) throws {
        let reader = try rows(in: sheet)
        while let row = try reader.next() {
            for cell in row.cells where try !body(cell) { return }
        }
    }

    /// The chosen cells of a sheet, reading no further into the sheet than the last row asked for. Only
    /// those cells are built: the others in their rows are skipped as they are parsed. Cells that are empty
    /// are absent from the result.
    public func cells(at references: Set<CellReference>, in sheet: SheetInfo) throws -> [CellReference: Cell] {
        guard let lookup = CellLookup(references) else { return [:] }
        var found: [CellReference: Cell] = [:]
        // Most chosen cells hold something: sized once rather than grown and rehashed on the way.
        found.reserveCapacity(references.count)
        let reader = try rows(in: sheet, keeping: .cells(lookup), through: lookup.lastRow)
        while let row = try reader.next() {
            if row.number > lookup.lastRow { break }
            for cell in row.cells { found[cell.reference] = cell }
        }
        return found
    }

    /// The non-empty cells inside the given ranges, reading no further than the last row they cover; only
    /// those cells are built.
    public func cells(in ranges: [CellRange], of sheet: SheetInfo) throws -> [Cell] {
        guard let lastRow = ranges.map(\.end.row).max() else { return [] }
        var found: [Cell] = []
        let reader = try rows(in: sheet, keeping: .ranges(ranges), through: lastRow)
        while let row = try reader.next() {
            if row.number > lastRow { break }
            found.append(contentsOf: row.cells)
        }
        return found
    }

    private func worksheetPart(of sheet: SheetInfo) throws -> String {
        guard let part = sheet.part else {
            throw SpreadsheetError.missingPart(file: fileName, part: "(relationship of sheet \"\(sheet.name)\")",
                                               neededFor: "reading sheet \"\(sheet.name)\"")
        }
        guard try archive.contains(part) else {
            throw SpreadsheetError.missingPart(file: fileName, part: part, neededFor: "reading sheet \"\(sheet.name)\"")
        }
        return part
    }

    /// Shared strings and number-format kinds, read once for the whole workbook.
    func tables() throws -> WorkbookTables {
        if let loadedTables { return loadedTables }
        var strings: [String] = []
        if let part = workbookRelationships.first(where: { $0.hasKind("sharedStrings") && !$0.isExternal })?.target,
           try archive.contains(part) {
            let handler = SharedStringsHandler(maxStrings: archive.limits.maxSharedStrings, maxTextBytes: archive.limits.maxCellTextBytes)
            try archive.parse(part, with: handler)
            strings = handler.strings
        }
        var kinds: [NumberFormatKind] = []
        if let part = workbookRelationships.first(where: { $0.hasKind("styles") && !$0.isExternal })?.target,
           try archive.contains(part) {
            let handler = StylesHandler()
            try archive.parse(part, with: handler)
            kinds = handler.formatKinds
        }
        let tables = WorkbookTables(sharedStrings: strings, formatKinds: kinds, dateSystem: dateSystem)
        loadedTables = tables
        return tables
    }

    private static func findWorkbookPart(in archive: ZipArchive) throws -> String {
        let file = archive.fileName
        let fromRelationships = try archive.packageRelationships()
            .first { $0.hasKind("officeDocument") && !$0.isExternal }?.target
        var contentTypes: ContentTypesHandler?
        if try archive.contains("[Content_Types].xml") {
            let handler = ContentTypesHandler()
            try archive.parse("[Content_Types].xml", with: handler)
            contentTypes = handler
        }
        var candidate = fromRelationships ?? contentTypes?.overrides.first { Self.isWorkbookContentType($0.value) }?.key
        for fallback in ["xl/workbook.xml", "xl/workbook.bin"] where candidate == nil {
            if try archive.contains(fallback) { candidate = fallback }
        }
        guard let part = candidate else {
            throw SpreadsheetError.notAWorkbook(file: file, reason: "the zip archive holds no workbook part (is it a Word or PowerPoint file?)")
        }
        let type = contentTypes?.contentType(of: part) ?? ""
        if part.lowercased().hasSuffix(".bin") || type.contains("sheet.binary") {
            throw SpreadsheetError.binaryWorkbook(file: file)
        }
        return part
    }

    private static func isWorkbookContentType(_ type: String) -> Bool {
        type.hasSuffix("sheet.main+xml") || type.hasSuffix("sheet.macroEnabled.main+xml")
            || type.hasSuffix("template.main+xml") || type.hasSuffix("template.macroEnabled.main+xml")
            || type.contains("sheet.binary")
    }
}

public extension Workbook {
    /// The path or name the workbook was opened under, as it appears in error messages.
    var fileName: String { archive.fileName }
}

/// What every cell of a workbook is interpreted against.
struct WorkbookTables {
    let sharedStrings: [String]
    let formatKinds: [NumberFormatKind]
    let dateSystem: DateSystem
}

final class MergedRangesHandler: XMLEventHandler {
    unowned(unsafe) var parser: XMLStreamParser?
    private(set) var ranges: [CellRange] = []

    func startElement(_ name: XMLName, attributes: XMLAttributes) {
        if name.is("mergeCell"), let text = attributes.string("ref"), let range = CellRange(text) {
            ranges.append(range)
        }
    }
}
