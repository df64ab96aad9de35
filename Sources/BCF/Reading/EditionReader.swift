import Foundation
import Spreadsheet

/// A workbook read against its edition: the values by path, each with the cell it came from.
public struct EditionReading: Sendable {
    public let file: String
    public let edition: TemplateDefinition
    public let model: ModelNode
    /// Set when the layout had moved and the workbook was read by its labels (`--relocate`).
    public var relocation: Relocation?

    /// `{"file", "edition", "hwb_code", "hwb_name", "model"}`: what `bcf read` prints, with `"relocated"`
    /// when the layout had moved. The area is named as the dataset names it (Docs/DATASET.md).
    public func json(pretty: Bool = true) -> String {
        let newline = pretty ? "\n" : ""
        let pad = pretty ? "  " : ""
        let separator = pretty ? ": " : ":"
        let area = self.area
        return "{" + newline
            + pad + "\"file\"" + separator + JSONText.string(file) + "," + newline
            + pad + "\"edition\"" + separator + JSONText.string(edition.id) + "," + newline
            + pad + "\"hwb_code\"" + separator + (area?.code.map(JSONText.string) ?? "null") + "," + newline
            + pad + "\"hwb_name\"" + separator + (area.map { JSONText.string($0.name) } ?? "null") + "," + newline
            + (relocation.map { pad + "\"relocated\"" + separator + JSONText.string($0.message) + "," + newline } ?? "")
            + pad + "\"model\"" + separator + model.json(indent: 1, pretty: pretty) + newline + "}"
    }
}

/// Reads workbooks of the editions in a catalogue: recognises the edition, checks that every label
/// stands where the definition says (so that a shifted or edited layout is refused rather than read
/// wrong), and turns each field's cell into a typed value.
public struct EditionReader: Sendable {
    public let catalog: DefinitionCatalog
    /// What one workbook may cost to read (Docs/READER.md).
    public let limits: ReadLimits

    /// Whether a workbook whose labels are not where its edition has them is read through a definition
    /// adapted to its layout (`--relocate`) rather than refused; the reading then says so.
    public let relocate: Bool

    public init(catalog: DefinitionCatalog, limits: ReadLimits = ReadLimits(), relocate: Bool = false) {
        self.catalog = catalog
        self.limits = limits
        self.relocate = relocate
    }

    /// Reads the workbook in `file`; `editionID` skips recognition.
    public func read(contentsOf file: URL, edition editionID: String? = nil) throws -> EditionReading {
        try read(path: file.path, edition: editionID)
    }

    /// Reads the workbook at `path`, as `read(contentsOf:edition:)` does.
    public func read(path: String, edition editionID: String? = nil) throws -> EditionReading {
        try read(Workbook(path: path, limits: limits), edition: editionID)
    }

    /// Reads a workbook held in memory; `name` is used in messages.
    public func read(data: Data, name: String, edition editionID: String? = nil) throws -> EditionReading {
        try read(Workbook(data: data, name: name, limits: limits), edition: editionID)
    }

    /// Reads an opened workbook as `read(path:)` does: recognised (and, with `relocate`, read by its
    /// labels when its layout moved) unless `editionID` names its edition.
    public func read(_ workbook: Workbook, edition editionID: String? = nil) throws -> EditionReading {
        if let editionID { return try read(workbook, as: catalog.edition(editionID), recognised: false) }
        do {
            return try read(workbook, as: recognise(workbook), recognised: true)
        } catch let error as BCFError {
            // Sheets renamed and no edition recorded: with --relocate, the edition whose fields are
            // found best by their labels, when one is clearly best.
            guard relocate, case .unrecognisedWorkbook = error, let reading = try relocatedByContent(workbook) else { throw error }
            return reading
        }
    }

    /// Adapts every edition (not those adapted from others) to the workbook and reads it as the one
    /// that finds the largest share of its fields, at least half, ahead of every other.
    private func relocatedByContent(_ workbook: Workbook) throws -> EditionReading? {
        var ranked: [(share: Double, adaptation: Adaptation)] = []
        for edition in catalog.editions where edition.adaptedFrom == nil {
            guard let adaptation = try? LayoutAdapter(catalog: catalog, edition: edition.id).adapt(workbook, id: edition.id) else { continue }
            ranked.append((Double(adaptation.fields.filter(\.isFound).count) / Double(max(1, adaptation.fields.count)), adaptation))
        }
        ranked.sort { $0.share > $1.share }
        guard let best = ranked.first, best.share >= 0.5, ranked.count < 2 || ranked[1].share < best.share else { return nil }
        var reading = try read(workbook, as: best.adaptation.definition)
        reading.relocation = Relocation(best.adaptation)
        return reading
    }

