import Foundation
import Spreadsheet

/// The results of `bcf check` as people and programs read them.
public enum CheckReport {
    /// Grouped by workbook, then by sheet in the workbook's order; errors first within a sheet. `quiet`
    /// leaves out the workbooks that pass, so that only those with errors (or not checked) are shown
    /// before the summary line.
    public static func text(_ checks: [WorkbookCheck], sheetOrder: (String) -> [String], colour: Bool, quiet: Bool = false) -> String {
        func paint(_ text: String, _ code: String) -> String { colour ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text }
        var out = ""
        for check in checks where !quiet || check.failure != nil || check.errors > 0 {
            guard let edition = check.edition, check.failure == nil else {
                out += paint("\(TerminalText.line(check.file)): not checked", "1;31") + "\n  \(TerminalText.message(check.failure ?? ""))\n\n"
                continue
            }
            let area = check.healthAndWellbeingBoard.map { ", \(TerminalText.line($0))" } ?? ""
            let verdict = check.errors == 0 ? paint("passes", "1;32") : paint("fails", "1;31")
            out += "\(TerminalText.line(check.file)) (\(edition)\(area)): \(verdict), \(check.errors) error(s), \(check.warnings) warning(s)\n"
            let order = sheetOrder(edition)
            let bySheet = Dictionary(grouping: check.issues, by: \.sheet)
            for sheet in bySheet.keys.sorted(by: { (order.firstIndex(of: $0) ?? .max, $0) < (order.firstIndex(of: $1) ?? .max, $1) }) {
                out += "  \(TerminalText.line(sheet))\n"
                for issue in sorted(bySheet[sheet] ?? []) {
                    let label = issue.severity == .error ? paint("error  ", "31") : issue.severity == .warning ? paint("warning", "33") : "info   "
                    out += "    \(label) \(issue.rule) \(TerminalText.line(issue.cells.joined(separator: ","))): \(TerminalText.line(issue.message))\n"
                }
            }
            out += "\n"
        }
        let failing = checks.filter { $0.errors > 0 }.count
        let unreadable = checks.filter { $0.failure != nil }.count
        out += "\(checks.count) workbook(s): \(checks.count - failing - unreadable) pass, \(failing) fail, \(unreadable) not checked\n"
        return out
    }

    /// One JSON document: an array of one object per workbook.
    public static func json(_ checks: [WorkbookCheck]) -> String {
        "[" + checks.map(object).joined(separator: ",\n") + "]\n"
    }

    /// One object per workbook, a line each, for a stream.
    public static func jsonLines(_ checks: [WorkbookCheck]) -> String {
        checks.map { object($0) + "\n" }.joined()
    }

    /// The area is named as the dataset names it (`hwb_code`, `hwb_name`: Docs/DATASET.md).
    private static func object(_ check: WorkbookCheck) -> String {
        var fields = ["\"file\":\(JSONText.string(check.file))"]
        fields.append("\"edition\":" + (check.edition.map(JSONText.string) ?? "null"))
        fields.append("\"hwb_code\":" + (check.hwbCode.map(JSONText.string) ?? "null"))
        fields.append("\"hwb_name\":" + (check.healthAndWellbeingBoard.map(JSONText.string) ?? "null"))
        fields.append("\"status\":\(JSONText.string(status(check)))")
        fields.append("\"errors\":\(check.errors),\"warnings\":\(check.warnings)")
        if let failure = check.failure { fields.append("\"failure\":\(JSONText.string(failure))") }
        let issues = sorted(check.issues).map { issue in
            "{\"rule\":\(JSONText.string(issue.rule)),\"severity\":\(JSONText.string(issue.severity.rawValue)),\"sheet\":\(JSONText.string(issue.sheet)),"
                + "\"cells\":[\(issue.cells.map(JSONText.string).joined(separator: ","))],\"message\":\(JSONText.string(issue.message))}"
        }
        fields.append("\"issues\":[\(issues.joined(separator: ","))]")
        return "{" + fields.joined(separator: ",") + "}"
    }

    /// One row per issue, and one for every workbook that has none or could not be checked, so that
    /// the CSV of a round's files lists every file; UTF-8 with one header. Text a spreadsheet would
    /// take for a formula is made harmless.
    public static func csv(_ checks: [WorkbookCheck]) -> String {
        var out = "file,edition,hwb_code,hwb_name,status,errors,warnings,rule,severity,sheet,cells,message\n"
        for check in checks {
            let head = [check.file, check.edition ?? "", check.hwbCode ?? "", check.healthAndWellbeingBoard ?? "", status(check),
                        String(check.errors), String(check.warnings)]
            if check.failure != nil || check.issues.isEmpty {
                out += (head + ["", "", "", "", check.failure ?? ""]).map(CSVText.field).joined(separator: ",") + "\n"
                continue
            }
            for issue in sorted(check.issues) {
                out += (head + [issue.rule, issue.severity.rawValue, issue.sheet, issue.cells.joined(separator: " "), issue.message])
                    .map(CSVText.field).joined(separator: ",") + "\n"
            }
        }
        return out
    }

