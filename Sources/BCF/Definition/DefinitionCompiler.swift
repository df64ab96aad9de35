import Foundation
import Spreadsheet

/// Turns a decoded definition file into a `TemplateDefinition`: grids and tables expanded into fields,
/// defaults applied, formulas resolved to cell references, and everything checked, so that a mistake in
/// the file is reported with its place before any workbook is read or written.
struct DefinitionCompiler {
    let file: String
    /// Where the files a definition names (its CSV lists) are read from.
    let store: DefinitionStore

    /// A field before its formula is resolved, with what its tokens may refer to.
    private struct Pending {
        var path: String
        var sheet: String
        var cell: CellReference
        var label: String?
        var description: String
        var type: FieldType
        var list: String?
        var role: FieldRole
        var requirement: Requirement
        var formula: String?
        var grid: (path: String, row: String, column: String, vars: [String: String])?
        var location: String
    }

    private struct PendingTable {
        var table: TableDefinition
        var formulas: [String: String]
        var location: String
    }

    func compile(_ raw: DefinitionFile) throws -> TemplateDefinition {
        let lists = try compileLists(raw)
        let checklist = try checklistPlace(raw)
        let guidanceSheet = raw.guidanceSheet ?? ChecklistPlace.defaultGuidanceSheet
        guard !guidanceSheet.isEmpty, guidanceSheet.utf16.count <= 31, !guidanceSheet.contains(where: { "[]:*?/\\".contains($0) }),
              !guidanceSheet.hasPrefix("'"), !guidanceSheet.hasSuffix("'") else {
            throw error("guidanceSheet", "Excel allows sheet names of 1 to 31 characters without [ ] : * ? / \\ or an apostrophe at either end")
        }
        var pendingBySheet: [(RawSheet, [Pending], [PendingTable], [LabelCheck], [StaticText])] = []
        var seenSheets = Set<String>()
        for sheet in raw.sheets ?? [] {
            let generated = [guidanceSheet, "Lists"] + (checklist.onDataSheet ? [] : [checklist.sheet])
            guard !generated.map({ $0.lowercased() }).contains(sheet.name.lowercased()) else {
                throw error("sheet \"\(sheet.name)\"", "the name is taken by the sheets every template has (\(generated.joined(separator: ", ")))")
            }
            guard !sheet.name.isEmpty, sheet.name.utf16.count <= 31, !sheet.name.contains(where: { "[]:*?/\\".contains($0) }),
                  !sheet.name.hasPrefix("'"), !sheet.name.hasSuffix("'") else {
                throw error("sheet \"\(sheet.name)\"", "Excel allows sheet names of 1 to 31 characters without [ ] : * ? / \\ or an apostrophe at either end")
            }
            guard seenSheets.insert(sheet.name.lowercased()).inserted else {
                throw error("sheet \"\(sheet.name)\"", "the sheet is defined twice")
            }
            let (fields, tables, labels, notes) = try compileSheet(sheet, lists: lists)
            pendingBySheet.append((sheet, fields, tables, labels, notes))
        }

        // Every field path and table column, for formulas and conditions to refer to.
        var cells: [String: (sheet: String, cell: CellReference)] = [:]
        var columns: [String: (sheet: String, range: CellRange)] = [:]
        var fieldTypes: [String: Pending] = [:]
        for (_, fields, tables, _, _) in pendingBySheet {
            for field in fields {
                guard cells[field.path] == nil, columns[field.path] == nil else {
                    throw error(field.location, "the path \(field.path) is used twice")
                }
                cells[field.path] = (field.sheet, field.cell)
                fieldTypes[field.path] = field
            }
            for pending in tables {
                let table = pending.table
                for column in table.columns {
                    let path = "\(table.path)[].\(column.key)"
                    guard cells[path] == nil, columns[path] == nil else {
                        throw error(pending.location, "the path \(path) is used twice")
                    }
                    columns[path] = (table.sheet, CellRange(start: CellReference(row: table.firstRow, column: column.column),
                                                           end: CellReference(row: table.lastRow, column: column.column)))
                }
            }
        }

        // A value and an object (or a table) cannot share a path: `a.b` beside `a.b.c` has no JSON form.
        let tablePaths = pendingBySheet.flatMap { $0.2.map(\.table.path) }
        let leafPaths = Array(cells.keys) + tablePaths
        let sortedPaths = leafPaths.sorted()
        for (index, path) in sortedPaths.enumerated() where index + 1 < sortedPaths.count {
            let next = sortedPaths[index + 1]
            if next == path || next.hasPrefix(path + ".") {
                throw error("paths", "\(path) holds a value or table, so \(next) cannot be inside it")
            }
        }
        // Each part of a path before a '.' is looked up among the tables, rather than every table tried
        // against every path; the first table in sheet order is the one named.
        let tableOrder = Dictionary(tablePaths.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        for path in cells.keys {
            var inside: (order: Int, table: String)?
            for dot in path.utf8.indices where path.utf8[dot] == UInt8(ascii: ".") {
                let prefix = String(path[..<dot])
                if let order = tableOrder[prefix], order < inside?.order ?? .max { inside = (order, prefix) }
            }
            if let inside { throw error("paths", "\(path) is inside the table \(inside.table)") }
        }

        var sheets: [SheetDefinition] = []
        for (rawSheet, pendingFields, pendingTables, labels, notes) in pendingBySheet {
            var fields: [FieldDefinition] = []
            for field in pendingFields {
                if case let .requiredWhen(path, _, _) = field.requirement, cells[path] == nil {
                    throw error(field.location, "the condition refers to \(path), which is not a field")
                }
                let formula = try field.formula.map {
                    try resolve($0, in: field.sheet, cells: cells, columns: columns, grid: field.grid,
                                location: field.location, checklist: checklist)
                }
                fields.append(FieldDefinition(path: field.path, sheet: field.sheet, cell: field.cell, label: field.label,
                                              description: field.description, type: field.type, list: field.list,
                                              role: field.role, requirement: field.requirement, formula: formula))
            }
            var tables: [TableDefinition] = []
            for pending in pendingTables {
                var table = pending.table
                let resolvedColumns = try table.columns.map { column -> ColumnDefinition in
                    if case let .requiredWhen(key, _, _) = column.requirement, table.column(key) == nil {
                        throw error(pending.location, "column \(column.key): the condition refers to \(key), which is not a column of this table")
                    }
                    guard let template = pending.formulas[column.key] else { return column }
                    let resolved = try resolve(template, in: table.sheet, cells: cells, columns: columns, grid: nil,
                                               location: "\(pending.location), column \(column.key)", checklist: checklist,
                                               keepRowTokens: true, tableColumns: Set(table.columns.map(\.key)))
                    return ColumnDefinition(key: column.key, column: column.column, header: column.header, type: column.type,
                                            list: column.list, role: column.role, requirement: column.requirement,
                                            formulaTemplate: resolved)
                }
                table = TableDefinition(path: table.path, sheet: table.sheet, headerRow: table.headerRow, firstRow: table.firstRow,
                                        rows: table.rows, minimumRows: table.minimumRows, columns: resolvedColumns)
                tables.append(table)
            }
            var widths: [Int: Double] = [:]
            for (letters, width) in rawSheet.columnWidths ?? [:] {
                guard let column = CellReference.columnNumber(letters.uppercased()), width >= 0, width <= 255 else {
                    throw error("sheet \"\(rawSheet.name)\", columnWidths", "\(letters): \(width) is not a column and a width of 0 to 255")
                }
                widths[column] = width
            }
            try checkOverlaps(sheet: rawSheet.name, fields: fields, tables: tables, labels: labels, notes: notes)
            sheets.append(SheetDefinition(name: rawSheet.name, heading: rawSheet.heading ?? rawSheet.name,
                                          hidden: rawSheet.hidden ?? false, columnWidths: widths, fields: fields,
                                          tables: tables, labels: labels, notes: notes))
        }

        guard let kindText = raw.kind, let kind = TemplateDefinition.Kind(rawValue: kindText) else {
            throw error("kind", "must be one of: \(["planning", "quarterly"].joined(separator: ", "))")
        }
        let years = raw.years ?? []
        let prefill = try raw.prefill.map { try compilePrefill($0, years: years, sheets: sheets) }
        let funding = try raw.funding.map { try compileFunding($0, lists: lists, sheets: sheets) } ?? []
        let definition = TemplateDefinition(
            id: raw.id, title: raw.title ?? raw.id, kind: kind, period: raw.period ?? "", years: years,
            colours: try compileColours(raw.colours ?? [:]), limits: try compileLimits(raw.limits ?? [:]),
            lists: lists.values, listOrder: lists.order, listFiles: lists.files, guidance: raw.guidance ?? [], sheets: sheets, source: file, prefill: prefill,
            funding: funding, adaptedFrom: raw.adaptedFrom, guidanceSheet: guidanceSheet, checklistPlace: checklist)
        try checkChecklistBlock(definition)
        return definition
    }

    // MARK: - Checklist

    /// A sheet of its own unless one data sheet holds a `checklist` item, which then says where the block starts.
    private func checklistPlace(_ raw: DefinitionFile) throws -> ChecklistPlace {
        var place: ChecklistPlace?
        for sheet in raw.sheets ?? [] {
            for (index, item) in (sheet.content ?? []).enumerated() where item.checklist != nil {
                let location = "sheet \"\(sheet.name)\", content item \(index + 1)"
                guard item.checklist == true, item.path == nil, item.grid == nil, item.table == nil, item.text == nil else {
                    throw error(location, "a checklist item is `{checklist: true, cell: ...}` and nothing else")
                }
                guard place == nil else { throw error(location, "the checklist is placed twice") }
                guard let cellText = item.cell else { throw error(location, "the checklist needs a cell: where \"Template status:\" goes") }
                place = ChecklistPlace(sheet: sheet.name, origin: try cell(cellText, location), onDataSheet: true)
            }
        }
        return place ?? .ownSheet
    }

    /// The block on a data sheet takes three columns from its cell down to its last line: nothing else
    /// of the sheet may stand there.
    private func checkChecklistBlock(_ definition: TemplateDefinition) throws {
        let place = definition.checklistPlace
        guard place.onDataSheet, let sheet = definition.sheet(named: place.sheet) else { return }
        let sections = Dictionary(grouping: definition.checklist, by: \.sheet)
        let lastRow = place.firstRow + sections.values.reduce(0) { $0 + $1.count + 2 } - 1
        let columns = place.origin.column...(place.origin.column + 2)
        let rows = place.origin.row...max(place.origin.row, lastRow)
        var taken: [(CellReference, String)] = sheet.fields.map { ($0.cell, $0.path) } + sheet.labels.map { ($0.cell, "the label \"\($0.text)\"") }
            + sheet.notes.map { ($0.cell, "the text \"\($0.text)\"") }
        for table in sheet.tables where table.firstRow <= rows.upperBound && table.lastRow >= rows.lowerBound {
            for column in table.columns where columns.contains(column.column) {
                taken.append((CellReference(row: max(table.firstRow, rows.lowerBound), column: column.column), "the table \(table.path)"))
            }
        }
        if let (cell, what) = taken.first(where: { rows.contains($0.0.row) && columns.contains($0.0.column) }) {
            throw error("sheet \"\(sheet.name)\", checklist", "the checklist block takes \(CellReference(row: rows.lowerBound, column: columns.lowerBound)):\(CellReference(row: rows.upperBound, column: columns.upperBound)), where \(what) stands at \(cell)")
        }
    }

    // MARK: - Sheets

    private func compileSheet(_ sheet: RawSheet, lists: CompiledLists) throws
        -> ([Pending], [PendingTable], [LabelCheck], [StaticText]) {
        var fields: [Pending] = []
        var tables: [PendingTable] = []
        var labels: [LabelCheck] = []
        var notes: [StaticText] = []
        for (index, item) in (sheet.content ?? []).enumerated() {
            let location = "sheet \"\(sheet.name)\", content item \(index + 1)"
            if let path = item.path {
                let field = try singleField(item, path: path, sheet: sheet.name, lists: lists, location: location + " (\(path))")
                fields.append(field)
                if let label = item.label {
                    let labelCell = try item.labelCell.map { try cell($0, location) }
                        ?? CellReference(row: field.cell.row, column: max(1, field.cell.column - 1))
                    labels.append(LabelCheck(cell: labelCell, text: label))
                }
            } else if let grid = item.grid {
                let (gridFields, gridLabels) = try gridFields(item, path: grid, sheet: sheet.name, lists: lists,
                                                              location: location + " (grid \(grid))")
                fields += gridFields
                labels += gridLabels
            } else if let table = item.table {
                let (pending, tableLabels) = try compileTable(item, path: table, sheet: sheet.name, lists: lists,
                                                              location: location + " (table \(table))")
                tables.append(pending)
                labels += tableLabels
            } else if item.checklist != nil {
                continue
            } else if let text = item.text {
                guard let cellText = item.cell else { throw error(location, "text needs a cell") }
                guard let style = StaticText.TextStyle(rawValue: item.style ?? "label") else {
                    throw error(location, "style \(item.style ?? "") is not one of: label, heading, note, header")
                }
                let at = try cell(cellText, location)
                notes.append(StaticText(cell: at, text: text, style: style))
                if item.check ?? (style != .note) { labels.append(LabelCheck(cell: at, text: text)) }
            } else {
                throw error(location, "an item needs one of: path, grid, table, text")
            }
        }
        return (fields, tables, labels, notes)
    }

    private func singleField(_ item: RawItem, path: String, sheet: String, lists: CompiledLists, location: String) throws -> Pending {
        try checkPath(path, location)
        guard let cellText = item.cell else { throw error(location, "a field needs a cell") }
        let (type, list) = try typeAndList(item.type, item.list, lists: lists, location: location)
        let role = try role(item.role, hasFormula: item.formula != nil, location: location)
        return Pending(path: path, sheet: sheet, cell: try cell(cellText, location), label: item.label,
                       description: item.description ?? item.label ?? path, type: type, list: list, role: role,
                       requirement: try requirement(item.required, role: role, location: location),
                       formula: item.formula, grid: nil, location: location)
    }

    private func gridFields(_ item: RawItem, path: String, sheet: String, lists: CompiledLists, location: String) throws
        -> ([Pending], [LabelCheck]) {
        try checkPath(path, location)
        guard case let .rows(rows)? = item.rows, !rows.isEmpty else { throw error(location, "a grid needs rows: a list of {key, row, label}") }
        guard let columns = item.columns, !columns.isEmpty else { throw error(location, "a grid needs columns") }
        var labels: [LabelCheck] = []
        let labelColumn = try item.labelColumn.map { try columnNumber($0, location) } ?? 2
        if let headerRow = item.headerRow {
            for column in columns {
                if let label = column.label {
                    labels.append(LabelCheck(cell: CellReference(row: headerRow, column: try columnNumber(column.column, location)), text: label))
                }
            }
        }
        var fields: [Pending] = []
        for row in rows {
            let rowLocation = "\(location), row \(row.key)"
            try checkPath(row.key, rowLocation)
            guard row.row >= 1, row.row <= CellReference.maxRow else { throw error(rowLocation, "row \(row.row) is outside the sheet") }
            if let label = row.label { labels.append(LabelCheck(cell: CellReference(row: row.row, column: labelColumn), text: label)) }
            for column in columns where !(row.skip ?? []).contains(column.key) {
                let cellLocation = "\(rowLocation), column \(column.key)"
                try checkPath(column.key, cellLocation)
                let (type, list) = try typeAndList(row.type ?? column.type, row.list ?? column.list, lists: lists, location: cellLocation)
                let formula = row.formulas?[column.key] ?? column.formula
                // A formula given for this very row makes the cell computed, whatever the column's role.
                let roleText = row.formulas?[column.key] != nil ? "computed" : row.roles?[column.key] ?? row.role ?? column.role
                let role = try role(roleText, hasFormula: formula != nil, location: cellLocation)
                let requirement = try requirement(row.required ?? column.required, role: role, location: cellLocation,
                                                  relativeTo: "\(path).\(row.key)")
                let description = [row.label, column.label].compactMap { $0 }.joined(separator: ": ")
                fields.append(Pending(
                    path: "\(path).\(row.key).\(column.key)", sheet: sheet,
                    cell: CellReference(row: row.row, column: try columnNumber(column.column, cellLocation)),
                    label: row.label, description: description.isEmpty ? "\(path).\(row.key).\(column.key)" : description,
                    type: type, list: list, role: role, requirement: requirement,
                    formula: role == .computed ? formula : nil, grid: (path, row.key, column.key, row.vars ?? [:]),
                    location: cellLocation))
            }
        }
        return (fields, labels)
    }

    private func compileTable(_ item: RawItem, path: String, sheet: String, lists: CompiledLists, location: String) throws
        -> (PendingTable, [LabelCheck]) {
        try checkPath(path, location)
        guard let firstRow = item.firstRow, case let .capacity(capacity)? = item.rows, capacity >= 1 else {
            throw error(location, "a table needs firstRow and rows (how many rows it holds)")
        }
        guard firstRow >= 1, firstRow + capacity - 1 <= CellReference.maxRow else { throw error(location, "the rows do not fit in a sheet") }
        guard let rawColumns = item.columns, !rawColumns.isEmpty else { throw error(location, "a table needs columns") }
        var columns: [ColumnDefinition] = []
        var formulas: [String: String] = [:]
        var labels: [LabelCheck] = []
        for raw in rawColumns {
            let columnLocation = "\(location), column \(raw.key)"
            try checkPath(raw.key, columnLocation)
            guard !columns.contains(where: { $0.key == raw.key }) else { throw error(columnLocation, "the key is used twice") }
            let number = try columnNumber(raw.column, columnLocation)
            guard !columns.contains(where: { $0.column == number }) else { throw error(columnLocation, "column \(raw.column) is used twice") }
            let (type, list) = try typeAndList(raw.type, raw.list, lists: lists, location: columnLocation)
            let role = try role(raw.role, hasFormula: raw.formula != nil, location: columnLocation)
            if role == .computed, let formula = raw.formula { formulas[raw.key] = formula }
            columns.append(ColumnDefinition(key: raw.key, column: number, header: raw.label, type: type, list: list, role: role,
                                            requirement: try requirement(raw.required, role: role, location: columnLocation, inTable: true),
                                            formulaTemplate: nil))
            if let headerRow = item.headerRow, let label = raw.label {
                labels.append(LabelCheck(cell: CellReference(row: headerRow, column: number), text: label))
            }
        }
        if let headerRow = item.headerRow, headerRow >= firstRow {
            throw error(location, "the header row must be above the first row")
        }
        let table = TableDefinition(path: path, sheet: sheet, headerRow: item.headerRow, firstRow: firstRow, rows: capacity,
                                    minimumRows: item.minimumRows ?? 0, columns: columns)
        return (PendingTable(table: table, formulas: formulas, location: location), labels)
    }

    // MARK: - Properties

    private func typeAndList(_ typeText: String?, _ list: String?, lists: CompiledLists, location: String) throws -> (FieldType, String?) {
        let type: FieldType
        if let typeText {
            guard let parsed = FieldType(rawValue: typeText) else {
                throw error(location, "type \(typeText) is not one of: \(FieldType.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            type = parsed
        } else {
            type = list == nil ? .text : .choice
        }
        switch type {
        case .choice:
            guard let list else { throw error(location, "a choice needs a list") }
            guard lists.values[list] != nil else { throw error(location, "there is no list named \(list)") }
            return (type, list)
        case .yesNo:
            return (type, CompiledLists.yesNo)
        default:
            guard list == nil else { throw error(location, "only a choice has a list (type is \(type.rawValue))") }
            return (type, nil)
        }
    }

    private func role(_ text: String?, hasFormula: Bool, location: String) throws -> FieldRole {
        guard let text else { return hasFormula ? .computed : .input }
        guard let role = FieldRole(rawValue: text) else {
            throw error(location, "role \(text) is not one of: input, prepopulated, computed")
        }
        if role == .computed, !hasFormula { throw error(location, "a computed field needs a formula") }
        return role
    }

    private func requirement(_ raw: RawRequirement?, role: FieldRole, location: String, relativeTo base: String? = nil,
                             inTable: Bool = false) throws -> Requirement {
        switch raw {
        case nil, .always(false)?: return .optional
        case .always(true)?:
            guard role != .computed else { throw error(location, "a computed field cannot be required") }
            return .required
        case let .when(path, values, negate)?:
            guard role != .computed else { throw error(location, "a computed field cannot be required") }
            // In a grid, `~key` names a column of the same row.
            var target = path
            if path.hasPrefix("~") {
                guard let base else { throw error(location, "~\(path.dropFirst()) is only meaningful in a grid") }
                target = "\(base).\(path.dropFirst())"
            } else if inTable, path.contains(".") && !path.hasPrefix("~") {
                throw error(location, "inside a table a condition names a column of the same row (a key), not \(path)")
            }
            return .requiredWhen(path: target, values: values, negate: negate)
        }
    }

    /// Letters, digits, '-', '_' and '.', checked byte by byte (every other character has a byte outside
    /// these); a part on each side of every '.'.
    private static func isPath(_ path: String) -> Bool {
        let dot = UInt8(ascii: ".")
        var previous = dot
        for byte in path.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "_"): break
            case dot where previous != dot: break
            default: return false
            }
            previous = byte
        }
        return previous != dot
    }