    /// Reads as `edition`; when its labels are not in place, tries the editions adapted from it (a
    /// template's own workbook still records its edition after rows were inserted), then, with
    /// `relocate`, a definition adapted to this very workbook.
    private func read(_ workbook: Workbook, as edition: TemplateDefinition, recognised: Bool) throws -> EditionReading {
        do {
            return try read(workbook, as: edition)
        } catch let error as BCFError {
            guard case .layoutMismatch = error else { throw error }
            if recognised {
                for summary in catalog.summaries where summary.adaptedFrom == edition.id {
                    if let adapted = try? catalog.edition(summary.id), let reading = try? read(workbook, as: adapted) { return reading }
                }
            }
            guard relocate else {
                guard case let .layoutMismatch(file, id, mismatches, _) = error else { throw error }
                throw BCFError.layoutMismatch(file: file, edition: id, mismatches: mismatches,
                                              changes: LayoutChange.explaining(mismatches, in: workbook, as: edition))
            }
            let adaptation = try LayoutAdapter(catalog: catalog, edition: edition.id).adapt(workbook, id: edition.id)
            var reading = try read(workbook, as: adaptation.definition)
            reading.relocation = Relocation(adaptation)
            return reading
        }
    }

    public func read(_ workbook: Workbook, as edition: TemplateDefinition) throws -> EditionReading {
        let plan = edition.readingPlan
        var model = ModelPlan.Tree(plan.model)
        // The plan numbers each sheet's fields and then its tables, sheet after sheet.
        var path = 0
        var table = 0
        var mismatches: [LabelMismatch] = []
        let parser = ValueParser(definition: edition)
        for sheet in edition.sheets {
            defer {
                path += sheet.fields.count + sheet.tables.count
                table += sheet.tables.count
            }
            guard let cells = try Self.cells(of: sheet, in: workbook) else {
                mismatches.append(LabelMismatch(sheet: sheet.name, cell: "", expected: "", found: nil, sheetMissing: true))
                continue
            }
            mismatches += Self.mismatches(sheet, cells: cells)
            guard mismatches.isEmpty else { continue }
            // By index, so that each field's few properties are read where they are, not a copy of it made.
            for offset in sheet.fields.indices {
                let cell = sheet.fields[offset].cell
                let value = cells[cell]?.value
                if let outcome = parser.reading(value, for: sheet.fields[offset].type, list: sheet.fields[offset].list) {
                    model.set(path + offset, to: .leaf(FieldReading(outcome, sheet: sheet.name, cell: cell,
                                                                     forgiven: ValueParser.forgiveness(of: value, outcome: outcome))))
                }
            }
            for (offset, tableDefinition) in sheet.tables.enumerated() {
                let rows = Self.rows(of: tableDefinition, plan: plan.rows[table + offset], cells: cells, parser: parser)
                model.set(path + sheet.fields.count + offset, to: .array(rows))
            }
        }
        guard mismatches.isEmpty else {
            throw BCFError.layoutMismatch(file: workbook.fileName, edition: edition.id, mismatches: mismatches)
        }
        return EditionReading(file: workbook.fileName, edition: edition, model: model.model)
    }

