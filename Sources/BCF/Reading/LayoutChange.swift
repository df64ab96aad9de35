import Foundation
import Spreadsheet

/// A change to a template's layout told in one plain sentence, worked out from where its labels now
/// stand: the sentence that leads a report of labels not where the edition has them (`read`, `check`,
/// `fill`, `prefill`, the LAYOUT-001 finding, `bcf adapt`).
public enum LayoutChange: Sendable, Equatable, CustomStringConvertible {
    /// Every label from `above` down moved down by `count` rows.
    case rowsInserted(sheet: String, above: Int, count: Int)
    /// Every label from `above` down moved up by `count` rows.
    case rowsDeleted(sheet: String, above: Int, count: Int)
    /// Every label from column `at` rightwards moved right by `count` columns.
    case columnsInserted(sheet: String, at: Int, count: Int)
    /// Every label from column `before` rightwards moved left by `count` columns.
    case columnsDeleted(sheet: String, before: Int, count: Int)
    /// The edition's sheet is not in the workbook, but one of a near name is.
    case sheetNamedOtherwise(expected: String, found: String)

    public var description: String {
        switch self {
        case let .rowsInserted(sheet, above, count):
            return "\(count == 1 ? "a row was" : "\(count) rows were") inserted above '\(TerminalText.line(sheet))' row \(above)"
        case let .rowsDeleted(sheet, above, count):
            return "\(count == 1 ? "a row was" : "\(count) rows were") deleted above '\(TerminalText.line(sheet))' row \(above)"
        case let .columnsInserted(sheet, at, count):
            let first = CellReference.columnName(at)
            let columns = count == 1 ? "column \(first) was" : "columns \(first) to \(CellReference.columnName(at + count - 1)) were"
            return "\(columns) inserted on '\(TerminalText.line(sheet))'"
        case let .columnsDeleted(sheet, before, count):
            return "\(count == 1 ? "a column was" : "\(count) columns were") deleted before column \(CellReference.columnName(before)) on '\(TerminalText.line(sheet))'"
        case let .sheetNamedOtherwise(expected, found):
            return "sheet '\(TerminalText.line(expected))' is missing; '\(TerminalText.line(found))' exists"
        }
    }

    /// The changes as one sentence, or nil when none could be worked out.
    public static func sentence(_ changes: [LayoutChange]) -> String? {
        changes.isEmpty ? nil : changes.map(\.description).joined(separator: "; ")
    }

    /// Where one label of a sheet stands: `to` is nil when it was not found anywhere.
    private struct Move {
        let from: CellReference
        let to: CellReference?
    }

    /// The one shift all the moved labels of a sheet share, when they share one, no label that stayed is
    /// past it, and few were lost; nil otherwise (an edit that is not one insertion or deletion).
    private static func shift(on sheet: String, _ moves: [Move]) -> LayoutChange? {
        let moved = moves.filter { $0.to != nil && $0.to != $0.from }
        guard let first = moved.first, let target = first.to else { return nil }
        let rows = target.row - first.from.row, columns = target.column - first.from.column
        guard moved.allSatisfy({ ($0.to?.row ?? 0) - $0.from.row == rows && ($0.to?.column ?? 0) - $0.from.column == columns }),
              (rows == 0) != (columns == 0) else { return nil }
        let lost = moves.filter { $0.to == nil }.count
        guard lost * 4 <= moved.count else { return nil }
        let stayed = moves.filter { $0.to == $0.from }.map(\.from)
        if rows != 0 {
            let top = moved.map(\.from.row).min() ?? 0
            guard stayed.allSatisfy({ $0.row < top }) else { return nil }
            return rows > 0 ? .rowsInserted(sheet: sheet, above: top, count: rows) : .rowsDeleted(sheet: sheet, above: top, count: -rows)
        }
        let left = moved.map(\.from.column).min() ?? 0
        guard stayed.allSatisfy({ $0.column < left }) else { return nil }
        return columns > 0 ? .columnsInserted(sheet: sheet, at: left, count: columns) : .columnsDeleted(sheet: sheet, before: left, count: -columns)
    }

