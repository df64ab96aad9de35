import Foundation
import Spreadsheet

/// How far a section moved: rows and columns inserted above and beside it.
struct Shift: Hashable, Sendable {
    var rows: Int
    var columns: Int

    static let none = Shift(rows: 0, columns: 0)

    init(rows: Int, columns: Int) {
        self.rows = rows
        self.columns = columns
    }

    init(from base: CellReference, to found: CellReference) {
        self.init(rows: found.row - base.row, columns: found.column - base.column)
    }

    func apply(_ cell: CellReference) -> CellReference? {
        let moved = CellReference(row: cell.row + rows, column: cell.column + columns)
        return moved.row >= 1 && moved.column >= 1 && moved.isInGrid ? moved : nil
    }
}

/// Finds the items of one edition sheet (fields, grids, tables, static text) in the worksheet that holds
/// it, and rewrites the sheet's definition with the places found. Each item is found by its labels: a label
/// the edition has once must be there once; a label the edition itself repeats (a "Total" row, the same
/// headers over several income tables) is told apart by the section beside it, which must have moved by
/// the same rows and columns. Whatever cannot be found that way is left out and listed, never placed by
/// position alone.
struct SheetAdapter {
    let base: SheetDefinition
    let raw: RawSheet
    let texts: SheetTexts
    /// How many times each label key stands on the edition's sheet.
    let baseCounts: [String: Int]

    /// The sheet rewritten, and where each field was found or why not.
    struct Result {
        var sheet: RawSheet
        var placements: [String: FieldPlacement]
    }

    /// What an item's labels say about where it is.
    private struct Anchor {
        var shift: Shift?
        var candidates: [Shift] = []
        var problem: String?
        var exact = true
        var byNeighbour = false
    }

    init(base: SheetDefinition, raw: RawSheet, texts: SheetTexts) {
        self.base = base
        self.raw = raw
        self.texts = texts
        var labels: [CellReference: String] = [:]
        for label in base.labels { labels[label.cell] = label.text }
        for note in base.notes { labels[note.cell] = note.text }
        var counts: [String: Int] = [:]
        for text in labels.values { counts[LabelKey.of(text), default: 0] += 1 }
        if raw.content?.contains(where: { $0.checklist == true }) == true { counts[LabelKey.of(Self.checklistLabel), default: 0] += 1 }
        baseCounts = counts
    }

    func adapt() -> Result {
        let items = raw.content ?? []
        var anchors = items.map(anchor(of:))
        resolveByNeighbours(&anchors)
        // What is typed into a table can repeat a label of the sheet (a scheme's source of funding reads
        // like a row of the running balances), so everything else is looked for outside the tables found.
        let tables: [CellRange] = zip(items, anchors).compactMap { item, anchor in
            item.table == nil ? nil : place(item, anchor: anchor).item.flatMap(Self.dataRange)
        }
        let outside = tables.isEmpty ? self : SheetAdapter(base: base, raw: raw, texts: texts.excluding(tables))
        if !tables.isEmpty {
            anchors = zip(items, anchors).map { item, anchor in item.table == nil ? outside.anchor(of: item) : anchor }
            outside.resolveByNeighbours(&anchors)
        }
        var placements: [String: FieldPlacement] = [:]
        var content: [RawItem] = []
        var claims = Claims()
        for (item, anchor) in zip(items, anchors) {
            let placed = item.table == nil ? outside.place(item, anchor: anchor) : place(item, anchor: anchor)
            let owner = item.path ?? item.grid ?? item.table ?? item.text ?? ""
            if let adapted = placed.item, let overlap = claims.claim(cells(of: adapted), labels: labels(of: adapted), owner: owner) {
                for (path, old) in placed.placements {
                    placements[path] = missing(path: path, at: old.editionCell, "it would overlap \(overlap) where it was found")
                }
                continue
            }
            placements.merge(placed.placements) { $1 }
            if let adapted = placed.item { content.append(adapted) }
        }
        var sheet = raw
        sheet.name = texts.name
        sheet.content = content
        return Result(sheet: sheet, placements: placements)
    }