    /// The edition a workbook is of: the one recorded in its document properties by the template it was
    /// made from, or else the one whose sheets are all there and whose labels match best.
    public func recognise(_ workbook: Workbook) throws -> TemplateDefinition {
        if let recorded = try workbook.customProperties()[TemplateDefinition.editionProperty],
           catalog.summaries.contains(where: { $0.id == recorded }) {
            return try catalog.edition(recorded)
        }
        // Sheet names come from the summaries; only an edition whose sheets are all there is compiled,
        // for its labels.
        let names = Set(workbook.sheets.map { $0.name.lowercased() })
        var best: (edition: TemplateDefinition, mismatches: Int)?
        var closest: (edition: EditionSummary, missing: [String])?
        for summary in catalog.summaries {
            let missing = summary.sheetNames.filter { !names.contains($0.lowercased()) }
            if closest == nil || missing.count < (closest?.missing.count ?? .max) { closest = (summary, missing) }
            guard missing.isEmpty else { continue }
            let edition = try catalog.edition(summary.id)
            var count = 0
            for sheet in edition.sheets {
                if let cells = try Self.cells(of: sheet, in: workbook, labelsOnly: true) { count += Self.mismatches(sheet, cells: cells).count }
            }
            // On a tie the edition itself wins over one adapted from it, so that an adapted layout that
            // happens to fit a workbook of the edition's own layout does not take it over.
            if let current = best, count > current.mismatches
                || (count == current.mismatches && (edition.adaptedFrom != nil || current.edition.adaptedFrom == nil)) {
                continue
            }
            best = (edition, count)
        }
        if let best { return best.edition }
        let reason = closest.map { "closest is \($0.edition.id), but the workbook lacks its sheets \($0.missing.map { "\"\($0)\"" }.joined(separator: ", "))" }
            ?? "no editions are defined"
        throw BCFError.unrecognisedWorkbook(file: workbook.fileName, reason: reason)
    }

    /// The labels of `edition` that do not stand where its definition says in `workbook` (a missing
    /// sheet included): what `read` refuses, and what `fill` and `prefill` check in a template before
    /// writing a cell, so that amounts never land on a moved layout's labels.
    public static func layoutMismatches(in workbook: Workbook, as edition: TemplateDefinition) throws -> [LabelMismatch] {
        var mismatches: [LabelMismatch] = []
        for sheet in edition.sheets {
            guard let cells = try cells(of: sheet, in: workbook, labelsOnly: true) else {
                mismatches.append(LabelMismatch(sheet: sheet.name, cell: "", expected: "", found: nil, sheetMissing: true))
                continue
            }
            mismatches += Self.mismatches(sheet, cells: cells)
        }
        return mismatches
    }

    // MARK: - Private

    /// The cells of a definition sheet that the definition looks at, and no other (a sheet may hold
    /// millions of cells beside them); nil when the workbook has no such sheet.
    private static func cells(of sheet: SheetDefinition, in workbook: Workbook, labelsOnly: Bool = false) throws -> [CellReference: Cell]? {
        // Names are matched as Foundation's case-insensitive comparison matches them; two names in ASCII (a
        // template's always are) are the same exactly when their bytes are, letters' case aside, which is
        // told without it.
        let wanted = sheet.name.utf8
        let wantedIsASCII = wanted.allSatisfy { $0 < 0x80 }
        func lowered(_ byte: UInt8) -> UInt8 { byte &- UInt8(ascii: "A") < 26 ? byte | 0x20 : byte }
        guard let info = workbook.sheets.first(where: { info in
            let name = info.name.utf8
            guard wantedIsASCII, name.allSatisfy({ $0 < 0x80 }) else { return info.name.caseInsensitiveCompare(sheet.name) == .orderedSame }
            return name.count == wanted.count && zip(name, wanted).allSatisfy { lowered($0) == lowered($1) }
        }) else {
            return nil
        }
        return try workbook.cells(at: labelsOnly ? sheet.labelCells : sheet.readCells, in: info)
    }

    private static func mismatches(_ sheet: SheetDefinition, cells: [CellReference: Cell]) -> [LabelMismatch] {
        sheet.labels.compactMap { label in
            let found = cells[label.cell]?.value.map(ValueParser.text(of:))
            // Nearly every label is the very text expected, told from its bytes before the looser match.
            if let found, ValueParser.sameBytes(found, label.text) || ChoiceMatcher.labelsMatch(found, label.text) { return nil }
            return LabelMismatch(sheet: sheet.name, cell: label.cell.description, expected: label.text, found: found, sheetMissing: false)
        }
    }

    /// The rows of a table that have anything in a column a person fills (input or pre-populated), in
    /// order; blank rows are skipped wherever they are, not only at the end.
    private static func rows(of table: TableDefinition, plan: ModelPlan, cells: [CellReference: Cell], parser: ValueParser) -> [ModelNode] {
        // The table's values found in one pass over the cells read, then taken row by row in column
        // order: a row with no value in any column is skipped without a look at its cells, rather than a
        // look-up in `cells` for every cell of every row, most of them blank.
        let columnNumbers = table.columns.map(\.column)
        var found: [(row: Int, position: Int, value: CellValue)] = []
        for (reference, cell) in cells where reference.row >= table.firstRow && reference.row <= table.lastRow {
            guard let value = cell.value else { continue }
            for position in columnNumbers.indices where columnNumbers[position] == reference.column {
                found.append((reference.row, position, value))
            }
        }
        found.sort { $0.row != $1.row ? $0.row < $1.row : $0.position < $1.position }
        var rows: [ModelNode] = []
        var index = 0
        var node = ModelPlan.Tree(plan)
        while index < found.count {
            let row = found[index].row
            node.clear()
            var used = false
            while index < found.count, found[index].row == row {
                let (_, position, value) = found[index]
                index += 1
                let column = table.columns[position]
                guard let outcome = parser.reading(value, for: column.type, list: column.list) else { continue }
                if column.role != .computed { used = true }
                let reference = CellReference(row: row, column: column.column)
                node.set(position, to: .leaf(FieldReading(outcome, sheet: table.sheet, cell: reference,
                                                          forgiven: ValueParser.forgiveness(of: value, outcome: outcome))))
            }
            if used { rows.append(node.model) }
        }
        return rows
    }
}
