import Foundation

extension TemplateDefinition {
    /// The pre-populated cells the allocations do not fill: the metric baselines, populations and
    /// expectations the national team writes into each area's copy (`bcf prefill --metrics`). A council
    /// cannot fill them (they are locked), so a pre-filled return can pass only when they are written.
    public var prefilledMetricFields: [FieldDefinition] {
        guard let prefill else { return [] }
        var covered: Set<String> = [prefill.hwbField]
        for target in prefill.items.values {
            if case let .fields(paths) = target { covered.formUnion(paths.values) }
        }
        return fields.filter { $0.role == .prepopulated && !covered.contains($0.path) }
    }
}

/// The second table beside the allocations: each area's metric baselines and populations, one row per
/// area and metric (`hwb_code,hwb_name,metric,value`), the metric named by its field path as
/// `bcf fields` prints it (Docs/ALLOCATIONS.md). Checked as strictly as the allocations: every problem
/// is reported with its line and nothing is written while there is one.
public struct MetricsTable: Sendable {
    /// Each area's values, by area code and then by field path.
    public let valuesByArea: [String: [String: FieldValue]]
    /// The line each area first appears on, for problems found when the two tables are put together.
    let lineByArea: [String: Int]
    let file: String

    static let required = ["hwb_code", "hwb_name", "metric", "value"]

    public init(csv text: String, file: String, definition: TemplateDefinition) throws {
        self.file = file
        let metricFields = Dictionary(definition.prefilledMetricFields.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
        guard !metricFields.isEmpty else {
            throw FillError.badAllocations(file: file, problems: [AllocationProblem(line: nil, message: "edition \(definition.id) has no pre-populated metric cells to fill")])
        }
        let table = CSVTable(text: text, commentPrefix: "#")
        var problems = AllocationsTable.headerProblems(table.header, required: Self.required)
        guard problems.isEmpty else { throw FillError.badAllocations(file: file, problems: problems) }
        let column = Dictionary(table.header.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        let hwbIndex = definition.prefill.flatMap { definition.field(at: $0.hwbField)?.list }.flatMap { definition.lists[$0] }.map(ChoiceMatcher.index)

        var values: [String: [String: FieldValue]] = [:]
        var lines: [String: Int] = [:]
        var seen: [String: Int] = [:]
        var namesByCode: [String: String] = [:]
        for (line, fields) in table.records {
            func problem(_ message: String) { problems.append(AllocationProblem(line: line, message: message)) }
            guard fields.count == table.header.count else {
                problem("\(fields.count) values but the header has \(table.header.count) columns")
                continue
            }
            func value(_ name: String) -> String { column[name].map { Whitespace.trimmed(fields[$0]) } ?? "" }
            let code = value("hwb_code")
            guard AllocationsTable.isSafeCode(code) else { problem("hwb_code \"\(code)\" is not an area code such as E08000035"); continue }
            let givenName = value("hwb_name")
            let name = hwbIndex.map { ChoiceMatcher.match(givenName, in: $0) } ?? givenName
            guard let name else { problem("\"\(givenName)\" is not a Health and Wellbeing Board of edition \(definition.id)"); continue }
            if let earlier = namesByCode[code], earlier != name { problem("\(code) is \"\(name)\" here but \"\(earlier)\" earlier"); continue }
            namesByCode[code] = name
            let path = value("metric")
            guard let field = metricFields[path] else {
                problem("\"\(path)\" is not a pre-populated metric cell of edition \(definition.id); they are \(metricFields.keys.sorted().joined(separator: ", "))")
                continue
            }
            if let first = seen["\(code)|\(path)"] { problem("the same area and metric as line \(first)"); continue }
            seen["\(code)|\(path)"] = line
            switch Self.parse(value("value"), field: field, limit: definition.limits[field.type]) {
            case let .success(parsed):
                values[code, default: [:]][path] = parsed
                lines[code] = lines[code] ?? line
            case let .failure(reason): problem("\(path): \(reason.text)")
            }
        }
        if table.records.isEmpty { problems.append(AllocationProblem(line: nil, message: "the table has no rows")) }
        guard problems.isEmpty else { throw FillError.badAllocations(file: file, problems: problems.sorted { ($0.line ?? .max) < ($1.line ?? .max) }) }
        valuesByArea = values
        lineByArea = lines
    }

    /// A whole number for a count or population, a plain decimal for a rate; within the template's own
    /// limits, and exactly what a cell's double will hold, so nothing is rounded on the way in.
    private static func parse(_ text: String, field: FieldDefinition, limit: NumericLimit?) -> Result<FieldValue, FillReason> {
        guard let number = Decimal(plainNumber: text) else {
            return .failure(FillReason("\"\(text)\" is not a number (write it as 1234 or 12.5)"))
        }
        if let limit, number < limit.minimum || number > limit.maximum {
            return .failure(FillReason("\(text) is outside the template's limits, \(limit.minimum) to \(limit.maximum)"))
        }
        switch field.type {
        case .integer:
            guard number == Decimal.rounded(number, scale: 0), let whole = Int("\(number)") else {
                return .failure(FillReason("\(text) is not a whole number"))
            }
            return .success(.integer(whole))
        case .number:
            guard number.survivesDouble else {
                return .failure(FillReason("\(text) has more digits than a cell's number holds"))
            }
            return .success(.number(number))
        default:
            return .failure(FillReason("the metric's cell holds \(field.type.rawValue), which the metrics table does not fill"))
        }
    }
}

extension AllocationsTable {
    /// The allocations with each area's metrics added: every area of the allocations must have every
    /// pre-populated metric, and the metrics table must name no other area.
    public func adding(_ metrics: MetricsTable, definition: TemplateDefinition) throws -> AllocationsTable {
        var problems: [AllocationProblem] = []
        let expected = definition.prefilledMetricFields.map(\.path)
        let codes = Set(areas.map(\.code))
        for (code, line) in metrics.lineByArea.sorted(by: { $0.value < $1.value }) where !codes.contains(code) {
            problems.append(AllocationProblem(line: line, message: "\(code) is not an area of the allocations table"))
        }
        var combined = areas
        for index in combined.indices {
            let area = combined[index]
            let given = metrics.valuesByArea[area.code] ?? [:]
            let missing = expected.filter { given[$0] == nil }
            if !missing.isEmpty {
                problems.append(AllocationProblem(line: metrics.lineByArea[area.code],
                                                  message: "\(area.code) \(area.name): no value for \(missing.joined(separator: ", "))"))
            }
            combined[index].metrics = given
        }
        guard problems.isEmpty else { throw FillError.badAllocations(file: metrics.file, problems: problems) }
        return AllocationsTable(areas: combined)
    }
}