    // MARK: - Anchors

    /// The text a checklist block starts with, at its cell.
    static let checklistLabel = "Template status:"

    private func anchor(of item: RawItem) -> Anchor {
        if item.checklist == true, let cell = item.cell.flatMap({ CellReference($0.uppercased()) }) {
            return anchor(text: Self.checklistLabel, at: cell)
        }
        if item.path != nil || item.text != nil {
            guard let (text, cell) = anchorLabel(of: item) else {
                return Anchor(problem: "it has no label beside it to find it by")
            }
            return anchor(text: text, at: cell)
        }
        if let grid = item.grid { return gridAnchor(item, path: grid) }
        if item.table != nil { return tableAnchor(item) }
        return Anchor(problem: "nothing to find it by")
    }

    /// The label a single field or text is found by: its own, else the label to its left on the same row.
    private func anchorLabel(of item: RawItem) -> (String, CellReference)? {
        guard let cellText = item.cell, let cell = CellReference(cellText.uppercased()) else { return nil }
        if let text = item.text { return (text, cell) }
        if let label = item.label {
            let labelCell = item.labelCell.flatMap { CellReference($0.uppercased()) }
                ?? CellReference(row: cell.row, column: max(1, cell.column - 1))
            return (label, labelCell)
        }
        let left = base.labels.filter { $0.cell.row == cell.row && $0.cell.column < cell.column }.max { $0.cell.column < $1.cell.column }
        return left.map { ($0.text, $0.cell) }
    }

    private func anchor(text: String, at cell: CellReference) -> Anchor {
        let found = texts.occurrences(of: text)
        let inEdition = baseCounts[LabelKey.of(text)] ?? 1
        guard !found.isEmpty else { return Anchor(problem: "its label \"\(text)\" is not on the sheet") }
        let exact = found.count == 1 && texts.text(at: found[0]) == text
        if inEdition <= 1 {
            guard found.count == 1 else {
                return Anchor(problem: "its label \"\(text)\" is there \(found.count) times (\(found.map(\.description).joined(separator: ", "))), so it is ambiguous")
            }
            return Anchor(shift: Shift(from: cell, to: found[0]), exact: exact)
        }
        guard found.count <= inEdition else {
            return Anchor(problem: "its label \"\(text)\" is there \(found.count) times, more than the \(inEdition) of the edition, so it is ambiguous")
        }
        return Anchor(candidates: found.map { Shift(from: cell, to: $0) }, exact: exact)
    }

    /// A grid moves as one: each row label and header votes for the shift that would bring it where it
    /// stands, and the shift with most votes wins.
    private func gridAnchor(_ item: RawItem, path: String) -> Anchor {
        guard case let .rows(rows)? = item.rows else { return Anchor(problem: "the grid has no rows") }
        let labelColumn = item.labelColumn.flatMap { CellReference.columnNumber($0.uppercased()) } ?? 2
        var labels: [(String, CellReference)] = rows.compactMap { row in row.label.map { ($0, CellReference(row: row.row, column: labelColumn)) } }
        // Rows can be inserted between a grid's header and its rows: the rows' labels place the grid, and
        // its headers only when its rows have none.
        if labels.isEmpty, let headerRow = item.headerRow {
            for column in item.columns ?? [] {
                if let label = column.label, let number = CellReference.columnNumber(column.column.uppercased()) {
                    labels.append((label, CellReference(row: headerRow, column: number)))
                }
            }
        }
        var votes: [Shift: Int] = [:]
        var repeatedBeyondEdition = false
        for (text, cell) in labels {
            let found = texts.occurrences(of: text)
            if found.count > (baseCounts[LabelKey.of(text)] ?? 1) { repeatedBeyondEdition = true }
            for place in found { votes[Shift(from: cell, to: place), default: 0] += 1 }
        }
        guard let most = votes.values.max() else { return Anchor(problem: "none of the grid's labels is on the sheet") }
        let best = votes.filter { $0.value == most }.map(\.key).sorted { ($0.rows, $0.columns) < ($1.rows, $1.columns) }
        if best.count == 1 { return Anchor(shift: best[0]) }
        if repeatedBeyondEdition { return Anchor(problem: "the grid's labels are there more often than in the edition, so it is ambiguous") }
        return Anchor(candidates: best)
    }

