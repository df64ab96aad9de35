/// The shape of a definition file in `Templates/` exactly as it is written in YAML. It is decoded first
/// and then compiled (`DefinitionCompiler`) into a `TemplateDefinition`, which is what the rest of the
/// library uses; keeping the two apart lets the file stay short for its authors (grids and tables expand
/// into many fields, defaults fill the rest) while the compiled form is explicit.
struct DefinitionFile: Decodable, Equatable, Sendable {
    var id: String
    var title: String?
    var kind: String?
    var period: String?
    /// The id of another edition whose lists and sheets this one starts from.
    var extends: String?
    /// The edition whose layout `bcf adapt` found in another workbook to make this one.
    var adaptedFrom: String?
    var years: [String]?
    var colours: [String: String]?
    var limits: [String: RawLimit]?
    var lists: [String: RawList]?
    var guidance: [String]?
    /// The name of the generated guidance sheet (default "Guidance").
    var guidanceSheet: String?
    var sheets: [RawSheet]?
    /// Sheets of the extended edition left out of this one.
    var removeSheets: [String]?
    /// Where `bcf prefill` puts an area's allocations.
    var prefill: RawPrefill?
    /// Which income table each funding source's answer stands for.
    var funding: [RawFundingSource]?
}

struct RawFundingSource: Decodable, Equatable, Sendable {
    /// The answer of the `fundingSources` list that scheme rows name.
    var answer: String
    /// The row key of the source in the running balances and the summary.
    var key: String
    /// The table of contributions that are this source's income.
    var income: String
}

struct RawPrefill: Decodable, Equatable, Sendable {
    /// The field that takes the Health and Wellbeing Board's name.
    var hwb: String
    var items: [String: RawPrefillItem]
}

/// An allocation item goes either into a table (a row per body, a column per year) or into one field
/// per year; `{year}` stands for each of the edition's years.
struct RawPrefillItem: Decodable, Equatable, Sendable {
    var table: String?
    var body: String?
    var amount: String?
    var field: String?
}

struct RawLimit: Decodable, Equatable, Sendable {
    var minimum: Double
    var maximum: Double
    var message: String?
}

/// A list of allowed answers: written inline, or read from a CSV file beside the definition.
enum RawList: Decodable, Equatable, Sendable {
    case values([String])
    case file(path: String, column: String)

    private enum Keys: String, CodingKey { case file, column, values }

    init(from decoder: Decoder) throws {
        if let values = try? decoder.singleValueContainer().decode([String].self) {
            self = .values(values)
            return
        }
        let container = try decoder.container(keyedBy: Keys.self)
        if let values = try container.decodeIfPresent([String].self, forKey: .values) {
            self = .values(values)
        } else {
            self = .file(path: try container.decode(String.self, forKey: .file),
                         column: try container.decode(String.self, forKey: .column))
        }
    }
}

struct RawSheet: Decodable, Equatable, Sendable {
    var name: String
    var heading: String?
    var hidden: Bool?
    var columnWidths: [String: Double]?
    var content: [RawItem]?
}

/// One entry of a sheet's `content`: a single field (`path`), a grid, a table or static text.
struct RawItem: Decodable, Equatable, Sendable {
    // A single field.
    var path: String?
    var cell: String?
    // A grid: fixed rows by fixed columns.
    var grid: String?
    var labelColumn: String?
    // A table: rows filled from `firstRow` down.
    var table: String?
    var firstRow: Int?
    var rows: RawRows?
    var minimumRows: Int?
    // Grids and tables.
    var headerRow: Int?
    var columns: [RawColumn]?
    // The checklist block, placed on this data sheet at `cell` instead of on a sheet of its own.
    var checklist: Bool?
    // Static text, checked like a label when `check` is true.
    var text: String?
    var check: Bool?
    var style: String?
    // Field properties (single fields).
    var label: String?
    var labelCell: String?
    var type: String?
    var list: String?
    var role: String?
    var required: RawRequirement?
    var formula: String?
    var description: String?
}

/// `rows:` is a number for a table (its capacity) and a list of rows for a grid.
enum RawRows: Decodable, Equatable, Sendable {
    case capacity(Int)
    case rows([RawGridRow])

    init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let count = try? container.decode(Int.self) {
            self = .capacity(count)
        } else {
            self = .rows(try container.decode([RawGridRow].self))
        }
    }
}

struct RawColumn: Decodable, Equatable, Sendable {
    var key: String
    var column: String
    var label: String?
    var type: String?
    var list: String?
    var role: String?
    var required: RawRequirement?
    var formula: String?
}

struct RawGridRow: Decodable, Equatable, Sendable {
    var key: String
    var row: Int
    var label: String?
    var role: String?
    var type: String?
    var list: String?
    var required: RawRequirement?
    /// Per-column overrides for this row.
    var roles: [String: String]?
    var formulas: [String: String]?
    /// Values substituted for `{$name}` in the formulas of this row.
    var vars: [String: String]?
    /// Columns of the grid this row does not have.
    var skip: [String]?
}

/// `required: true`, `required: false`, or `required: {when: PATH, is: VALUE or [VALUES]}`.
enum RawRequirement: Decodable, Equatable, Sendable {
    case always(Bool)
    case when(path: String, values: [String], negate: Bool)

    private enum Keys: String, CodingKey { case when, `is`, isNot = "isNot" }

    init(from decoder: Decoder) throws {
        if let flag = try? decoder.singleValueContainer().decode(Bool.self) {
            self = .always(flag)
            return
        }
        let container = try decoder.container(keyedBy: Keys.self)
        let path = try container.decode(String.self, forKey: .when)
        let key: Keys = container.contains(.isNot) ? .isNot : .is
        let values: [String]
        if let many = try? container.decode([String].self, forKey: key) {
            values = many
        } else {
            values = [try container.decode(String.self, forKey: key)]
        }
        self = .when(path: path, values: values, negate: key == .isNot)
    }
}
