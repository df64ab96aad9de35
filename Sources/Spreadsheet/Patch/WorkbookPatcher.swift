import Foundation

/// Sets chosen cells of an existing workbook and writes a new file in which everything else is kept:
/// styles, validations, conditional formats, protection, defined names, comments, drawings, charts,
/// hidden sheets, macros. A template is opened once and can then be written any number of times.
///
/// - Every part that no patch touches is copied with its compressed bytes unchanged, in the template's
///   entry order; the parts that change are deflated afresh (by ISA-L, `PartDeflater`).
/// - The spreadsheet program is asked to recalculate everything on open (`fullCalcOnLoad="1"` on
///   `<calcPr>`), and the cached results of every formula are removed, so that no program shows a result
///   computed from the template's values. Worksheets with formulas are therefore always rewritten.
/// - A patched cell keeps its style (`s`); if it held a formula, the formula is gone (it is a value now),
///   and `xl/calcChain.xml` is dropped with its relationship and content type, since Excel reports a
///   calculation chain naming a cell without a formula as corrupt.
/// - Text is written as inline strings, so the shared-string table is copied untouched.
///
/// `write` may be called from several threads at once: everything the patcher holds is read-only after
/// `init`, and each write opens its own libzip handles over that memory.
public final class WorkbookPatcher: Sendable {
    /// The template's path, as given.
    public let templatePath: String
    /// The template's sheets, in tab order.
    public let sheets: [SheetInfo]
    public let dateSystem: DateSystem

    /// The template with the parts that change for every output already changed (workbook part,
    /// worksheets without cached results), compressed once; each write copies it record by record.
    private let base: ArchiveImage
    /// The index of each entry of `base` by its part name in lower case.
    private let entryIndex: [String: Int]
    /// Worksheets by sheet index.
    private let worksheets: [Int: WorksheetTemplate]
    private let unpatchable: [Int: String]
    private let calculationChain: CalculationChainRemoval?

    private struct CalculationChainRemoval: Sendable {
        let part: String
        let relationshipsPart: String
        let relationshipsWithout: [UInt8]
        let contentTypesWithout: [UInt8]?
    }

    /// Reads the template once. Throws `SpreadsheetError` when it cannot be read as a workbook.
    public init(path: String, limits: ReadLimits = ReadLimits()) throws {
        templatePath = path
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw SpreadsheetError.fileNotReadable(file: path, reason: SystemErrorText.reason(of: error))
        }
        let workbook = try Workbook(data: data, name: path, limits: limits)
        let archive = workbook.archive
        sheets = workbook.sheets
        dateSystem = workbook.dateSystem

        var seen = Set<String>()
        for name in archive.partNames where !seen.insert(name.lowercased()).inserted {
            throw SpreadsheetError.corruptArchive(file: path, part: name, reason: "two zip entries have this name (ignoring letter case)")
        }

        var replacements: [String: [UInt8]] = [:]
        let workbookPart = workbook.workbookPart
        let workbookBytes = try [UInt8](archive.data(of: workbookPart))
        guard SheetScanner.canRead(firstChunk: Array(workbookBytes.prefix(200))) else {
            throw SpreadsheetError.malformedPart(file: path, part: workbookPart, line: nil, reason: "the part is not UTF-8, the only encoding the patcher rewrites")
        }
        let requestingCalculation = try PackageEdits.requestingFullCalculation(workbookBytes, file: path, part: workbookPart)
        if requestingCalculation != workbookBytes { replacements[workbookPart.lowercased()] = requestingCalculation }

        var worksheets: [Int: WorksheetTemplate] = [:]
        var unpatchable: [Int: String] = [:]
        for sheet in workbook.sheets {
            guard sheet.kind == .worksheet else {
                unpatchable[sheet.index] = "it is a \(sheet.kind.rawValue), not a worksheet"
                continue
            }
            guard let part = sheet.part, try archive.contains(part) else {
                unpatchable[sheet.index] = "its part is missing from the workbook"
                continue
            }
            let bytes = try [UInt8](archive.data(of: part))
            guard SheetScanner.canRead(firstChunk: Array(bytes.prefix(200))) else {
                // Left as it is (cached results included); fullCalcOnLoad still recalculates it.
                unpatchable[sheet.index] = "the part is not UTF-8, the only encoding the patcher rewrites"
                continue
            }
            let template = try WorksheetTemplate(file: path, sheet: sheet.name, part: part, original: bytes)
            worksheets[sheet.index] = template
            if template.changed { replacements[part.lowercased()] = template.bytes }
        }
        self.worksheets = worksheets
        self.unpatchable = unpatchable

