import Foundation
import Spreadsheet

/// Writes an edition's template workbook from its definition, through libxlsxwriter: a guidance sheet,
/// a checklist, the data sheets and a hidden sheet of drop-down lists. Input cells are yellow and
/// unlocked, pre-populated cells blue and locked, formulas grey and locked; every sheet is protected;
/// every drop-down is a list validation and every number is limited as the edition says; every field
/// has a defined name; the edition id is recorded as a custom document property.
///
/// With `values` (a model as `bcf read` gives it) the cells are filled as well, which is how tests and
/// sample workbooks are made. Formulas then carry no cached result, so that the spreadsheet program
/// computes them on opening; in a blank template their cached results are what they compute to.
public struct TemplateBuilder: Sendable {
    public let definition: TemplateDefinition
    /// Fixed, so that building the same definition twice gives the same parts.
    public var created = Date(timeIntervalSince1970: 1_483_228_800)

    public static let listsSheet = "Lists"

    public init(definition: TemplateDefinition) {
        self.definition = definition
    }

    /// Writes the workbook to `file`, filled with `values` when given.
    public func write(to file: URL, values: ModelNode? = nil) throws {
        try write(to: file.path, values: values)
    }

    /// Writes the workbook to the file at `path`, as `write(to:values:)` with a URL does.
    public func write(to path: String, values: ModelNode? = nil) throws {
        let writer = try WorkbookWriter(path: path)
        let styles = TemplateStyles(colours: definition.colours)
        let guidance = try writer.addWorksheet(named: definition.guidanceSheet)
        let place = definition.checklistPlace
        let ownChecklist = place.onDataSheet ? nil : try writer.addWorksheet(named: place.sheet)
        var dataSheets: [(SheetDefinition, WorksheetWriter)] = []
        for sheet in definition.sheets {
            dataSheets.append((sheet, try writer.addWorksheet(named: sheet.name)))
        }
        guard let checklist = ownChecklist ?? dataSheets.first(where: { $0.0.name == place.sheet })?.1 else {
            throw BuildError.noChecklistSheet(sheet: place.sheet)
        }
        let lists = try writer.addWorksheet(named: Self.listsSheet)
        let model = values ?? .empty
        let status = definition.checklist.allSatisfy { $0.isComplete(in: model) } ? "Complete Template" : "Incomplete Template"
        let listRanges = try writeLists(lists, styles: styles)

        for (sheet, worksheet) in dataSheets {
            try writeDataSheet(sheet, to: worksheet, writer: writer, values: values, listRanges: listRanges, styles: styles,
                               templateStatus: status)
            if sheet.hidden { try worksheet.hide() }
        }
        try writeChecklist(checklist, ownSheet: ownChecklist != nil, sheets: dataSheets, values: values, styles: styles)
        try writeGuidance(guidance, sheets: dataSheets, checklist: checklist, styles: styles)

        for sheet in [guidance, lists] + (ownChecklist.map { [$0] } ?? []) + dataSheets.map(\.1) {
            try sheet.protect(options: SheetProtectionOptions(formatColumns: true, formatRows: true))
        }
        try lists.hide()
        try writer.setDocumentProperties(DocumentProperties(
            title: definition.title, subject: "Better Care Fund \(definition.kind.rawValue) template \(definition.period)",
            author: "bcf \(BCF.version)", comments: "Made from the definition \(definition.id).", created: created))
        try writer.setCustomProperty(TemplateDefinition.editionProperty, to: .text(definition.id))
        try writer.close()
    }

    // MARK: - Data sheets

