import Foundation
import Spreadsheet

/// One Health and Wellbeing Board's allocations, checked and ready to go into its workbook.
public struct AreaAllocations: Sendable, Equatable {
    public struct Row: Sendable, Equatable {
        public let body: String
        public let amounts: [String: Money]
    }

    public let code: String
    /// The name as the edition's list spells it.
    public let name: String
    /// Table items: rows in file order.
    public var tableRows: [String: [Row]] = [:]
    /// Field items: an amount per year.
    public var fieldAmounts: [String: [String: Money]] = [:]
    /// Pre-populated metric cells (baselines, populations), by field path: from the metrics table.
    public var metrics: [String: FieldValue] = [:]
}

public struct AllocationProblem: Sendable, Equatable, CustomStringConvertible {
    /// The line of the CSV file (1 is the header), or nil for a problem of the table as a whole.
    public let line: Int?
    public let message: String

    public var description: String { "\(line.map(String.init) ?? "-"): \(message)" }
}

/// The allocations table `bcf prefill` reads: one row per area, item and paying body, an amount column
/// per year of the edition (Docs/ALLOCATIONS.md). Every row is checked before anything is written, and
/// every problem is reported with its line.
public struct AllocationsTable: Sendable {
    public let areas: [AreaAllocations]

    static let required = ["hwb_code", "hwb_name", "item", "body_name"]

    init(areas: [AreaAllocations]) {
        self.areas = areas
    }

    public init(csv text: String, file: String, definition: TemplateDefinition) throws {
        try self.init(table: CSVTable(text: text, commentPrefix: "#"), file: file, definition: definition)
    }