    private func checkPath(_ path: String, _ location: @autoclosure () -> String) throws {
        guard Self.isPath(path) else {
            throw error(location(), "\"\(path)\" is not a path: use letters, digits, '-' and '_', parts joined by '.'")
        }
    }

    private func cell(_ text: String, _ location: String) throws -> CellReference {
        guard let reference = CellReference(text.uppercased()), reference.isInGrid else {
            throw error(location, "\"\(text)\" is not a cell reference such as C7")
        }
        return reference
    }

    private func columnNumber(_ letters: String, _ location: String) throws -> Int {
        guard let number = CellReference.columnNumber(letters.uppercased()), number <= CellReference.maxColumn else {
            throw error(location, "\"\(letters)\" is not a column such as C")
        }
        return number
    }

    private func error(_ location: String, _ problem: String) -> DefinitionError {
        DefinitionError(file: file, location: location, problem: problem)
    }

    // MARK: - Formulas

    private func resolve(_ formula: String, in sheet: String, cells: [String: (sheet: String, cell: CellReference)],
                         columns: [String: (sheet: String, range: CellRange)],
                         grid: (path: String, row: String, column: String, vars: [String: String])?,
                         location: String, checklist: ChecklistPlace, keepRowTokens: Bool = false,
                         tableColumns: Set<String> = []) throws -> String {
        var text = formula
        // Variables first: they may form part of a path (`{$source}` inside a string or a token).
        if let vars = grid?.vars {
            for (name, value) in vars { text = FormulaTemplate.replacing("{$\(name)}", with: value, in: text) }
        }
        guard let parts = FormulaTemplate.parse(text) else { throw error(location, "the formula has a { without a }") }
        var output = ""
        for part in parts {
            switch part {
            case let .literal(literal):
                output += literal
            case let .token(token):
                switch token {
                case let .path(path):
                    if let target = cells[path] {
                        output += FormulaTemplate.reference(to: target.cell, on: target.sheet, from: sheet)
                    } else if let target = columns[path] {
                        output += FormulaTemplate.reference(to: target.range, on: target.sheet, from: sheet)
                    } else {
                        throw error(location, "the formula refers to {\(path)}, which is not a field or table column")
                    }
                case let .sameRow(key):
                    if keepRowTokens {
                        guard tableColumns.contains(key) else { throw error(location, "{~\(key)}: no such column in this table") }
                        output += "{~\(key)}"
                    } else {
                        guard let grid, let target = cells["\(grid.path).\(grid.row).\(key)"] else {
                            throw error(location, "{~\(key)}: no such column in this grid row")
                        }
                        output += FormulaTemplate.reference(to: target.cell, on: target.sheet, from: sheet)
                    }
                case let .sameColumn(key):
                    guard let grid, let target = cells["\(grid.path).\(key).\(grid.column)"] else {
                        throw error(location, "{^\(key)}: no such row in this grid column")
                    }
                    output += FormulaTemplate.reference(to: target.cell, on: target.sheet, from: sheet)
                case let .variable(name):
                    throw error(location, "{$\(name)}: the row gives no such variable")
                case let .special(name):
                    guard name == "templateStatus" else { throw error(location, "{@\(name)}: unknown; the only one is {@templateStatus}") }
                    output += FormulaTemplate.reference(to: checklist.statusCell, on: checklist.sheet, from: sheet)
                }
            }
        }
        return output.hasPrefix("=") ? String(output.dropFirst()) : output
    }

