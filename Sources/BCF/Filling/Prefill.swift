import Foundation
import Spreadsheet

extension AreaAllocations {
    /// The area's allocations as a model of the edition: its name, a row per paying body in each table,
    /// an amount per year in each field.
    public func model(for definition: TemplateDefinition) -> ModelNode {
        var model = ModelNode.empty
        guard let prefill = definition.prefill else { return model }
        if let field = definition.field(at: prefill.hwbField) {
            model.set(path: field.path, to: .leaf(FieldReading(.value(.choice(name)), sheet: field.sheet, cell: field.cell)))
        }
        for (item, target) in prefill.items.sorted(by: { $0.key < $1.key }) {
            switch target {
            case let .table(path, bodyColumn, amountColumns):
                guard let table = definition.table(at: path), let rows = tableRows[item] else { continue }
                var nodes: [ModelNode] = []
                for (index, row) in rows.enumerated() {
                    var node = ModelNode.empty
                    let rowNumber = table.firstRow + index
                    if let body = table.column(bodyColumn) {
                        node.set(path: bodyColumn, to: .leaf(FieldReading(.value(.text(row.body)), sheet: table.sheet,
                                                                         cell: CellReference(row: rowNumber, column: body.column))))
                    }
                    for year in definition.years {
                        guard let key = amountColumns[year], let column = table.column(key), let amount = row.amounts[year] else { continue }
                        node.set(path: key, to: .leaf(FieldReading(.value(.money(amount)), sheet: table.sheet,
                                                                  cell: CellReference(row: rowNumber, column: column.column))))
                    }
                    nodes.append(node)
                }
                model.set(path: path, to: .array(nodes))
            case let .fields(paths):
                for year in definition.years {
                    guard let path = paths[year], let field = definition.field(at: path), let amount = fieldAmounts[item]?[year] else { continue }
                    model.set(path: path, to: .leaf(FieldReading(.value(.money(amount)), sheet: field.sheet, cell: field.cell)))
                }
            }
        }
        for (path, value) in metrics.sorted(by: { $0.key < $1.key }) {
            guard let field = definition.field(at: path) else { continue }
            model.set(path: path, to: .leaf(FieldReading(.value(value), sheet: field.sheet, cell: field.cell)))
        }
        return model
    }

    /// `<HWB code> <HWB name>.xlsx`, with anything a file name should not hold replaced.
    public var fileName: String {
        let cleaned = name.unicodeScalars.map { scalar -> String in
            if scalar.properties.generalCategory == .control || "/\\:*?\"<>|".unicodeScalars.contains(scalar) { return "_" }
            return String(scalar)
        }.joined()
        let trimmed = cleaned.trimmingCharacters(in: CharacterSet(charactersIn: " .")).prefix(100)
        return "\(code) \(trimmed).xlsx"
    }
}

extension ModelNode {
    /// The cells to set for every value of the model, in sheet and cell order.
    public func cellPatches() throws -> [CellPatch] {
        var readings: [FieldReading] = []
        appendReadings(to: &readings)
        return try readings.map { reading in
            let value: PatchValue
            switch reading.outcome {
            case let .invalid(raw, _): value = .text(raw)
            case let .value(fieldValue):
                switch fieldValue {
                case let .text(text), let .choice(text): value = .text(text)
                case let .money(money): value = .number(try Self.double(money.amount))
                case let .integer(number): value = .number(Double(number))
                case let .number(number), let .percent(number): value = .number(try Self.double(number))
                case let .date(date): value = .date(SpreadsheetDate(serial: date.serial, system: .dates1900))
                }
            }
            return CellPatch(sheet: reading.sheet, cell: reading.cell, value: value)
        }
    }

    /// The leaves in the order of `leaves()`, without making their paths.
    private func appendReadings(to readings: inout [FieldReading]) {
        switch self {
        case let .leaf(reading): readings.append(reading)
        case let .object(entries): for entry in entries { entry.node.appendReadings(to: &readings) }
        case let .array(items): for item in items { item.appendReadings(to: &readings) }
        }
    }

    private static func double(_ decimal: Decimal) throws -> Double {
        guard let number = decimal.nearestDouble else { throw BuildError.numberNotWritable(path: "", value: "\(decimal)") }
        return number
    }
}

/// Writes one model into a template (`bcf fill`), once the template's layout is found to be the
/// edition's.
public struct ModelFiller {
    public let definition: TemplateDefinition
    public let template: String
    /// The limits the template is read within (`bcf fill` and `bcf prefill` take the reading-limit options).
    public var limits = ReadLimits()

    public init(definition: TemplateDefinition, template: String) {
        self.definition = definition
        self.template = template
    }

    public func write(_ model: ModelNode, to path: String, overwrite: Bool = false) throws {
        let patcher = try WorkbookPatcher(path: template, limits: limits)
        try TemplateLayout.check(template, as: definition, limits: limits)
        try patcher.write(model.cellPatches(), to: path, overwrite: overwrite)
    }
}

/// Writes one pre-filled workbook per area from a template, checking everything first.
public struct Prefiller {
    public let definition: TemplateDefinition
    public let template: String
    /// The limits the template is read within (`bcf fill` and `bcf prefill` take the reading-limit options).
    public var limits = ReadLimits()

    public init(definition: TemplateDefinition, template: String) {
        self.definition = definition
        self.template = template
    }

    /// Writes every area's workbook into `folder` (made when missing) and returns the files written.
    /// All or nothing: the template's layout, every value and every output name are checked before
    /// anything is written; the workbooks are written into a staging folder beside `folder` and moved in
    /// only when every one is complete; a second prefill into the same folder meanwhile is refused
    /// (`FillError.outputBusy`). Nothing is written when a file would replace an existing one and
    /// `overwrite` is false, nor ever over a folder or link.
    @discardableResult
    public func write(_ table: AllocationsTable, into folder: String, overwrite: Bool = false) throws -> [String] {
        let patcher = try WorkbookPatcher(path: template, limits: limits)
        try TemplateLayout.check(template, as: definition, limits: limits)
        let patches = try table.areas.map { try $0.model(for: definition).cellPatches() }
        let names = table.areas.map(\.fileName)
        let output = try OutputFolder(claiming: folder)
        defer { output.release() }
        try output.checkNames(names, overwrite: overwrite)
        let staging = try output.makeStaging()
        defer { output.discard(staging) }
        // Two workbooks at a time: the machine this runs on has two cores, and each write is independent.
        let failures = FailureBox()
        DispatchQueue.concurrentPerform(iterations: names.count) { index in
            do {
                try patcher.write(patches[index], to: (staging as NSString).appendingPathComponent(names[index]))
            } catch {
                failures.record(error)
            }
        }
        if let error = failures.first { throw error }
        try output.commit(staging, names: names, overwrite: overwrite)
        return names.map { (folder as NSString).appendingPathComponent($0) }
    }
}

extension Prefiller {
    /// Removes the staging folder this process made for `folder`, for a command stopped by a signal
    /// while writing (a run killed outright leaves it to the next prefill of the folder).
    public static func discardStaging(for folder: String) {
        OutputFolder.discardStaging(of: folder)
    }
}

private final class FailureBox: @unchecked Sendable {
    private let lock = NSLock()
    private var errors: [any Error] = []
    func record(_ error: any Error) { lock.lock(); errors.append(error); lock.unlock() }
    var first: (any Error)? { lock.lock(); defer { lock.unlock() }; return errors.first }
}