    private func writeDataSheet(_ sheet: SheetDefinition, to worksheet: WorksheetWriter, writer: WorkbookWriter, values: ModelNode?,
                                listRanges: [String: String], styles: TemplateStyles, templateStatus: String) throws {
        try worksheet.setColumnWidth("A", width: sheet.columnWidths[1] ?? 2)
        for (column, width) in sheet.columnWidths.sorted(by: { $0.key < $1.key }) where column > 1 {
            try worksheet.setColumnWidth(column...column, width: width)
        }
        try worksheet.write(definition.title, at: CellReference(row: 1, column: 2), style: styles.title)
        try worksheet.write(sheet.heading, at: CellReference(row: 2, column: 2), style: styles.heading)

        var written = Set<CellReference>()
        for note in sheet.notes {
            try worksheet.write(note.text, at: note.cell, style: styles.text(note.style))
            written.insert(note.cell)
        }
        let headerCells = Set(sheet.tables.flatMap { table in
            table.headerRow.map { row in table.columns.map { CellReference(row: row, column: $0.column) } } ?? []
        })
        for label in sheet.labels where !written.contains(label.cell) {
            let isHeader = headerCells.contains(label.cell) || isGridHeader(label, in: sheet)
            try worksheet.write(label.text, at: label.cell, style: isHeader ? styles.header : styles.label)
            written.insert(label.cell)
        }

        for field in sheet.fields {
            let style = styles.cell(role: field.role, type: field.type)
            // The status echoed from the checklist is known now, so even a program that does not
            // recalculate shows it.
            let isStatus = isTemplateStatus(field)
            try writeCell(at: field.cell, in: worksheet, type: field.type, role: field.role, formula: field.formula,
                          value: values?.node(at: field.path), style: style, place: field.path, isBlank: values == nil,
                          cachedText: isStatus ? templateStatus : nil)
            if field.role == .input {
                try addValidation(to: CellRange(start: field.cell, end: field.cell), in: worksheet, type: field.type,
                                  list: field.list, listRanges: listRanges)
            }
            try writer.defineName(Self.definedName(field.path),
                                  refersTo: "=" + FormulaTemplate.reference(to: field.cell, on: sheet.name, from: ""))
        }

        for table in sheet.tables {
            let rows: [ModelNode]
            if case let .array(items)? = values?.node(at: table.path) { rows = items } else { rows = [] }
            guard rows.count <= table.rows else {
                throw BuildError.tooManyRows(table: table.path, rows: rows.count, capacity: table.rows)
            }
            let columnsByKey = Dictionary(uniqueKeysWithValues: table.columns.map { ($0.key, $0.column) })
            for column in table.columns {
                let style = styles.cell(role: column.role, type: column.type)
                for offset in 0..<table.rows {
                    let row = table.firstRow + offset
                    let value = offset < rows.count ? rows[offset].node(at: column.key) : nil
                    try writeCell(at: CellReference(row: row, column: column.column), in: worksheet, type: column.type, role: column.role,
                                  formula: column.formula(row: row, columnsByKey: columnsByKey), value: value, style: style,
                                  place: "\(table.path)[\(offset)].\(column.key)", isBlank: values == nil)
                }
                let range = CellRange(start: CellReference(row: table.firstRow, column: column.column),
                                      end: CellReference(row: table.lastRow, column: column.column))
                if column.role == .input {
                    try addValidation(to: range, in: worksheet, type: column.type, list: column.list, listRanges: listRanges)
                }
                try writer.defineName(Self.definedName("\(table.path).\(column.key)"),
                                      refersTo: "=" + FormulaTemplate.reference(to: range, on: sheet.name, from: ""))
            }
        }
    }

    private func isGridHeader(_ label: LabelCheck, in sheet: SheetDefinition) -> Bool {
        // Grid column labels stand above the grid's first row; row labels stand beside it.
        !sheet.fields.contains { $0.cell.row == label.cell.row } && sheet.fields.contains { $0.cell.column == label.cell.column && $0.cell.row == label.cell.row + 1 }
    }

