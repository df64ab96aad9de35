import Foundation
import Spreadsheet

/// One template edition, compiled from its definition file: every field with its cell, label, type and
/// role, every table with its rows and columns, and the lists of allowed answers.
public struct TemplateDefinition: Sendable {
    public let id: String
    public let title: String
    public let kind: Kind
    public let period: String
    public let years: [String]
    public let colours: Colours
    public let limits: [FieldType: NumericLimit]
    /// Named lists of allowed answers, in the order the spreadsheet shows them.
    public let lists: [String: [String]]
    public let listOrder: [String]
    /// The CSV file of each list read from one (`Templates/lists/hwbs-2017-19.csv`), which may carry
    /// more columns than the answers (the areas' codes).
    let listFiles: [String: ListFile]
    /// Paragraphs of the guidance sheet.
    public let guidance: [String]
    /// The name of the generated guidance sheet.
    public let guidanceSheet: String
    /// Where the checklist is: a sheet of its own, or a block on a data sheet.
    public let checklistPlace: ChecklistPlace
    public let sheets: [SheetDefinition]
    /// The file the definition was loaded from.
    public let source: String
    /// Where `bcf prefill` puts an area's allocations; nil when the edition cannot be pre-filled.
    public let prefill: PrefillDefinition?
    /// Each funding source with its income table, in the list's order; empty for an edition without
    /// pooled funding to balance.
    public let funding: [FundingSourceDefinition]
    /// The edition this one was adapted from (`bcf adapt`): the same fields, found elsewhere in another layout.
    public let adaptedFrom: String?
    /// Each list by normalised answer, made once so that reading an answer is one look-up.
    let choiceIndexes: [String: [String: String]]
    /// Each field and table by path, made once: rules look a field up for every value they see.
    private let fieldsByPath: [String: FieldDefinition]
    private let tablesByPath: [String: TableDefinition]
    /// Every required field and column, and every table that needs rows, in sheet order: what the
    /// Checklist sheet shows and the completeness rules check.
    public let checklist: [ChecklistItem]
    /// Where reading puts each field's and table's values in the model tree, made once.
    let readingPlan: ReadingPlan