    // MARK: - Overlaps

    private func checkOverlaps(sheet: String, fields: [FieldDefinition], tables: [TableDefinition], labels: [LabelCheck],
                               notes: [StaticText]) throws {
        // Cells are keyed by one number, which hashes faster than a reference: tables claim thousands.
        func key(_ cell: CellReference) -> Int { cell.row << 16 | cell.column }
        var owner: [Int: String] = [:]
        owner.reserveCapacity(fields.count + tables.reduce(0) { $0 + $1.columns.count * ($1.lastRow - $1.firstRow + 1) })
        func claim(_ cell: CellReference, _ what: String) throws {
            if let other = owner[key(cell)], other != what {
                throw error("sheet \"\(sheet)\"", "cell \(cell) is used by both \(other) and \(what)")
            }
            owner[key(cell)] = what
        }
        for field in fields { try claim(field.cell, field.path) }
        // Every field has a cell of its own now, so the owner of a field's cell is that field.
        let fieldAt = owner
        for table in tables {
            for column in table.columns {
                let what = "\(table.path)[].\(column.key)"
                for row in table.firstRow...table.lastRow {
                    try claim(CellReference(row: row, column: column.column), what)
                }
            }
        }
        // A label may be declared by several fields of a grid row; the text must agree.
        var labelText: [CellReference: String] = [:]
        for label in labels {
            if let field = fieldAt[key(label.cell)] {
                throw error("sheet \"\(sheet)\"", "the label \"\(label.text)\" at \(label.cell) is on the cell of \(field)")
            }
            if let other = labelText[label.cell], other != label.text {
                throw error("sheet \"\(sheet)\"", "cell \(label.cell) has two labels: \"\(other)\" and \"\(label.text)\"")
            }
            labelText[label.cell] = label.text
        }
        _ = notes
    }