    /// Writes one cell: its value if one is given, else its formula or an empty cell with its style.
    private func writeCell(at cell: CellReference, in worksheet: WorksheetWriter, type: FieldType, role: FieldRole, formula: String?,
                           value: ModelNode?, style: CellStyle, place: String, isBlank: Bool, cachedText: String? = nil) throws {
        if let formula {
            if let cachedText {
                try worksheet.writeFormula(formula, cachedResult: cachedText, at: cell, style: style)
            } else if isBlank, let cached = blankResult(type: type) {
                switch cached {
                case let .number(number): try worksheet.writeFormula(formula, cachedResult: number, at: cell, style: style)
                case let .text(text): try worksheet.writeFormula(formula, cachedResult: text, at: cell, style: style)
                }
            } else {
                try worksheet.writeFormula(formula, cachedResult: "", at: cell, style: style)
            }
            return
        }
        guard case let .leaf(reading)? = value else {
            try worksheet.writeBlank(at: cell, style: style)
            return
        }
        switch reading.outcome {
        case let .invalid(raw, _):
            try worksheet.write(raw, at: cell, style: style)
        case let .value(fieldValue):
            switch fieldValue {
            case let .text(text), let .choice(text): try worksheet.write(text, at: cell, style: style)
            case let .money(money): try worksheet.write(try Self.double(money.amount, place: place), at: cell, style: style)
            case let .integer(number): try worksheet.write(Double(number), at: cell, style: style)
            case let .number(number), let .percent(number): try worksheet.write(try Self.double(number, place: place), at: cell, style: style)
            case let .date(date): try worksheet.write(date.serial, at: cell, style: style)
            }
        }
    }

    private enum Cached { case number(Double), text(String) }

    /// What a formula computes to in a blank template: nothing has been entered, so sums are 0.
    private func blankResult(type: FieldType) -> Cached? {
        switch type {
        case .money, .integer, .number, .percent: return .number(0)
        default: return .text("")
        }
    }

    private func addValidation(to range: CellRange, in worksheet: WorksheetWriter, type: FieldType, list: String?,
                               listRanges: [String: String]) throws {
        let validation: DataValidation
        switch type {
        case .choice, .yesNo:
            guard let list, let source = listRanges[list] else { return }
            validation = DataValidation(.listSource(source), errorTitle: "Not on the list",
                                        errorMessage: "Please choose an answer from the drop-down list.")
        case .money, .integer, .number, .percent:
            guard let limit = definition.limits[type] else { return }
            let low = NSDecimalNumber(decimal: limit.minimum).doubleValue
            let high = NSDecimalNumber(decimal: limit.maximum).doubleValue
            let rule: DataValidation.Rule = type == .integer
                ? .wholeNumber(.between(Int(low), Int(high))) : .decimal(.between(low, high))
            validation = DataValidation(rule, errorTitle: "Out of range", errorMessage: String(limit.message.prefix(DataValidation.maxMessageLength)))
        case .date:
            guard let first = SpreadsheetDate(isoText: "2000-01-01", system: .dates1900),
                  let last = SpreadsheetDate(isoText: "2099-12-31", system: .dates1900) else { return }
            validation = DataValidation(.date(.between(first, last)), errorTitle: "Not a date",
                                        errorMessage: "Please enter a date as DD/MM/YYYY.")
        case .text:
            return
        }
        try worksheet.addValidation(validation, to: range)
    }

    // MARK: - Lists

    /// One column per list, in the definition's order; returns each list's range for validations.
    private func writeLists(_ sheet: WorksheetWriter, styles: TemplateStyles) throws -> [String: String] {
        var ranges: [String: String] = [:]
        for (index, name) in definition.listOrder.enumerated() {
            guard let values = definition.lists[name] else { continue }
            let column = index + 1
            try sheet.write(name, at: CellReference(row: 1, column: column), style: styles.header)
            for (offset, value) in values.enumerated() {
                try sheet.write(value, at: CellReference(row: offset + 2, column: column))
            }
            let range = CellRange(start: CellReference(row: 2, column: column), end: CellReference(row: values.count + 1, column: column))
            ranges[name] = "=" + FormulaTemplate.reference(to: range, on: Self.listsSheet, from: "")
            try sheet.setColumnWidth(column...column, width: 40)
        }
        return ranges
    }

    // MARK: - Checklist and guidance

