import Foundation
import Spreadsheet

/// Placing an item once its labels say where it is: the field, grid or table rewritten with its new cells,
/// and where each of its fields was found or why not.
extension SheetAdapter {

    func missing(path: String, at cell: CellReference, _ problem: String) -> FieldPlacement {
        FieldPlacement(path: path, required: false, editionSheet: base.name, editionCell: cell, sheet: nil, cell: nil,
                       method: nil, byNeighbour: false, problem: problem)
    }

    func found(path: String, at cell: CellReference, now: CellReference, _ method: FieldPlacement.Method, byNeighbour: Bool) -> FieldPlacement {
        FieldPlacement(path: path, required: false, editionSheet: base.name, editionCell: cell, sheet: texts.name, cell: now,
                       method: method, byNeighbour: byNeighbour, problem: nil)
    }

    func place(_ item: RawItem, anchor: Anchor) -> (item: RawItem?, placements: [String: FieldPlacement]) {
        if let path = item.path { return placeField(item, path: path, anchor: anchor) }
        if let grid = item.grid { return placeGrid(item, path: grid, anchor: anchor) }
        if let table = item.table { return placeTable(item, path: table, anchor: anchor) }
        guard let shift = anchor.shift, let cell = item.cell.flatMap({ CellReference($0.uppercased()) }).flatMap(shift.apply) else {
            return (nil, [:])
        }
        var adapted = item
        adapted.cell = cell.description
        if item.text != nil { adapted.text = texts.text(at: cell) ?? item.text }
        return (adapted, [:])
    }

    func placeField(_ item: RawItem, path: String, anchor: Anchor) -> (item: RawItem?, placements: [String: FieldPlacement]) {
        guard let cell = item.cell.flatMap({ CellReference($0.uppercased()) }) else { return (nil, [:]) }
        guard let shift = anchor.shift else {
            return (nil, [path: missing(path: path, at: cell, anchor.problem ?? "not found")])
        }
        guard let now = shift.apply(cell) else { return (nil, [path: missing(path: path, at: cell, "its place would be outside the sheet")]) }
        if let text = texts.text(at: now), baseCounts[LabelKey.of(text)] != nil {
            return (nil, [path: missing(path: path, at: cell, "where its value should be, \(now) holds the label \"\(text)\"")])
        }
        var adapted = item
        adapted.cell = now.description
        if let label = item.label, let (_, labelCell) = anchorLabel(of: item), let labelNow = shift.apply(labelCell) {
            // The label as the workbook spells it, so that reading checks it as it stands there.
            adapted.labelCell = labelNow.description
            adapted.label = texts.text(at: labelNow) ?? label
            adapted.description = item.description ?? label
        }
        let method: FieldPlacement.Method = item.label == nil ? .besideLabel : anchor.exact ? .exactLabel : .forgivingLabel
        return (adapted, [path: found(path: path, at: cell, now: now, method, byNeighbour: anchor.byNeighbour)])
    }

