import Foundation
import Spreadsheet

/// What a rule sees: the edition, the values read (generic and typed), and the area's allocations when a
/// table was given.
public struct CheckContext: Sendable {
    public let definition: TemplateDefinition
    public let model: ModelNode
    /// This workbook's Health and Wellbeing Board in the allocations table; nil when no table was given or
    /// the table does not have the area.
    public let allocations: AreaAllocations?
    public let allocationsGiven: Bool
    /// The typed model of a planning return, made once for every rule (and the round's outputs); nil for
    /// a quarterly report or when the values do not make one.
    let planningReturn: PlanningReturn?

    var rulePrefix: String { definition.kind == .planning ? "PLAN" : "QTR" }

    /// The typed model, made from the values read.
    func typed<T: ModelTreeReadable>(_ type: T.Type) throws -> T {
        if let made = planningReturn as? T { return made }
        return try T(node: model, path: .root)
    }

    /// The type of the field a leaf path (`expenditure.schemes[3].schemeType`) belongs to.
    func fieldType(at path: String) -> FieldType? {
        if let field = definition.field(at: path) { return field.type }
        return tableColumn(at: path)?.type
    }

    /// The role of the field a leaf path belongs to: input, pre-populated or computed.
    func fieldRole(at path: String) -> FieldRole? {
        if let field = definition.field(at: path) { return field.role }
        return tableColumn(at: path)?.role
    }

    /// How a message names a field: its description, or a table column's header with the row.
    func label(at path: String) -> String {
        if let field = definition.field(at: path) { return field.description }
        if let column = tableColumn(at: path) { return column.header ?? column.key }
        return path
    }

    /// The template's own words for a field, as a message names it: its label (a grid cell's row label,
    /// since a message gives the year or measure itself) without the closing colon.
    func words(_ path: String) -> String {
        GenericRules.name(definition.field(at: path)?.label ?? label(at: path))
    }

    private func tableColumn(at path: String) -> ColumnDefinition? {
        // Brackets are ASCII, so their places among the bytes are places in the text.
        guard let open = path.utf8.firstIndex(of: UInt8(ascii: "[")), let close = path.utf8.firstIndex(of: UInt8(ascii: "]")) else { return nil }
        let tablePath = String(path[..<open])
        let key = String(path[path.index(after: close)...].dropFirst())
        return definition.table(at: tablePath)?.column(key)
    }
}

/// The outcome of checking one file: its issues, or why it could not be checked at all.
public struct WorkbookCheck: Sendable {
    public let file: String
    public let edition: String?
    public let healthAndWellbeingBoard: String?
    public let issues: [CheckIssue]
    /// Set when the file could not be read as a workbook of a known edition; the message says why.
    public let failure: String?
    /// The area's ONS code (the dataset's `hwb_code`), from the edition's list of areas; nil when the
    /// cover names no listed area.
    public var hwbCode: String? = nil
    /// The typed model the rules checked, for a planning return that makes one.
    public var planningReturn: PlanningReturn? = nil

    public var errors: Int { issues.filter { $0.severity == .error }.count }
    public var warnings: Int { issues.filter { $0.severity == .warning }.count }
}

/// Applies the rule catalogue to workbooks.
public struct Checker: Sendable {
    public let reader: EditionReader
    /// The allocations CSV text, parsed once and read for each edition as it is met.
    private let allocationsText: (file: String, text: String)?
    private let allocationsCSV: CSVTable?
    /// The allocations table as each edition reads it (nil when it does not fit the edition), made when
    /// the edition is first met, so that only the editions a command meets are compiled.
    private let tables = EditionCache<AllocationsTable?>()
    /// Each edition's areas by normalised name (the first of a name), for the code of the area a cover names.
    private let areas = EditionCache<[String: Area]?>()