    /// The checklist on its own sheet, or as a block on a data sheet: "Template status:" at the place's
    /// origin, the status beside it, then a section per data sheet (description, link, Yes/No), in three
    /// columns from the origin's.
    private func writeChecklist(_ sheet: WorksheetWriter, ownSheet: Bool, sheets: [(SheetDefinition, WorksheetWriter)], values: ModelNode?,
                                styles: TemplateStyles) throws {
        let place = definition.checklistPlace
        let first = place.origin.column
        if ownSheet {
            try sheet.setColumnWidth("A", width: 2)
            try sheet.setColumnWidth("B", width: 80)
            try sheet.setColumnWidth("C", width: 28)
            try sheet.setColumnWidth("D", width: 14)
            try sheet.write(definition.title, at: CellReference(row: 1, column: 2), style: styles.title)
            try sheet.write("Checklist", at: CellReference(row: 2, column: 2), style: styles.heading)
        }
        try sheet.write("Template status:", at: place.origin, style: styles.label)
        let model = values ?? .empty
        let items = definition.checklist
        var row = place.firstRow
        let checkerColumn = CellReference.columnName(first + 2)
        for (sheetDefinition, worksheet) in sheets {
            let sheetItems = items.filter { $0.sheet == sheetDefinition.name }
            guard !sheetItems.isEmpty else { continue }
            let headerRow = row
            try sheet.write("Sheet: \(sheetDefinition.name)", at: CellReference(row: headerRow, column: first), style: styles.header)
            try sheet.write("Cell reference", at: CellReference(row: headerRow, column: first + 1), style: styles.header)
            row += 1
            let firstItemRow = row
            var sheetComplete = true
            for item in sheetItems {
                try sheet.write(item.description, at: CellReference(row: row, column: first), style: styles.label)
                try sheet.writeLink(to: item.target, in: worksheet, at: CellReference(row: row, column: first + 1),
                                    text: "\(sheetDefinition.name)!\(item.target)")
                let complete = item.isComplete(in: model)
                sheetComplete = sheetComplete && complete
                try sheet.writeFormula(item.formula(in: definition), cachedResult: complete ? "Yes" : "No",
                                       at: CellReference(row: row, column: first + 2), style: styles.checker)
                row += 1
            }
            let range = "$\(checkerColumn)$\(firstItemRow):$\(checkerColumn)$\(row - 1)"
            try sheet.writeFormula("IF(COUNTIF(\(range),\"No\")=0,\"Yes\",\"No\")", cachedResult: sheetComplete ? "Yes" : "No",
                                   at: CellReference(row: headerRow, column: first + 2), style: styles.checker)
            row += 1
        }
        let lastRow = max(row, place.firstRow + 1)
        let allComplete = items.allSatisfy { $0.isComplete(in: model) }
        let statusFormula = "IF(COUNTIF($\(checkerColumn)$\(place.firstRow):$\(checkerColumn)$\(lastRow),\"No\")=0,\"Complete Template\",\"Incomplete Template\")"
        try sheet.writeFormula(statusFormula, cachedResult: allComplete ? "Complete Template" : "Incomplete Template",
                               at: place.statusCell, style: styles.checker)
        let checkerRange = CellRange(start: place.statusCell, end: CellReference(row: lastRow, column: first + 2))
        for (text, style) in [("No", styles.no), ("Yes", styles.yes), ("Incomplete Template", styles.no), ("Complete Template", styles.yes)] {
            try sheet.addConditionalFormat(.cellEquals(.text(text), style: style), to: checkerRange)
        }
        for (_, worksheet) in sheets {
            for field in definition.fields where field.sheet == worksheet.name && isTemplateStatus(field) {
                let cell = CellRange(start: field.cell, end: field.cell)
                try worksheet.addConditionalFormat(.cellEquals(.text("Incomplete Template"), style: styles.no), to: cell)
                try worksheet.addConditionalFormat(.cellEquals(.text("Complete Template"), style: styles.yes), to: cell)
            }
        }
    }