    init(id: String, title: String, kind: Kind, period: String, years: [String], colours: Colours, limits: [FieldType: NumericLimit],
         lists: [String: [String]], listOrder: [String], listFiles: [String: ListFile] = [:], guidance: [String], sheets: [SheetDefinition], source: String,
         prefill: PrefillDefinition? = nil, funding: [FundingSourceDefinition] = [], adaptedFrom: String? = nil,
         guidanceSheet: String = ChecklistPlace.defaultGuidanceSheet, checklistPlace: ChecklistPlace = .ownSheet) {
        self.prefill = prefill
        self.guidanceSheet = guidanceSheet
        self.checklistPlace = checklistPlace
        self.adaptedFrom = adaptedFrom
        self.funding = funding
        self.id = id
        self.title = title
        self.kind = kind
        self.period = period
        self.years = years
        self.colours = colours
        self.limits = limits
        self.lists = lists
        self.listOrder = listOrder
        self.listFiles = listFiles
        self.guidance = guidance
        self.sheets = sheets
        self.source = source
        choiceIndexes = lists.mapValues(ChoiceMatcher.index)
        checklist = Self.checklist(of: sheets)
        // The first of a path wins, as a search in sheet order finds it.
        fieldsByPath = Dictionary(sheets.flatMap(\.fields).map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
        tablesByPath = Dictionary(sheets.flatMap(\.tables).map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
        readingPlan = ReadingPlan(sheets: sheets)
    }

    public enum Kind: String, Sendable, Codable { case planning, quarterly }

    public struct Colours: Sendable {
        public var input: UInt32
        public var prepopulated: UInt32
        public var computed: UInt32
    }

    /// Every single field and every table column, in sheet order.
    public var fields: [FieldDefinition] { sheets.flatMap(\.fields) }
    public var tables: [TableDefinition] { sheets.flatMap(\.tables) }

    public func field(at path: String) -> FieldDefinition? {
        fieldsByPath[path]
    }

    public func table(at path: String) -> TableDefinition? {
        tablesByPath[path]
    }

    public func sheet(named name: String) -> SheetDefinition? {
        sheets.first { $0.name == name }
    }

    /// The name of the custom document property that records the edition in generated workbooks.
    public static let editionProperty = "BCF edition"
}

/// Where the checklist stands: "Template status:" at `origin`, the status beside it, a section per data
/// sheet from two rows below. By default a sheet of its own, "Checklist", from B4; an edition may place it
/// on one of its data sheets instead (2019-20 has it on "2. Cover").
public struct ChecklistPlace: Sendable, Equatable {
    public let sheet: String
    public let origin: CellReference
    /// Whether the block stands on a data sheet rather than on a sheet of its own.
    public let onDataSheet: Bool

    public static let defaultGuidanceSheet = "Guidance"
    public static let ownSheet = ChecklistPlace(sheet: "Checklist", origin: CellReference(row: 4, column: 2), onDataSheet: false)

    /// The cell that reads "Complete Template" or "Incomplete Template": `{@templateStatus}`.
    public var statusCell: CellReference { CellReference(row: origin.row, column: origin.column + 1) }
    /// The first row of the sections.
    public var firstRow: Int { origin.row + 2 }
}

/// The cells an area's allocations go into: the HWB's name, and for each allocation item either a
/// table (one row per paying body, its name in `bodyColumn`, an amount column per year) or a field per year.
public struct PrefillDefinition: Sendable {
    public enum Target: Sendable {
        case table(path: String, bodyColumn: String, amountColumns: [String: String])
        case fields([String: String])
    }

    public let hwbField: String
    public let items: [String: Target]
}

/// A source of the pooled budget: the answer scheme rows give for it, its row key in the running
/// balances and the summary, and the table of contributions that is its income.
public struct FundingSourceDefinition: Sendable, Equatable {
    static let listName = "fundingSources"
    static let schemesPath = "expenditure.schemes"

    public let answer: String
    public let key: String
    public let incomePath: String

    /// `dfg` for `income.dfg`: the table's key in the typed `Income`.
    public var incomeTable: String { String(incomePath.dropFirst("income.".count)) }
}

public struct NumericLimit: Sendable {
    public let minimum: Decimal
    public let maximum: Decimal
    public let message: String
}

public enum FieldType: String, Sendable, Codable, CaseIterable {
    case text, money, integer, number, percent, date, yesNo, choice
}

/// Who fills a cell: the submitter (input, yellow, unlocked), the national team before sending the
/// template out (pre-populated, locked), or the workbook itself (a formula, locked).
public enum FieldRole: String, Sendable, Codable, CaseIterable {
    case input, prepopulated, computed
}

public enum Requirement: Sendable, Equatable {
    case optional
    case required
    /// Required when the field at `path` holds one of `values` (or, with `negate`, none of them and is
    /// not blank). Inside a table `path` names a column of the same row.
    case requiredWhen(path: String, values: [String], negate: Bool)

    public var isConditional: Bool {
        if case .requiredWhen = self { return true }
        return false
    }
}

/// A text that must stand in a cell for the layout to be the one the definition describes.
public struct LabelCheck: Sendable, Equatable {
    public let cell: CellReference
    public let text: String
}

public struct SheetDefinition: Sendable {
    public let name: String
    public let heading: String
    public let hidden: Bool
    public let columnWidths: [Int: Double]
    public let fields: [FieldDefinition]
    public let tables: [TableDefinition]
    /// Labels, headers and checked static text: what identifies the layout.
    public let labels: [LabelCheck]
    /// Static text written by the builder but not checked on reading (notes, guidance lines).
    public let notes: [StaticText]
    /// The cells of the labels, and every cell reading looks at (labels, fields, every table cell):
    /// made once with the definition rather than for each workbook read.
    let labelCells: Set<CellReference>
    let readCells: Set<CellReference>

    init(name: String, heading: String, hidden: Bool, columnWidths: [Int: Double], fields: [FieldDefinition], tables: [TableDefinition],
         labels: [LabelCheck], notes: [StaticText]) {
        self.name = name
        self.heading = heading
        self.hidden = hidden
        self.columnWidths = columnWidths
        self.fields = fields
        self.tables = tables
        self.labels = labels
        self.notes = notes
        labelCells = Set(labels.map(\.cell))
        // Sized once for every cell: a table claims thousands, and growing the set step by step rehashes them.
        var cells = Set<CellReference>(minimumCapacity: labels.count + fields.count
            + tables.reduce(0) { $0 + $1.columns.count * max(0, $1.lastRow - $1.firstRow + 1) })
        cells.formUnion(labelCells)
        cells.formUnion(fields.map(\.cell))
        for table in tables where table.firstRow <= table.lastRow {
            for row in table.firstRow...table.lastRow {
                for column in table.columns { cells.insert(CellReference(row: row, column: column.column)) }
            }
        }
        readCells = cells
    }
}

public struct StaticText: Sendable {
    public let cell: CellReference
    public let text: String
    public let style: TextStyle

    public enum TextStyle: String, Sendable { case label, heading, note, header }
}

/// A single cell of the template that holds one value.
public struct FieldDefinition: Sendable {
    /// Where `bcf read` puts the value, e.g. `cover.email`.
    public let path: String
    public let sheet: String
    public let cell: CellReference
    /// The text that must stand beside the cell (the row label), if any.
    public let label: String?
    /// What the checklist says of the field.
    public let description: String
    public let type: FieldType
    public let list: String?
    public let role: FieldRole
    public let requirement: Requirement
    /// The formula, with every `{path}` already replaced by a cell reference.
    public let formula: String?
}

/// Rows of the same columns, filled from `firstRow` down; blank rows are skipped on reading.
public struct TableDefinition: Sendable {
    /// e.g. `expenditure.schemes`; a column's path is `expenditure.schemes[].name`.
    public let path: String
    public let sheet: String
    public let headerRow: Int?
    public let firstRow: Int
    public let rows: Int
    /// The fewest rows in use for the table to count as complete.
    public let minimumRows: Int
    public let columns: [ColumnDefinition]

    public var lastRow: Int { firstRow + rows - 1 }

    public func column(_ key: String) -> ColumnDefinition? { columns.first { $0.key == key } }
}

public struct ColumnDefinition: Sendable {
    /// The path inside a row, e.g. `name` or `expenditure.2017-18`.
    public let key: String
    public let column: Int
    public let header: String?
    public let type: FieldType
    public let list: String?
    public let role: FieldRole
    public let requirement: Requirement
    /// The formula of every row, with `{~key}` (same row) placeholders still in place: `formula(row:)`.
    let formulaTemplate: String?

    public var letter: String { CellReference.columnName(column) }

    /// The formula of this column in the given row.
    public func formula(row: Int, columnsByKey: [String: Int]) -> String? {
        formulaTemplate.map { FormulaTemplate.resolveRowTokens($0, row: row, columns: columnsByKey) }
    }
}