    /// The workbook's sheet whose name is nearest a missing one: the same but for case, spaces and
    /// punctuation, or at most two letters apart; never one the edition itself names.
    private static func nearName(_ missing: String, among names: [String], editionSheets: [String]) -> String? {
        let taken = Set(editionSheets.map { $0.lowercased() })
        func key(_ text: String) -> String { ChoiceMatcher.normalise(text) }
        let candidates = names.filter { !taken.contains($0.lowercased()) }
        if let same = candidates.first(where: { key($0) == key(missing) }) { return same }
        let scored = candidates.map { ($0, distance(Array($0.lowercased()), Array(missing.lowercased()))) }
            .filter { $0.1 <= 2 && missing.count > 3 }
        return scored.min { $0.1 < $1.1 }?.0
    }

    private static func distance(_ a: [Character], _ b: [Character]) -> Int {
        guard !a.isEmpty, !b.isEmpty else { return max(a.count, b.count) }
        guard abs(a.count - b.count) <= 2 else { return 3 }
        var previous = Array(0...b.count)
        for (i, x) in a.enumerated() {
            var current = [i + 1] + Array(repeating: 0, count: b.count)
            for (j, y) in b.enumerated() {
                current[j + 1] = min(previous[j + 1] + 1, current[j] + 1, previous[j] + (x == y ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}

extension LayoutChange {
    /// The changes that explain the labels of `edition` not standing where it has them in `workbook`: a
    /// missing sheet's near name, and on each sheet the one row or column shift every moved label shares,
    /// found by looking for each label's text along its column and its row.
    public static func explaining(_ mismatches: [LabelMismatch], in workbook: Workbook, as edition: TemplateDefinition) -> [LayoutChange] {
        var changes: [LayoutChange] = []
        let names = workbook.sheets.map(\.name)
        for sheet in edition.sheets {
            let wrong = mismatches.filter { $0.sheet == sheet.name }
            guard !wrong.isEmpty else { continue }
            if wrong.contains(where: \.sheetMissing) {
                if let found = nearName(sheet.name, among: names, editionSheets: edition.sheets.map(\.name)) {
                    changes.append(.sheetNamedOtherwise(expected: sheet.name, found: found))
                }
                continue
            }
            guard let info = workbook.sheets.first(where: { $0.name.caseInsensitiveCompare(sheet.name) == .orderedSame }),
                  let texts = try? Self.texts(of: info, in: workbook) else { continue }
            let wrongCells = Set(wrong.compactMap { CellReference($0.cell) })
            let labels = sheet.labels
            // Every offset at which each wrongly placed label's text stands, along its column or its row.
            var offsets: [CellReference: Set<[Int]>] = [:]
            for label in labels where wrongCells.contains(label.cell) {
                var found: Set<[Int]> = []
                for (cell, text) in texts where (cell.column == label.cell.column) != (cell.row == label.cell.row)
                    && abs(cell.row - label.cell.row) <= 200 && abs(cell.column - label.cell.column) <= 50
                    && ChoiceMatcher.labelsMatch(text, label.text) {
                    found.insert([cell.row - label.cell.row, cell.column - label.cell.column])
                }
                offsets[label.cell] = found
            }
            var support: [[Int]: Int] = [:]
            for found in offsets.values { for offset in found { support[offset, default: 0] += 1 } }
            guard let best = support.max(by: { ($0.value, -abs($0.key[0]) - abs($0.key[1])) < ($1.value, -abs($1.key[0]) - abs($1.key[1])) })?.key else { continue }
            // A label found only elsewhere moved otherwise: the shift is then not one insertion or deletion.
            let moves = labels.map { label -> Move in
                guard let found = offsets[label.cell] else { return Move(from: label.cell, to: label.cell) }
                guard let offset = found.contains(best) ? best : found.first else { return Move(from: label.cell, to: nil) }
                return Move(from: label.cell, to: CellReference(row: label.cell.row + offset[0], column: label.cell.column + offset[1]))
            }
            if let change = shift(on: sheet.name, moves) { changes.append(change) }
        }
        return changes
    }

    /// The cells of a sheet as text, as labels are compared (a template's sheets hold a few thousand cells).
    private static func texts(of info: SheetInfo, in workbook: Workbook) throws -> [CellReference: String] {
        var texts: [CellReference: String] = [:]
        let reader = try workbook.rows(in: info)
        while let row = try reader.next() {
            for cell in row.cells {
                if let value = cell.value { texts[cell.reference] = ValueParser.text(of: value) }
            }
        }
        return texts
    }
}