    private func writeGuidance(_ sheet: WorksheetWriter, sheets: [(SheetDefinition, WorksheetWriter)], checklist: WorksheetWriter,
                               styles: TemplateStyles) throws {
        try sheet.setColumnWidth("A", width: 2)
        try sheet.setColumnWidth("B", width: 110)
        try sheet.setColumnWidth("C", width: 28)
        try sheet.write(definition.title, at: CellReference(row: 1, column: 2), style: styles.title)
        try sheet.write("Guidance", at: CellReference(row: 2, column: 2), style: styles.heading)
        try sheet.write("Edition: \(definition.id)", at: CellReference(row: 3, column: 2), style: styles.label)
        var row = 5
        for paragraph in definition.guidance {
            try sheet.write(paragraph, at: CellReference(row: row, column: 2), style: styles.paragraph)
            try sheet.setRowHeight(row, height: Double(max(1, paragraph.count / 100 + 1)) * 15)
            row += 1
        }
        row += 1
        try sheet.write("Key", at: CellReference(row: row, column: 2), style: styles.header)
        row += 1
        for (text, style) in [("Data needs inputting in the cell", styles.cell(role: .input, type: .text)),
                              ("Pre-populated cells", styles.cell(role: .prepopulated, type: .text)),
                              ("Calculated cells", styles.cell(role: .computed, type: .text))] {
            var locked = style
            locked.isLocked = true
            try sheet.write(text, at: CellReference(row: row, column: 2), style: locked)
            row += 1
        }
        row += 1
        try sheet.write("Sheets", at: CellReference(row: row, column: 2), style: styles.header)
        row += 1
        let place = definition.checklistPlace
        let checklistLine = place.onDataSheet ? "Checklist (on \(place.sheet), from \(place.origin)): the required fields of every sheet and whether each is complete"
            : "Checklist: the required fields of every sheet and whether each is complete"
        try sheet.write(checklistLine, at: CellReference(row: row, column: 2), style: styles.label)
        try sheet.writeLink(to: place.onDataSheet ? place.origin : CellReference(row: 1, column: 1), in: checklist,
                            at: CellReference(row: row, column: 3), text: place.onDataSheet ? "(click to go to the checklist)" : "(click to go to sheet)")
        row += 1
        for (sheetDefinition, worksheet) in sheets {
            try sheet.write("\(sheetDefinition.name): \(sheetDefinition.heading)", at: CellReference(row: row, column: 2), style: styles.label)
            try sheet.writeLink(to: CellReference(row: 1, column: 1), in: worksheet, at: CellReference(row: row, column: 3), text: "(click to go to sheet)")
            row += 1
        }
    }

    /// Whether the field echoes the checklist's template status (`{@templateStatus}`).
    private func isTemplateStatus(_ field: FieldDefinition) -> Bool {
        let place = definition.checklistPlace
        return field.formula == FormulaTemplate.reference(to: place.statusCell, on: place.sheet, from: field.sheet)
    }

    // MARK: - Names

    /// `income.dfg.2017-18` as a defined name: `-` is not allowed in names, so it becomes `_`.
    static func definedName(_ path: String) -> String {
        path.replacingOccurrences(of: "-", with: "_").replacingOccurrences(of: "[]", with: "")
    }

    private static func double(_ decimal: Decimal, place: String) throws -> Double {
        guard let number = Double("\(decimal)"), number.isFinite else { throw BuildError.numberNotWritable(path: place, value: "\(decimal)") }
        return number
    }
}

public enum BuildError: Error, Sendable, Equatable, CustomStringConvertible {
    case tooManyRows(table: String, rows: Int, capacity: Int)
    case numberNotWritable(path: String, value: String)
    /// The definition places its checklist on a sheet it does not have.
    case noChecklistSheet(sheet: String)

    public var description: String {
        switch self {
        case let .noChecklistSheet(sheet): return "the checklist is placed on the sheet \"\(sheet)\", which the definition does not have"
        case let .tooManyRows(table, rows, capacity): return "\(table): \(rows) rows given but the template holds \(capacity)"
        case let .numberNotWritable(path, value): return "\(path): \(value) cannot be written as a number"
        }
    }
}