    func placeGrid(_ item: RawItem, path: String, anchor: Anchor) -> (item: RawItem?, placements: [String: FieldPlacement]) {
        guard case let .rows(rows)? = item.rows, let columns = item.columns else { return (nil, [:]) }
        let labelColumn = item.labelColumn.flatMap { CellReference.columnNumber($0.uppercased()) } ?? 2
        var placements: [String: FieldPlacement] = [:]
        func cellsOf(_ row: RawGridRow) -> [(String, CellReference)] {
            columns.filter { !(row.skip ?? []).contains($0.key) }.compactMap { column in
                CellReference.columnNumber(column.column.uppercased()).map { ("\(path).\(row.key).\(column.key)", CellReference(row: row.row, column: $0)) }
            }
        }
        guard let shift = anchor.shift else {
            for row in rows { for (field, cell) in cellsOf(row) { placements[field] = missing(path: field, at: cell, anchor.problem ?? "not found") } }
            return (nil, placements)
        }
        // Rows: at the grid's shift, or (a row inserted inside the grid) wherever its label alone stands
        // in the label column, when the edition has that label once.
        var newRows: [String: (row: Int, method: FieldPlacement.Method)] = [:]
        var rowProblems: [String: String] = [:]
        for row in rows {
            guard let label = row.label else {
                newRows[row.key] = (row.row + shift.rows, .rowAndColumn)
                continue
            }
            let expected = CellReference(row: row.row + shift.rows, column: labelColumn + shift.columns)
            if texts.holds(label, at: expected) {
                newRows[row.key] = (expected.row, .rowAndColumn)
                continue
            }
            let found = texts.occurrences(of: label)
            if found.count == 1, baseCounts[LabelKey.of(label)] == 1, found[0].column == expected.column {
                newRows[row.key] = (found[0].row, .rowLabel)
            } else {
                rowProblems[row.key] = found.isEmpty ? "its row label \"\(label)\" is not on the sheet"
                    : "its row label \"\(label)\" is not where the rest of the grid is"
            }
        }
        // Columns: by their header in the grid's header row, else (no header) at the same offset from the row labels.
        var newColumns: [String: Int] = [:]
        var columnProblems: [String: String] = [:]
        let headerRow = item.headerRow.map { gridHeaderRow(columns, expected: $0 + shift.rows, above: newRows.values.map(\.row).min() ?? $0 + shift.rows) }
        for column in columns {
            guard let number = CellReference.columnNumber(column.column.uppercased()) else { continue }
            guard let row = headerRow, let label = column.label else {
                newColumns[column.key] = number + shift.columns
                continue
            }
            if texts.holds(label, at: CellReference(row: row, column: number + shift.columns)) {
                newColumns[column.key] = number + shift.columns
                continue
            }
            let inRow = texts.occurrences(of: label).filter { $0.row == row }
            if inRow.count == 1 { newColumns[column.key] = inRow[0].column } else {
                columnProblems[column.key] = inRow.isEmpty ? "its column header \"\(label)\" is not in the grid's header row"
                    : "its column header \"\(label)\" is in the header row \(inRow.count) times"
            }
        }
        var adaptedRows: [RawGridRow] = []
        for row in rows {
            var adaptedRow = row
            var kept = false
            for column in columns where !(row.skip ?? []).contains(column.key) {
                let field = "\(path).\(row.key).\(column.key)"
                guard let number = CellReference.columnNumber(column.column.uppercased()) else { continue }
                let cell = CellReference(row: row.row, column: number)
                if let problem = rowProblems[row.key] ?? columnProblems[column.key] {
                    placements[field] = missing(path: field, at: cell, problem)
                    adaptedRow.skip = (adaptedRow.skip ?? []) + [column.key]
                    continue
                }
                guard let newRow = newRows[row.key], let newColumn = newColumns[column.key] else { continue }
                let now = CellReference(row: newRow.row, column: newColumn)
                guard now.row >= 1, now.column >= 1, now.isInGrid else {
                    placements[field] = missing(path: field, at: cell, "its place would be outside the sheet")
                    adaptedRow.skip = (adaptedRow.skip ?? []) + [column.key]
                    continue
                }
                placements[field] = found(path: field, at: cell, now: now, newRow.method, byNeighbour: anchor.byNeighbour)
                kept = true
            }
            guard kept, let newRow = newRows[row.key] else { continue }
            adaptedRow.row = newRow.row
            if row.label != nil {
                adaptedRow.label = texts.text(at: CellReference(row: newRow.row, column: labelColumn + shift.columns)) ?? row.label
            }
            adaptedRows.append(adaptedRow)
        }
        let adaptedColumns = columns.compactMap { column -> RawColumn? in
            guard let number = newColumns[column.key] else { return nil }
            var adapted = column
            adapted.column = CellReference.columnName(number)
            if let headerRow, column.label != nil {
                adapted.label = texts.text(at: CellReference(row: headerRow, column: number)) ?? column.label
            }
            return adapted
        }
        guard !adaptedRows.isEmpty, !adaptedColumns.isEmpty, labelColumn + shift.columns >= 1 else { return (nil, placements) }
        var adapted = item
        adapted.rows = .rows(adaptedRows)
        adapted.columns = adaptedColumns
        adapted.headerRow = headerRow
        adapted.labelColumn = CellReference.columnName(labelColumn + shift.columns)
        return (adapted, placements)
    }