    /// A table is found by its header row: the row holding the most of its headers (at least half).
    private func tableAnchor(_ item: RawItem) -> Anchor {
        guard let headerRow = item.headerRow else { return Anchor(problem: "the table has no header row to find it by") }
        let headers: [(String, Int)] = (item.columns ?? []).compactMap { column in
            guard let label = column.label, let number = CellReference.columnNumber(column.column.uppercased()) else { return nil }
            return (label, number)
        }
        guard !headers.isEmpty else { return Anchor(problem: "the table has no headers to find it by") }
        var byRow: [Int: [(Int, CellReference)]] = [:]
        for (column, header) in headers.enumerated() {
            for place in texts.occurrences(of: header.0) { byRow[place.row, default: []].append((column, place)) }
        }
        let counts = byRow.mapValues { Set($0.map(\.0)).count }
        guard let most = counts.values.max(), most * 2 >= headers.count else {
            return Anchor(problem: "no row holds half of its headers (\(headers.map { "\"\($0.0)\"" }.joined(separator: ", ")))")
        }
        let rows = counts.filter { $0.value == most }.map(\.key).sorted()
        let shifts: [Shift] = rows.compactMap { row in
            guard let first = byRow[row]?.min(by: { $0.0 < $1.0 }) else { return nil }
            return Shift(rows: row - headerRow, columns: first.1.column - headers[first.0].1)
        }
        if shifts.count == 1 { return Anchor(shift: shifts[0]) }
        let inEdition = headers.map { baseCounts[LabelKey.of($0.0)] ?? 1 }.min() ?? 1
        guard shifts.count <= inEdition else {
            return Anchor(problem: "its header row is there \(shifts.count) times, more than in the edition, so it is ambiguous")
        }
        return Anchor(candidates: shifts)
    }

    /// An item whose labels the edition repeats takes the candidate shift that a placed neighbour (the
    /// nearest item before or after it on the sheet) also has; exactly one must fit.
    private func resolveByNeighbours(_ anchors: inout [Anchor]) {
        var changed = true
        while changed {
            changed = false
            for index in anchors.indices where anchors[index].shift == nil && !anchors[index].candidates.isEmpty {
                let before = anchors[..<index].last { $0.shift != nil }?.shift
                let after = anchors[(index + 1)...].first { $0.shift != nil }?.shift
                let fitting = Set(anchors[index].candidates.filter { $0 == before || $0 == after })
                if fitting.count == 1, let shift = fitting.first {
                    anchors[index].shift = shift
                    anchors[index].byNeighbour = true
                    changed = true
                }
            }
        }
        for index in anchors.indices where anchors[index].shift == nil && anchors[index].problem == nil {
            anchors[index].problem = "its labels appear \(anchors[index].candidates.count) times and no neighbouring section tells them apart, so it is ambiguous"
        }
    }

    // MARK: - Placing

    private func missing(path: String, at cell: CellReference, _ problem: String) -> FieldPlacement {
        FieldPlacement(path: path, required: false, editionSheet: base.name, editionCell: cell, sheet: nil, cell: nil,
                       method: nil, byNeighbour: false, problem: problem)
    }

    private func found(path: String, at cell: CellReference, now: CellReference, _ method: FieldPlacement.Method, byNeighbour: Bool) -> FieldPlacement {
        FieldPlacement(path: path, required: false, editionSheet: base.name, editionCell: cell, sheet: texts.name, cell: now,
                       method: method, byNeighbour: byNeighbour, problem: nil)
    }

    private func place(_ item: RawItem, anchor: Anchor) -> (item: RawItem?, placements: [String: FieldPlacement]) {
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

    private func placeField(_ item: RawItem, path: String, anchor: Anchor) -> (item: RawItem?, placements: [String: FieldPlacement]) {
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

    private func placeGrid(_ item: RawItem, path: String, anchor: Anchor) -> (item: RawItem?, placements: [String: FieldPlacement]) {
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
    private func gridHeaderRow(_ columns: [RawColumn], expected: Int, above firstRow: Int) -> Int {
        let headers = columns.compactMap(\.label)
        func holdsHalf(_ row: Int) -> Bool {
            headers.filter { header in texts.occurrences(of: header).contains { $0.row == row } }.count * 2 >= headers.count
        }
        guard !headers.isEmpty, !holdsHalf(expected) else { return expected }
        for row in stride(from: firstRow - 1, through: max(1, firstRow - 10), by: -1) where holdsHalf(row) { return row }
        return expected
    }

    private func placeTable(_ item: RawItem, path: String, anchor: Anchor) -> (item: RawItem?, placements: [String: FieldPlacement]) {
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
    private func labelBelow(_ lastRow: Int, column: Int) -> (key: String, gap: Int)? {
        let texts = base.labels.map { ($0.cell, $0.text) } + base.notes.map { ($0.cell, $0.text) }
        let below = texts.filter { $0.0.row > lastRow && ($0.0.column == column || $0.0.column == column - 1) }
            .min { $0.0.row < $1.0.row }
        return below.map { (LabelKey.of($0.1), $0.0.row - lastRow - 1) }
    }

    /// The last row of a table: above the next label of the sheet in its first column (or the column
    /// before it), or above a totals row; with nothing below, the edition's number of rows or the last
    /// row holding anything in the table's columns, whichever is further.
    private func tableEnd(from firstRow: Int, columns: ClosedRange<Int>, capacity: Int, following: (key: String, gap: Int)?) -> Int {
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
    private static func dataRange(_ table: RawItem) -> CellRange? {
        let numbers = (table.columns ?? []).compactMap { CellReference.columnNumber($0.column) }
        guard let firstRow = table.firstRow, case let .capacity(count)? = table.rows, let first = numbers.min(), let last = numbers.max() else {
            return nil
        }
        return CellRange(start: CellReference(row: firstRow, column: first), end: CellReference(row: firstRow + count - 1, column: last))
    }

    // MARK: - Overlaps

    /// The cells an adapted item holds values in.
    private func cells(of item: RawItem) -> [CellReference] {
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
    private func labels(of item: RawItem) -> [(CellReference, String)] {
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

/// The cells already given to an item of the adapted sheet, so that two items found in one place are
/// caught here rather than by the compiler.
private struct Claims {
    var values: [CellReference: String] = [:]
    var labels: [CellReference: (text: String, owner: String)] = [:]

    /// Claims the cells for `owner`, or names what is already there.
    mutating func claim(_ cells: [CellReference], labels newLabels: [(CellReference, String)], owner: String) -> String? {
        for cell in cells {
            if let other = values[cell], other != owner { return "\(other) at \(cell)" }
            if let label = labels[cell] { return "the label \"\(label.text)\" at \(cell)" }
        }
        for (cell, text) in newLabels {
            if let other = values[cell] { return "\(other) at \(cell)" }
            if let label = labels[cell], label.text != text { return "the label \"\(label.text)\" at \(cell)" }
        }
        for cell in cells { values[cell] = owner }
        for (cell, text) in newLabels { labels[cell] = (text, owner) }
        return nil
    }
}