    /// `relocate`: a workbook whose layout moved is read by its labels and gets a LAYOUT-001 warning.
    public init(catalog: DefinitionCatalog, allocations: (file: String, text: String)? = nil, limits: ReadLimits = ReadLimits(),
                relocate: Bool = false) throws {
        reader = EditionReader(catalog: catalog, limits: limits, relocate: relocate)
        allocationsText = allocations
        guard let allocations else {
            allocationsCSV = nil
            return
        }
        let csv = CSVTable(text: allocations.text, commentPrefix: "#")
        allocationsCSV = csv
        // A table made for one edition's years and items is refused by another's; one edition that takes
        // it is enough to go on. An edition whose years the header lacks refuses it without being compiled.
        for summary in catalog.summaries where summary.canPrefill
            && AllocationsTable.headerProblems(csv.header, required: AllocationsTable.required + summary.years).isEmpty {
            if try self.allocations(for: catalog.edition(summary.id)) != nil { return }
        }
        // Report the table's own problems against the first edition that could take one.
        if let summary = catalog.summaries.first(where: \.canPrefill) {
            _ = try AllocationsTable(csv: allocations.text, file: allocations.file, definition: catalog.edition(summary.id))
        }
    }

    /// The allocations table given, as read for an edition; nil when none was given or it does not fit the edition.
    public func allocations(for edition: String) -> AllocationsTable? {
        guard allocationsCSV != nil, let definition = try? reader.catalog.edition(edition) else { return nil }
        return allocations(for: definition)
    }

    private func allocations(for definition: TemplateDefinition) -> AllocationsTable? {
        guard let allocationsText, let allocationsCSV, definition.prefill != nil else { return nil }
        return tables.value(for: definition.id) {
            try? AllocationsTable(table: allocationsCSV, file: allocationsText.file, definition: definition)
        }
    }

    private func areas(of definition: TemplateDefinition) -> [String: Area]? {
        areas.value(for: definition.id) {
            AreaList.of(definition).map { list in
                Dictionary(list.map { (ChoiceMatcher.normalise($0.name), $0) }, uniquingKeysWith: { first, _ in first })
            }
        }
    }

    /// Checks the workbook in `file`. Never throws for a bad file: the failure is part of the result.
    public func check(contentsOf file: URL) -> WorkbookCheck {
        check(path: file.path)
    }

    /// Checks the workbook at `path`, as `check(contentsOf:)` does.
    public func check(path: String) -> WorkbookCheck {
        let reading: EditionReading
        do {
            reading = try reader.read(path: path)
        } catch {
            return WorkbookCheck(file: path, edition: nil, healthAndWellbeingBoard: nil, issues: [], failure: "\(error)")
        }
        return check(reading)
    }

    public func check(_ reading: EditionReading) -> WorkbookCheck {
        let definition = reading.edition
        let hwb = Self.healthAndWellbeingBoard(reading)
        let table = allocations(for: definition)
        let area = hwb.flatMap { name in table?.areas.first { $0.name == name } }
        let context = CheckContext(definition: definition, model: reading.model, allocations: area,
                                   allocationsGiven: allocationsText != nil && table != nil,
                                   planningReturn: definition.kind == .planning ? try? PlanningReturn(model: reading.model) : nil)
        var issues: [CheckIssue] = []
        if let relocation = reading.relocation {
            let prefix = definition.kind == .planning ? "PLAN" : "QTR"
            issues.append(CheckIssue(rule: RuleCatalogue.require("\(prefix)-LAYOUT-001"), sheet: relocation.firstMovedSheet ?? "",
                                     cells: relocation.firstMovedCell.map { [$0.description] } ?? [], message: relocation.message))
        }
        let forgiven = GenericRules.check(context, into: &issues)
        switch definition.kind {
        case .planning: PlanningRules.check(context, forgiven: forgiven, into: &issues)
        case .quarterly: QuarterlyRules.check(context, into: &issues)
        }
        return WorkbookCheck(file: reading.file, edition: definition.id, healthAndWellbeingBoard: hwb, issues: issues, failure: nil,
                             hwbCode: hwb.flatMap { areas(of: definition)?[ChoiceMatcher.normalise($0)]?.code }, planningReturn: context.planningReturn)
    }

    static func healthAndWellbeingBoard(_ reading: EditionReading) -> String? {
        let path = reading.edition.prefill?.hwbField ?? "cover.healthAndWellbeingBoard"
        guard case let .leaf(leaf)? = reading.model.node(at: path), case let .choice(name)? = leaf.value else { return nil }
        return name
    }
}