    // MARK: - Prefill

    private func compilePrefill(_ raw: RawPrefill, years: [String], sheets: [SheetDefinition]) throws -> PrefillDefinition {
        let fields = Dictionary(sheets.flatMap(\.fields).map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
        let tables = Dictionary(sheets.flatMap(\.tables).map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
        guard let hwb = fields[raw.hwb], hwb.role != .computed else {
            throw error("prefill.hwb", "\(raw.hwb) is not a field that can be filled")
        }
        guard !years.isEmpty else { throw error("prefill", "the edition needs `years` for its allocations") }
        var items: [String: PrefillDefinition.Target] = [:]
        for (name, item) in raw.items {
            let location = "prefill.items.\(name)"
            if let tablePath = item.table {
                guard let table = tables[tablePath] else { throw error(location, "there is no table \(tablePath)") }
                guard let body = item.body, table.column(body) != nil else {
                    throw error(location, "body must name a column of \(tablePath)")
                }
                var columns: [String: String] = [:]
                for year in years {
                    let key = FormulaTemplate.replacing("{year}", with: year, in: item.amount ?? "{year}")
                    guard let column = table.column(key), column.type == .money else {
                        throw error(location, "\(tablePath) has no money column \(key) for \(year)")
                    }
                    columns[year] = key
                }
                items[name] = .table(path: tablePath, bodyColumn: body, amountColumns: columns)
            } else if let template = item.field {
                var paths: [String: String] = [:]
                for year in years {
                    let path = FormulaTemplate.replacing("{year}", with: year, in: template)
                    guard let field = fields[path], field.type == .money, field.role != .computed else {
                        throw error(location, "\(path) is not a money field that can be filled")
                    }
                    paths[year] = path
                }
                items[name] = .fields(paths)
            } else {
                throw error(location, "an item needs a table (with body) or a field")
            }
        }
        return PrefillDefinition(hwbField: hwb.path, items: items)
    }

    // MARK: - Funding

    /// Every answer of `fundingSources` must name its income table, so that no source escapes the
    /// income-against-expenditure check, and the scheme table must say which source funds each line.
    private func compileFunding(_ raw: [RawFundingSource], lists: CompiledLists, sheets: [SheetDefinition]) throws -> [FundingSourceDefinition] {
        let tables = Dictionary(sheets.flatMap(\.tables).map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
        guard let answers = lists.values[FundingSourceDefinition.listName] else {
            throw error("funding", "the edition needs a list \(FundingSourceDefinition.listName)")
        }
        guard let schemes = tables[FundingSourceDefinition.schemesPath], schemes.column("sourceOfFunding")?.list == FundingSourceDefinition.listName else {
            throw error("funding", "the edition needs a table \(FundingSourceDefinition.schemesPath) whose column sourceOfFunding uses the list \(FundingSourceDefinition.listName)")
        }
        var compiled: [FundingSourceDefinition] = []
        for (index, source) in raw.enumerated() {
            let location = "funding[\(index + 1)]"
            guard answers.contains(source.answer) else { throw error(location, "\"\(source.answer)\" is not an answer of the list \(FundingSourceDefinition.listName)") }
            guard let table = tables[source.income], table.column("localAuthority") != nil || table.column("ccg") != nil else {
                throw error(location, "\(source.income) is not a table of contributions (one with a localAuthority or ccg column)")
            }
            guard source.income.hasPrefix("income."), !source.income.dropFirst(7).contains(".") else {
                throw error(location, "\(source.income): an income table's path is income.<name>")
            }
            if compiled.contains(where: { $0.key == source.key || $0.answer == source.answer || $0.incomePath == source.income }) {
                throw error(location, "\(source.answer) (\(source.key), \(source.income)) repeats another source's answer, key or table")
            }
            compiled.append(FundingSourceDefinition(answer: source.answer, key: source.key, incomePath: source.income))
        }
        let missing = answers.filter { answer in !compiled.contains { $0.answer == answer } }
        guard missing.isEmpty else { throw error("funding", "no income table for \(missing.map { "\"\($0)\"" }.joined(separator: ", "))") }
        return compiled
    }

    // MARK: - Lists, colours, limits

    struct CompiledLists {
        static let yesNo = "yesNo"
        var values: [String: [String]]
        var order: [String]
        /// The CSV file each list read from a file came from.
        var files: [String: ListFile] = [:]
    }

    private func compileLists(_ raw: DefinitionFile) throws -> CompiledLists {
        var values: [String: [String]] = [CompiledLists.yesNo: ["Yes", "No"]]
        var order = [CompiledLists.yesNo]
        var files: [String: ListFile] = [:]
        for name in (raw.lists ?? [:]).keys.sorted() {
            guard let list = raw.lists?[name] else { continue }
            let location = "lists, \(name)"
            let items: [String]
            switch list {
            case let .values(inline): items = inline
            case let .file(path, column):
                let listFile = ListFile(name: store.name(of: path), text: try store.text(at: path, definition: file, location: location))
                files[name] = listFile
                items = try CSVTable.column(column, of: listFile, location: location, definition: file)
            }
            guard !items.isEmpty else { throw error(location, "the list is empty") }
            var seen = Set<String>()
            for item in items {
                guard !Whitespace.isBlank(item) else { throw error(location, "an item is blank") }
                guard seen.insert(ChoiceMatcher.normalise(item)).inserted else { throw error(location, "\"\(item)\" is listed twice") }
            }
            if values[name] == nil { order.append(name) }
            values[name] = items
        }
        return CompiledLists(values: values, order: order, files: files)
    }

    private func compileColours(_ raw: [String: String]) throws -> TemplateDefinition.Colours {
        func colour(_ key: String, _ fallback: UInt32) throws -> UInt32 {
            guard let text = raw[key] else { return fallback }
            let hex = text.hasPrefix("#") ? String(text.dropFirst()) : text
            guard hex.count == 6, let value = UInt32(hex, radix: 16) else {
                throw error("colours, \(key)", "\"\(text)\" is not a colour such as FFFF99")
            }
            return value
        }
        return .init(input: try colour("input", 0xFFFF99), prepopulated: try colour("prepopulated", 0xBDD7EE),
                     computed: try colour("computed", 0xF2F2F2))
    }

    private func compileLimits(_ raw: [String: RawLimit]) throws -> [FieldType: NumericLimit] {
        var limits: [FieldType: NumericLimit] = [:]
        for (name, limit) in raw {
            guard let type = FieldType(rawValue: name), [.money, .integer, .number, .percent].contains(type) else {
                throw error("limits, \(name)", "limits apply to money, integer, number and percent")
            }
            guard limit.minimum <= limit.maximum else { throw error("limits, \(name)", "minimum is above maximum") }
            let minimum = Decimal(string: String(limit.minimum)) ?? 0
            let maximum = Decimal(string: String(limit.maximum)) ?? 0
            limits[type] = NumericLimit(minimum: minimum, maximum: maximum,
                                        message: limit.message ?? "Please enter a number from \(limit.minimum) to \(limit.maximum).")
        }
        return limits
    }
}