    /// A grid's header row: where the grid's shift puts it when half its headers are there, else the
    /// nearest row above the grid's rows (at most ten rows up) holding half of them.
    func gridHeaderRow(_ columns: [RawColumn], expected: Int, above firstRow: Int) -> Int {
        let headers = columns.compactMap(\.label)
        func holdsHalf(_ row: Int) -> Bool {
            headers.filter { header in texts.occurrences(of: header).contains { $0.row == row } }.count * 2 >= headers.count
        }
        guard !headers.isEmpty, !holdsHalf(expected) else { return expected }
        for row in stride(from: firstRow - 1, through: max(1, firstRow - 10), by: -1) where holdsHalf(row) { return row }
        return expected
    }

    func placeTable(_ item: RawItem, path: String, anchor: Anchor) -> (item: RawItem?, placements: [String: FieldPlacement]) {
        guard let columns = item.columns, let firstRow = item.firstRow, case let .capacity(capacity)? = item.rows else { return (nil, [:]) }
        var placements: [String: FieldPlacement] = [:]
        func cell(_ column: RawColumn) -> CellReference {
            CellReference(row: firstRow, column: CellReference.columnNumber(column.column.uppercased()) ?? 1)
        }
        guard let shift = anchor.shift, let headerRow = item.headerRow else {
            for column in columns {
                placements["\(path)[].\(column.key)"] = missing(path: "\(path)[].\(column.key)", at: cell(column), anchor.problem ?? "not found")
            }
            return (nil, placements)
        }
        let newHeaderRow = headerRow + shift.rows
        let newFirstRow = firstRow + shift.rows
        var adaptedColumns: [RawColumn] = []
        var used = Set<Int>()
        for column in columns {
            let field = "\(path)[].\(column.key)"
            let number: Int?
            if let label = column.label {
                let inRow = texts.occurrences(of: label).filter { $0.row == newHeaderRow }
                if inRow.count == 1 {
                    number = inRow[0].column
                } else {
                    placements[field] = missing(path: field, at: cell(column), inRow.isEmpty ? "its header \"\(label)\" is not in the table's header row"
                                                    : "its header \"\(label)\" is in the header row \(inRow.count) times")
                    continue
                }
            } else {
                number = CellReference.columnNumber(column.column.uppercased()).map { $0 + shift.columns }
            }
            guard let number, number >= 1, used.insert(number).inserted else {
                placements[field] = missing(path: field, at: cell(column), "another column of the table is in its place")
                continue
            }
            var adapted = column
            adapted.column = CellReference.columnName(number)
            if column.label != nil { adapted.label = texts.text(at: CellReference(row: newHeaderRow, column: number)) ?? column.label }
            adaptedColumns.append(adapted)
            placements[field] = found(path: field, at: cell(column), now: CellReference(row: newFirstRow, column: number),
                                      column.label == nil ? .besideLabel : .tableHeader, byNeighbour: anchor.byNeighbour)
        }
        let numbers = adaptedColumns.compactMap { CellReference.columnNumber($0.column) }
        guard let first = numbers.min(), let last = numbers.max(), newFirstRow >= 1 else { return (nil, placements) }
        let lastRow = tableEnd(from: newFirstRow, columns: first...last, capacity: capacity,
                               following: labelBelow(firstRow + capacity - 1, column: CellReference.columnNumber(columns[0].column.uppercased()) ?? 1))
        guard lastRow >= newFirstRow else {
            for column in adaptedColumns {
                let field = "\(path)[].\(column.key)"
                placements[field] = missing(path: field, at: placements[field]?.editionCell ?? CellReference(row: firstRow, column: 1),
                                            "the table has no rows between its header and what follows it")
            }
            return (nil, placements)
        }
        var adapted = item
        adapted.headerRow = newHeaderRow
        adapted.firstRow = newFirstRow
        adapted.rows = .capacity(lastRow - newFirstRow + 1)
        adapted.minimumRows = item.minimumRows.map { min($0, lastRow - newFirstRow + 1) }
        adapted.columns = adaptedColumns
        return (adapted, placements)
    }