        // The calculation chain, prepared for the writes that turn a formula cell into a value.
        var removal: CalculationChainRemoval?
        let relationships = try archive.relationships(of: workbookPart)
        let chains = relationships.filter { $0.hasKind("calcChain") && !$0.isExternal }
        if let chain = chains.first, try archive.contains(chain.target) {
            let relationshipsPart = PartPath.relationshipsPart(for: workbookPart)
            let relationshipsWithout = try PackageEdits.removingRelationships(
                Set(chains.map(\.id)), from: [UInt8](archive.data(of: relationshipsPart)), file: path, part: relationshipsPart)
            var contentTypesWithout: [UInt8]?
            if try archive.contains("[Content_Types].xml") {
                contentTypesWithout = try PackageEdits.removingOverrides(
                    [chain.target], from: [UInt8](archive.data(of: "[Content_Types].xml")), file: path, part: "[Content_Types].xml")
            }
            removal = CalculationChainRemoval(part: chain.target, relationshipsPart: relationshipsPart,
                                              relationshipsWithout: relationshipsWithout, contentTypesWithout: contentTypesWithout)
        }
        calculationChain = removal

        let entries = try ZipAssembly.entries(of: data, file: path)
        let items = entries.enumerated().map { index, entry in
            ZipAssembly.Item(entry: entry, content: replacements[entry.partName.lowercased()].map { .bytes($0) } ?? .copy(index))
        }
        base = try ArchiveImage(ZipAssembly.assemble(items, from: data, level: 9, file: path), file: path)
        entryIndex = Dictionary(base.entries.enumerated().map { ($1.partName.lowercased(), $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// Writes a copy of the template with `patches` applied to `path`. The file is written under a
    /// temporary name in the same folder and renamed when complete, so `path` never holds a partial
    /// workbook; on any error nothing is left behind. Safe to call from several threads at once.
    public func write(_ patches: [CellPatch], to path: String, overwrite: Bool = false) throws {
        try Self.checkOutput(path, template: templatePath, overwrite: overwrite)
        let bytes = try patchedWorkbook(patches)
        try Self.writeAtomically(bytes, to: path, overwrite: overwrite)
    }

    /// The bytes of the patched workbook, for callers that store or send it themselves.
    public func patchedWorkbook(_ patches: [CellPatch]) throws -> Data {
        var bySheet: [Int: [(CellReference, CellContent)]] = [:]
        for patch in patches {
            let sheet = try resolve(patch.sheet)
            guard patch.cell.isInGrid else {
                throw PatchError.cellOutsideGrid(file: templatePath, sheet: sheet.name, cell: patch.cell)
            }
            bySheet[sheet.index, default: []].append((patch.cell, try content(of: patch.value, sheet: sheet.name, cell: patch.cell)))
        }
        var replacements: [Int: [UInt8]] = [:]
        func replace(_ part: String, with bytes: [UInt8]) throws {
            guard let index = entryIndex[part.lowercased()] else {
                throw PatchError.archiveFailed(file: templatePath, part: part, reason: "the part is missing from the assembled archive")
            }
            replacements[index] = bytes
        }
        var replacedFormula = false
        for (index, cells) in bySheet {
            guard let template = worksheets[index] else {
                throw PatchError.notAWorksheet(file: templatePath, sheet: sheets[index].name, reason: unpatchable[index] ?? "it is not a worksheet")
            }
            let sorted = cells.sorted { $0.0 < $1.0 }
            for (previous, next) in zip(sorted, sorted.dropFirst()) where previous.0 == next.0 {
                throw PatchError.duplicateCell(file: templatePath, sheet: template.sheet, cell: next.0)
            }
            let result = try template.patched(sorted)
            try replace(template.part, with: result.bytes)
            replacedFormula = replacedFormula || result.replacedFormula
        }
        var omitted: Int?
        if replacedFormula, let chain = calculationChain {
            omitted = entryIndex[chain.part.lowercased()]
            try replace(chain.relationshipsPart, with: chain.relationshipsWithout)
            if let contentTypes = chain.contentTypesWithout { try replace("[Content_Types].xml", with: contentTypes) }
        }
        return try base.archive(replacing: replacements, omitting: omitted)
    }

    // MARK: - Checking patches

    private func resolve(_ name: String) throws -> SheetInfo {
        if let exact = sheets.first(where: { $0.name == name }) { return exact }
        if let folded = sheets.first(where: { $0.name.caseInsensitiveCompare(name) == .orderedSame }) { return folded }
        throw PatchError.sheetNotFound(file: templatePath, sheet: name, available: sheets.map(\.name))
    }

    /// Excel's limit on the text of one cell, in UTF-16 code units.
    public static let maxTextLength = 32_767

    private func content(of value: PatchValue, sheet: String, cell: CellReference) throws -> CellContent {
        switch value {
        case let .number(number):
            guard number.isFinite else { throw PatchError.numberNotFinite(file: templatePath, sheet: sheet, cell: cell) }
            return .number(Self.numberText(number))
        case let .date(date):
            var serial = date.serial
            if date.system != dateSystem { serial += date.system == .dates1900 ? -1462 : 1462 }
            guard serial.isFinite, serial >= 0, serial < 2_958_466 else {
                throw PatchError.dateOutOfRange(file: templatePath, sheet: sheet, cell: cell, serial: serial)
            }
            return .number(Self.numberText(serial))
        case let .boolean(flag):
            return .boolean(flag)
        case .blank:
            return .blank
        case let .text(text):
            let length = text.utf16.count
            guard length <= Self.maxTextLength else {
                throw PatchError.textTooLong(file: templatePath, sheet: sheet, cell: cell, length: length, maximum: Self.maxTextLength)
            }
            if text.utf8.contains(0) {
                throw PatchError.characterNotAllowed(file: templatePath, sheet: sheet, cell: cell, scalar: 0)
            }
            var escaped: [UInt8] = []
            escaped.reserveCapacity(text.utf8.count + 16)
            XMLText.appendEscaped(XStringEscape.encode(text), to: &escaped)
            return .inlineText(escaped)
        }
    }

    /// The shortest text that reads back as the same double: integers without a fraction, everything
    /// else in Swift's shortest round-trip form (`0.1`, `1e-07`, `1.5e+20`, all valid `xsd:double`).
    static func numberText(_ number: Double) -> String {
        if number == 0 { return "0" }
        if number == number.rounded(), abs(number) < 1e15 { return String(Int64(number)) }
        return number.description
    }

    // MARK: - Writing the file

    /// Refuses an output whose folder is missing, that is the template itself, or that exists when not
    /// overwriting.
    static func checkOutput(_ path: String, template templatePath: String, overwrite: Bool) throws {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
            throw PatchError.outputFolderMissing(path: path)
        }
        var target = stat(), template = stat()
        if stat(path, &target) == 0 {
            if stat(templatePath, &template) == 0, target.st_dev == template.st_dev, target.st_ino == template.st_ino {
                throw PatchError.outputIsTemplate(path: path)
            }
            if !overwrite { throw PatchError.outputExists(path: path) }
        }
    }

    /// Writes under a temporary name in the destination folder, then moves the file into place: with
    /// `link` when not overwriting, so that a file that appeared meanwhile is not replaced.
    static func writeAtomically(_ data: Data, to path: String, overwrite: Bool) throws {
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp").path
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0o666)
        guard descriptor >= 0 else {
            throw PatchError.outputNotWritable(path: path, reason: SystemErrorText.reason(errno))
        }
        defer { unlink(temporary) }
        let failure: Int32? = data.withUnsafeBytes { raw -> Int32? in
            var offset = 0
            while offset < raw.count {
                guard let base = raw.baseAddress else { break }
                let written = Foundation.write(descriptor, base + offset, raw.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                offset += written
            }
            return nil
        }
        if close(descriptor) != 0, failure == nil {
            throw PatchError.outputNotWritable(path: path, reason: SystemErrorText.reason(errno))
        }
        if let failure { throw PatchError.outputNotWritable(path: path, reason: SystemErrorText.reason(failure)) }
        if overwrite {
            guard rename(temporary, path) == 0 else {
                throw PatchError.outputNotWritable(path: path, reason: SystemErrorText.reason(errno))
            }
            return
        }
        if link(temporary, path) == 0 { return }
        let code = errno
        if code == EEXIST { throw PatchError.outputExists(path: path) }
        // A file system without hard links: check, then rename.
        guard !FileManager.default.fileExists(atPath: path) else { throw PatchError.outputExists(path: path) }
        guard rename(temporary, path) == 0 else {
            throw PatchError.outputNotWritable(path: path, reason: SystemErrorText.reason(errno))
        }
    }
}