    /// The table from its parsed CSV, which a checker parses once for every edition.
    init(table: CSVTable, file: String, definition: TemplateDefinition) throws {
        guard let prefill = definition.prefill else {
            throw FillError.badAllocations(file: file, problems: [AllocationProblem(line: nil, message: "edition \(definition.id) says nothing of where allocations go (no prefill section)")])
        }
        var problems = Self.headerProblems(table.header, required: Self.required + definition.years)
        guard problems.isEmpty else { throw FillError.badAllocations(file: file, problems: problems) }
        let moneyLimit = definition.limits[.money]
        let column = Dictionary(table.header.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        // The edition made the index of each list once.
        let hwbIndex = definition.field(at: prefill.hwbField)?.list.flatMap { definition.choiceIndexes[$0] }

        var areas: [String: AreaAllocations] = [:]
        var order: [String] = []
        var namesByCode: [String: (name: String, line: Int)] = [:]
        var codesByName: [String: (code: String, line: Int)] = [:]
        var seen: [String: Int] = [:]
        var shares: [String: [(line: Int, share: Decimal)]] = [:]

        for (line, fields) in table.records {
            func value(_ name: String) -> String {
                guard let index = column[name], index < fields.count else { return "" }
                return Whitespace.trimmed(fields[index])
            }
            func problem(_ message: String) { problems.append(AllocationProblem(line: line, message: message)) }
            guard fields.count == table.header.count else {
                problem("\(fields.count) values but the header has \(table.header.count) columns")
                continue
            }
            let code = value("hwb_code")
            let givenName = value("hwb_name")
            guard Self.isSafeCode(code) else { problem("hwb_code \"\(code)\" is not an area code such as E08000035"); continue }
            let name: String
            if let hwbIndex {
                guard let listed = ChoiceMatcher.match(givenName, in: hwbIndex) else {
                    problem("\"\(givenName)\" is not a Health and Wellbeing Board of edition \(definition.id)")
                    continue
                }
                name = listed
            } else {
                name = givenName
            }
            if let earlier = namesByCode[code], earlier.name != name {
                problem("\(code) is \"\(name)\" here but \"\(earlier.name)\" on line \(earlier.line)")
                continue
            }
            if let earlier = codesByName[name], earlier.code != code {
                problem("\"\(name)\" has code \(code) here but \(earlier.code) on line \(earlier.line)")
                continue
            }
            namesByCode[code] = (name, line)
            codesByName[name] = (code, line)

            let item = value("item")
            guard let target = prefill.items[item] else {
                problem("unknown item \"\(item)\"; the items are \(prefill.items.keys.sorted().joined(separator: ", "))")
                continue
            }
            let body = value("body_name")
            if let reason = Self.unwritableText(body) { problem("body_name: \(reason)"); continue }
            let key = "\(code)|\(item)|\(ChoiceMatcher.normalise(body))"
            if let first = seen[key] {
                problem("the same area, item and body as line \(first)")
                continue
            }
            seen[key] = line

            var amounts: [String: Money] = [:]
            for year in definition.years {
                let text = value(year)
                guard let decimal = Decimal(plainNumber: text) else {
                    problem("\(year): \"\(text)\" is not an amount (write it as 1234567.89)")
                    continue
                }
                guard decimal >= 0 else { problem("\(year): \(text) is negative"); continue }
                // A number of at most two decimals is whole pence without rounding it to see.
                guard decimal.exponent >= -2 || decimal == Decimal.rounded(decimal, scale: 2) else {
                    problem("\(year): \(text) is not a whole number of pence; round it in the table, so that no amount is changed without a word")
                    continue
                }
                if let moneyLimit, decimal > moneyLimit.maximum {
                    problem("\(year): \(text) is above the template's limit of \(Money(moneyLimit.maximum).display)")
                    continue
                }
                guard decimal.survivesDouble else { problem("\(year): \(text) has more digits than a cell's number holds to the penny"); continue }
                amounts[year] = Money(decimal)
            }
            guard amounts.count == definition.years.count else { continue }

            if areas[code] == nil {
                areas[code] = AreaAllocations(code: code, name: name)
                order.append(code)
            }
            switch target {
            case .table:
                guard !body.isEmpty else { problem("item \(item) goes into a table and needs the paying body in body_name"); continue }
                areas[code]?.tableRows[item, default: []].append(AreaAllocations.Row(body: body, amounts: amounts))
                let shareText = value("share_percent")
                if !shareText.isEmpty {
                    guard let share = Decimal(plainNumber: shareText), share > 0, share <= 100 else {
                        problem("share_percent \"\(shareText)\" is not a percentage above 0 and at most 100")
                        continue
                    }
                    let bodyKey = value("body_code").isEmpty ? ChoiceMatcher.normalise(body) : value("body_code")
                    shares["\(item)|\(bodyKey)", default: []].append((line, share))
                }
            case .fields:
                guard body.isEmpty else { problem("item \(item) is one amount per area; leave body_name empty"); continue }
                areas[code]?.fieldAmounts[item] = amounts
            }
        }

        // A body that serves several areas must be shared out completely.
        for (key, parts) in shares.sorted(by: { $0.key < $1.key }) {
            let total = parts.reduce(Decimal(0)) { $0 + $1.share }
            if abs(NSDecimalNumber(decimal: total - 100).doubleValue) > 0.01 {
                let body = key.split(separator: "|", maxSplits: 1).last.map(String.init) ?? key
                problems.append(AllocationProblem(line: parts.first?.line,
                                                  message: "the shares of \(body) add up to \(total)% across lines \(parts.map { String($0.line) }.joined(separator: ", ")), not 100%"))
            }
        }
        // Rows must fit the template's tables.
        for code in order {
            guard let area = areas[code] else { continue }
            for (item, rows) in area.tableRows {
                if case let .table(path, _, _)? = prefill.items[item], let capacity = definition.table(at: path)?.rows, rows.count > capacity {
                    problems.append(AllocationProblem(line: nil, message: "\(code) \(area.name): \(rows.count) rows of \(item) but the template's table holds \(capacity)"))
                }
            }
        }
        if table.records.isEmpty { problems.append(AllocationProblem(line: nil, message: "the table has no rows")) }
        guard problems.isEmpty else { throw FillError.badAllocations(file: file, problems: problems.sorted { ($0.line ?? .max) < ($1.line ?? .max) }) }
        self.areas = order.compactMap { areas[$0] }
    }

    /// A missing required column, or a column named twice (which of the two is meant cannot be guessed).
    static func headerProblems(_ header: [String], required: [String]) -> [AllocationProblem] {
        var problems: [AllocationProblem] = []
        let missing = required.filter { !header.contains($0) }
        if !missing.isEmpty {
            problems.append(AllocationProblem(line: 1, message: "the header lacks the column(s) \(missing.joined(separator: ", ")); it needs \(required.joined(separator: ","))"))
        }
        var counts: [String: Int] = [:]
        for name in header where !name.isEmpty { counts[name, default: 0] += 1 }
        for (name, count) in counts.sorted(by: { $0.key < $1.key }) where count > 1 {
            problems.append(AllocationProblem(line: 1, message: "the column \(name) appears \(count) times in the header"))
        }
        return problems
    }

    /// Why a cell cannot hold the text as given (the writer's own limits, checked before anything is
    /// written), or nil when it can.
    static func unwritableText(_ text: String) -> String? {
        if text.unicodeScalars.contains("\u{0}") { return "holds a NUL character, which no cell can hold" }
        let length = text.utf16.count
        if length > WorkbookPatcher.maxTextLength {
            return "\(length) characters, more than the \(WorkbookPatcher.maxTextLength) a cell can hold"
        }
        return nil
    }

    /// The most a table file may hold: the sample tables of every area are a few hundred KB.
    static let maximumFileSize = 64 << 20

    /// The table's text: a regular file (a FIFO or device would stall the read), of at most 64 MiB, in
    /// UTF-8; when it is not UTF-8, the first line that is not is named.
    public static func text(ofFile path: String) throws -> String {
        var info = stat()
        if stat(path, &info) == 0 {
            guard info.st_mode & S_IFMT == S_IFREG else {
                throw FillError.badAllocations(file: path, problems: [AllocationProblem(line: nil, message: "is not a regular file")])
            }
            guard info.st_size <= maximumFileSize else {
                throw FillError.badAllocations(file: path, problems: [AllocationProblem(line: nil, message: "holds \(info.st_size) bytes, more than the \(maximumFileSize) any allocations or metrics table needs")])
            }
        }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw FillError.badAllocations(file: path, problems: [AllocationProblem(line: nil, message: "cannot be read: \(SystemErrorText.reason(of: error))")])
        }
        if let text = String(validating: data, as: UTF8.self) { return text }
        var line = 1
        for bytes in data.split(separator: 0x0A, omittingEmptySubsequences: false) {
            if String(validating: bytes, as: UTF8.self) == nil { break }
            line += 1
        }
        throw FillError.badAllocations(file: path, problems: [AllocationProblem(line: line, message: "the line is not UTF-8; save the table as CSV UTF-8")])
    }

    /// Letters and digits only: codes become part of file names.
    static func isSafeCode(_ code: String) -> Bool {
        // ASCII letters and digits, each byte a character.
        !code.isEmpty && code.utf8.count <= 16 && code.utf8.allSatisfy { ($0 | 0x20) &- UInt8(ascii: "a") < 26 || $0 &- UInt8(ascii: "0") < 10 }
    }
}