    /// The first label of the edition below a table's last row, in its first column or the one before,
    /// with the blank rows between: a table ends as far above that label as it does in the edition.
    func labelBelow(_ lastRow: Int, column: Int) -> (key: String, gap: Int)? {
        let texts = base.labels.map { ($0.cell, $0.text) } + base.notes.map { ($0.cell, $0.text) }
        let below = texts.filter { $0.0.row > lastRow && ($0.0.column == column || $0.0.column == column - 1) }
            .min { $0.0.row < $1.0.row }
        return below.map { (LabelKey.of($0.1), $0.0.row - lastRow - 1) }
    }

    /// The last row of a table: above the next label of the sheet in its first column (or the column
    /// before it), or above a totals row; with nothing below, the edition's number of rows or the last
    /// row holding anything in the table's columns, whichever is further.
    func tableEnd(from firstRow: Int, columns: ClosedRange<Int>, capacity: Int, following: (key: String, gap: Int)?) -> Int {
        let edge = [columns.lowerBound - 1, columns.lowerBound].filter { $0 >= 1 }
        var lastFilled = firstRow + capacity - 1
        guard texts.lastRow >= firstRow else { return lastFilled }
        for row in firstRow...texts.lastRow {
            for column in edge {
                guard let text = texts.text(at: CellReference(row: row, column: column)) else { continue }
                let key = LabelKey.of(text)
                if baseCounts[key] != nil || key.hasPrefix("total") {
                    return row - 1 - (key == following?.key ? following?.gap ?? 0 : 0)
                }
            }
            if columns.contains(where: { texts.cells[CellReference(row: row, column: $0)] != nil }) { lastFilled = max(lastFilled, row) }
        }
        return lastFilled
    }

    /// The cells of an adapted table's rows, from its first column to its last.
    static func dataRange(_ table: RawItem) -> CellRange? {
        let numbers = (table.columns ?? []).compactMap { CellReference.columnNumber($0.column) }
        guard let firstRow = table.firstRow, case let .capacity(count)? = table.rows, let first = numbers.min(), let last = numbers.max() else {
            return nil
        }
        return CellRange(start: CellReference(row: firstRow, column: first), end: CellReference(row: firstRow + count - 1, column: last))
    }


    /// The cells an adapted item holds values in.
    func cells(of item: RawItem) -> [CellReference] {
        if item.path != nil { return item.cell.flatMap { CellReference($0) }.map { [$0] } ?? [] }
        if case let .rows(rows)? = item.rows, let columns = item.columns {
            return rows.flatMap { row in
                columns.filter { !(row.skip ?? []).contains($0.key) }.compactMap { column in
                    CellReference.columnNumber(column.column).map { CellReference(row: row.row, column: $0) }
                }
            }
        }
        if case let .capacity(count)? = item.rows, let firstRow = item.firstRow, let columns = item.columns {
            return columns.compactMap { CellReference.columnNumber($0.column) }.flatMap { column in
                (firstRow..<(firstRow + count)).map { CellReference(row: $0, column: column) }
            }
        }
        return []
    }

    /// The cells an adapted item holds labels in, with their text.
    func labels(of item: RawItem) -> [(CellReference, String)] {
        var labels: [(CellReference, String)] = []
        if let text = item.text, let cell = item.cell.flatMap({ CellReference($0) }) { labels.append((cell, text)) }
        if let label = item.label, let cell = (item.labelCell ?? item.cell).flatMap({ CellReference($0) }) {
            labels.append((item.labelCell == nil ? CellReference(row: cell.row, column: max(1, cell.column - 1)) : cell, label))
        }
        if let headerRow = item.headerRow {
            for column in item.columns ?? [] {
                if let label = column.label, let number = CellReference.columnNumber(column.column) {
                    labels.append((CellReference(row: headerRow, column: number), label))
                }
            }
        }
        if case let .rows(rows)? = item.rows {
            let labelColumn = item.labelColumn.flatMap { CellReference.columnNumber($0) } ?? 2
            for row in rows { if let label = row.label { labels.append((CellReference(row: row.row, column: labelColumn), label)) } }
        }
        return labels
    }
}
