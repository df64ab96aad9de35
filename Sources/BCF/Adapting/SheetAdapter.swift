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
    struct Anchor {
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

    func anchor(of item: RawItem) -> Anchor {
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
    func anchorLabel(of item: RawItem) -> (String, CellReference)? {
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

    func anchor(text: String, at cell: CellReference) -> Anchor {
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
    func gridAnchor(_ item: RawItem, path: String) -> Anchor {
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
    func tableAnchor(_ item: RawItem) -> Anchor {
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
    func resolveByNeighbours(_ anchors: inout [Anchor]) {
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
}
