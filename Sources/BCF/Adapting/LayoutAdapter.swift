import Foundation
import Spreadsheet

/// Adapts an edition to a workbook of another layout (`bcf adapt`): finds each of the edition's sheets
/// by its content and name, each field by its label and the value's offset from it, each table by its
/// header row, and writes a definition of the same paths with the places found. It needs nothing the
/// project's own workbooks add (defined names, validations, formulas, the edition property), and it never
/// guesses: a field whose label is missing or ambiguous is left out and listed.
public struct LayoutAdapter: Sendable {
    public let edition: TemplateDefinition
    let file: DefinitionFile
    let store: DefinitionStore

    /// The adapter for an edition of the catalogue.
    public init(catalog: DefinitionCatalog, edition id: String) throws {
        edition = try catalog.edition(id)
        guard let file = catalog.mergedFiles[id] else { throw BCFError.unknownEdition(id: id, known: catalog.summaries.map(\.id)) }
        self.file = file
        store = catalog.store
    }

    /// Adapts the edition to the workbook at `path`; `id` names the adapted edition (default: the
    /// edition's id with "-adapted").
    public func adapt(path: String, id: String? = nil, limits: ReadLimits = ReadLimits()) throws -> Adaptation {
        try adapt(Workbook(path: path, limits: limits), id: id)
    }

    public func adapt(_ workbook: Workbook, id: String? = nil, source: String? = nil) throws -> Adaptation {
        let texts = try SheetTexts.read(workbook)
        let matches = SheetMatcher.match(edition.sheets, in: texts)
        guard matches.contains(where: { $0.workbookSheet != nil }) else {
            throw AdaptError.noSheetFound(file: workbook.fileName, edition: edition.id)
        }
        var placements: [String: FieldPlacement] = [:]
        var sheets: [RawSheet] = []
        for (sheet, match) in zip(edition.sheets, matches) {
            guard let index = match.workbookIndex, let raw = file.sheets?.first(where: { $0.name == sheet.name }) else { continue }
            let result = SheetAdapter(base: sheet, raw: raw, texts: texts[index]).adapt()
            placements.merge(result.placements) { $1 }
            sheets.append(result.sheet)
        }
        let adaptedID = id ?? "\(edition.id)-adapted"
        var adapted = file
        adapted.id = adaptedID
        adapted.extends = nil
        adapted.removeSheets = nil
        adapted.adaptedFrom = edition.id
        adapted.title = edition.title
        adapted.sheets = sheets
        // Lists are written out, so that the definition stands alone in any folder.
        var lists: [String: RawList] = [:]
        for name in edition.listOrder where name != DefinitionCompiler.CompiledLists.yesNo {
            if let values = edition.lists[name] { lists[name] = .values(values) }
        }
        adapted.lists = lists
        var references = AdaptedReferences(file: adapted)
        references.dropDangling()
        for (path, reason) in references.dropped {
            if let old = placements[path], old.isFound {
                placements[path] = FieldPlacement(path: path, required: false, editionSheet: old.editionSheet, editionCell: old.editionCell,
                                                  sheet: nil, cell: nil, method: nil, byNeighbour: false, problem: reason)
            }
        }
        let header = [
            "Adapted by `bcf adapt` from edition \(edition.id) to the layout of \(workbook.fileName).",
            "The same paths as \(edition.id); only the places differ. Fields not found are left out (the report lists them).",
        ]
        let yaml = DefinitionYAML.text(of: references.file, header: header)
        let definition = try DefinitionCompiler(file: source ?? "\(adaptedID).yaml", store: store)
            .compile(references.file)
        let mismatches = (try? EditionReader.layoutMismatches(in: workbook, as: edition)) ?? []
        return Adaptation(edition: edition.id, id: adaptedID, file: workbook.fileName,
                          sheets: matches, fields: report(placements, sheets: matches), notes: references.notes, yaml: yaml,
                          definition: definition, changes: LayoutChange.explaining(mismatches, in: workbook, as: edition))
    }

    /// Every field and table column of the edition, in order, with where it was found.
    private func report(_ placements: [String: FieldPlacement], sheets: [SheetMatch]) -> [FieldPlacement] {
        func required(_ requirement: Requirement, _ role: FieldRole) -> Bool { requirement != .optional && role != .computed }
        func entry(_ path: String, sheet: String, cell: CellReference, required: Bool) -> FieldPlacement {
            let placed = placements[path]
            let problem = placed?.problem ?? (sheets.first { $0.editionSheet == sheet }?.workbookSheet == nil
                ? "its sheet \"\(sheet)\" is not in the workbook" : "not found")
            return FieldPlacement(path: path, required: required, editionSheet: sheet, editionCell: cell, sheet: placed?.sheet,
                                  cell: placed?.cell, method: placed?.method, byNeighbour: placed?.byNeighbour ?? false,
                                  problem: placed?.isFound == true ? nil : problem)
        }
        var entries: [FieldPlacement] = []
        for sheet in edition.sheets {
            for field in sheet.fields {
                entries.append(entry(field.path, sheet: sheet.name, cell: field.cell, required: required(field.requirement, field.role)))
            }
            for table in sheet.tables {
                for column in table.columns {
                    entries.append(entry("\(table.path)[].\(column.key)", sheet: sheet.name,
                                         cell: CellReference(row: table.firstRow, column: column.column),
                                         required: required(column.requirement, column.role)))
                }
            }
        }
        return entries
    }
}