    static func status(_ check: WorkbookCheck) -> String {
        check.failure != nil ? "unreadable" : check.errors > 0 ? "fails" : "passes"
    }

    static func sorted(_ issues: [CheckIssue]) -> [CheckIssue] {
        issues.enumerated().sorted { ($0.element.severity, $0.offset) < ($1.element.severity, $1.offset) }.map(\.element)
    }

    /// 0 when nothing has errors, 1 when a workbook has errors, 2 when a workbook could not be checked.
    public static func exitCode(_ checks: [WorkbookCheck]) -> Int32 {
        if checks.contains(where: { $0.failure != nil }) { return 2 }
        return checks.contains { $0.errors > 0 } ? 1 : 0
    }
}

/// CSV fields: quoted when needed, and text that starts like a formula (`=`, `+`, `-`, `@`, tab, CR)
/// prefixed with an apostrophe so that a spreadsheet shows it instead of running it.
public enum CSVText {
    public static func field(_ text: String) -> String {
        var value = text
        if let first = value.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first), !isPlainNumber(value) {
            value = "'" + value
        }
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// A signed decimal such as `-12.5` or `-1e5`, which a spreadsheet reads as a number and nothing else.
    /// `Double(_:)` is not the test: it also takes `-nan(A1)`, `-inf` and hexadecimal, which a spreadsheet
    /// would read as a formula.
    static func isPlainNumber(_ text: String) -> Bool {
        Array(text.utf8).withUnsafeBytes(isPlainNumber)
    }

    /// `isPlainNumber` of UTF-8 bytes.
    static func isPlainNumber(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var index = 0
        func skipSign() { if index < bytes.count, bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") { index += 1 } }
        func digits() -> Int {
            let start = index
            while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") { index += 1 }
            return index - start
        }
        skipSign()
        var count = digits()
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            count += digits()
        }
        guard count > 0 else { return false }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            skipSign()
            guard digits() > 0 else { return false }
        }
        return index == bytes.count
    }
}

extension RuleCatalogue {
    /// The catalogue as records (`bcf rules --format text|json|jsonl|csv`): id, severity, what it finds,
    /// the kinds of edition it applies to, where it comes from.
    public static func records() -> RecordTable {
        var table = RecordTable(columns: ["id", "severity", "title", "kinds", "source"])
        for rule in all {
            table.append([.text(rule.id), .text(rule.severity.rawValue), .text(rule.title),
                          .text(rule.kinds.map(\.rawValue).joined(separator: " ")), .text(rule.source)])
        }
        return table
    }

    /// Docs/RULES.md, from the catalogue.
    public static func markdown() -> String {
        var out = "# The rules of `bcf check`\n\n"
        out += "Every rule has a stable id, a severity (error: the workbook does not meet a requirement; warning: it probably\n"
        out += "needs a second look; info: for the record) and the guidance it comes from. Messages name the sheet and cells\n"
        out += "in the template's own words and give the figures. This page is written from the catalogue in\n"
        out += "`Sources/BCF/Checking/RuleCatalogue.swift` and `QuarterlyRules.swift` (`bcf rules --format markdown`); a test\n"
        out += "keeps it the same. `Fixtures/rules/` holds, for every rule, a workbook that trips exactly that rule;\n"
        out += "`Fixtures/rule-cases/` holds workbooks on both sides of each edge below, each recalculated by LibreOffice and\n"
        out += "as a program that does not calculate saves it, which must give the same findings\n"
        out += "(`scripts/fixtures/make_rule_fixtures.py` makes both from the clean samples).\n\n"
        out += "Every rule computes what it needs from the inputs, as the template's formula would; a workbook's cached formula\n"
        out += "result is only compared with that computation, and a disagreement is its own finding (PLAN-SUM-001,\n"
        out += "PLAN-MET-001, PLAN-P4P-001, QTR-SUM-001). The figures so computed are available to other code through\n"
        out += "`PlannedFigures.compute(_:)`.\n\n"
        out += "## Severities\n\n" + RuleCatalogue.severityPolicy + "\n"
        let sections = [("Planning templates", planning), ("Quarterly reports", quarterly + QuarterlyRules.rules)]
        for (title, rules) in sections {
            out += "\n## \(title)\n\n| id | severity | what it finds | from |\n|---|---|---|---|\n"
            for rule in rules {
                out += "| \(rule.id) | \(rule.severity.rawValue) | \(rule.title.replacingOccurrences(of: "|", with: "\\|")) | \(rule.source) |\n"
            }
        }
        out += "\n## What each rule rests on, and the readings taken\n"
        for (_, rules) in sections {
            for rule in rules {
                out += "\n### \(rule.id)\n\n"
                if !rule.quote.isEmpty { out += "> \(rule.quote)\n" }
                for reading in rule.readings { out += "\nReading: \(reading)\n" }
            }
        }
        return out
    }
}
