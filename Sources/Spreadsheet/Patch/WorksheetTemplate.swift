/// One `<c>` element as found by the cursor: offsets into the part, with the children that matter.
struct CellTokens {
    let start: Int
    let end: Int
    let tag: XMLTag
    let attributes: [XMLAttribute]
    let reference: CellReference
    /// The whole `<f>` element, its start tag and attributes.
    var formula: (range: Range<Int>, tag: XMLTag, attributes: [XMLAttribute], text: Range<Int>)?
    var hasValue = false
    /// Children kept when the value goes (anything but `<f>`, `<v>`, `<is>`: in practice `<extLst>`).
    var kept: [Range<Int>] = []
}

/// A row of `<sheetData>`, as offsets into the (formula-stripped) worksheet part.
struct RowSpan: Sendable {
    let number: Int
    let start: Int
    let end: Int
}

/// A worksheet part ready to be patched: its bytes with the cached results of formulas removed, the
/// offsets of its rows, and what patching needs to know of its formulas. Built once per template; each
/// write splices the patched rows into a copy of the bytes, so the cost of a write is a copy of the part
/// plus the rows it touches.
struct WorksheetTemplate: Sendable {
    let file: String
    let sheet: String
    let part: String
    /// The part's bytes, without the cached results of formulas.
    let bytes: [UInt8]
    /// Whether `bytes` differ from the part in the template.
    let changed: Bool
    let rows: [RowSpan]
    /// Why the sheet cannot be patched, if it cannot (rows out of order, no `<sheetData>`).
    let unpatchableReason: String?
    /// `<sheetData>`: the offset of its end tag, or the range of its empty tag.
    let sheetDataEnd: Int
    let sheetDataEmptyTag: Range<Int>?
    /// The namespace prefix of the sheet's elements (`x:`), used for new elements.
    let prefix: [UInt8]
    let dimension: (value: Range<Int>, range: CellRange)?
    let columnStyles: [(min: Int, max: Int, style: [UInt8])]
    /// Shared formulas: the master's cell and formula text by `si`, and the cells that use each.
    let sharedMasters: [Int: (cell: CellReference, formula: String)]
    let sharedIndexByMaster: [CellReference: Int]
    let sharedDependents: [Int: [CellReference]]
    /// Ranges of array formulas and data tables (their first cell holds the formula).
    let arrayRanges: [CellRange]

    // MARK: - Reading the template

    /// Scans the part once: removes `<v>` (and `t`, `vm`, inline strings) from every formula cell and
    /// from the other cells of array formulas, and records rows and formulas.
    init(file: String, sheet: String, part: String, original: [UInt8]) throws {
        self.file = file
        self.sheet = sheet
        self.part = part
        var cursor = XMLByteCursor(bytes: original, file: file, part: part)
        var out: [UInt8] = []
        out.reserveCapacity(original.count)
        var copied = 0
        func outputOffset(_ offset: Int) -> Int { out.count + (offset - copied) }

        var rows: [RowSpan] = []
        var reason: String?
        var depth = 0
        var inCols = false
        var prefix: [UInt8] = []
        var dimension: (Range<Int>, CellRange)?
        var columnStyles: [(Int, Int, [UInt8])] = []
        var masters: [Int: (CellReference, String)] = [:]
        var masterIndex: [CellReference: Int] = [:]
        var dependents: [Int: [CellReference]] = [:]
        var arrays: [CellRange] = []
        var sheetDataEnd: Int?
        var sheetDataEmpty: Range<Int>?

        while let tag = try cursor.next() {
            if tag.kind == .close {
                depth -= 1
                if cursor.isElement(tag, "cols") { inCols = false }
                continue
            }
            if depth == 1, cursor.isElement(tag, "dimension") {
                let attributes = try cursor.attributes(of: tag)
                if let ref = cursor.attribute("ref", in: attributes), let range = CellRange(cursor.text(ref.value)) {
                    dimension = (ref.value, range)
                }
            } else if depth == 1, cursor.isElement(tag, "cols") {
                inCols = tag.kind == .open
            } else if inCols, depth == 2, cursor.isElement(tag, "col") {
                let attributes = try cursor.attributes(of: tag)
                if let style = cursor.attribute("style", in: attributes),
                   let min = cursor.attribute("min", in: attributes).flatMap({ Int(cursor.text($0.value)) }),
                   let max = cursor.attribute("max", in: attributes).flatMap({ Int(cursor.text($0.value)) }) {
                    columnStyles.append((min, max, Array(original[style.value])))
                }
            } else if depth == 1, cursor.isElement(tag, "sheetData") {
                prefix = cursor.prefix(of: tag)
                if tag.kind == .empty {
                    sheetDataEmpty = tag.start..<tag.end
                    continue
                }
                // The rows: each recorded in output offsets; cells rewritten where they hold cached results.
                var previousRow = 0
                while let rowTag = try cursor.next() {
                    if rowTag.kind == .close {
                        sheetDataEnd = outputOffset(rowTag.start)
                        break
                    }
                    guard cursor.isElement(rowTag, "row") else {
                        try cursor.skipContent(of: rowTag)
                        continue
                    }
                    let rowAttributes = try cursor.attributes(of: rowTag)
                    let number = cursor.attribute("r", in: rowAttributes).flatMap { Int(cursor.text($0.value)) } ?? previousRow + 1
                    if number <= previousRow || number > CellReference.maxRow {
                        reason = reason ?? "row \(number) comes after row \(previousRow)"
                    }
                    previousRow = number
                    let start = outputOffset(rowTag.start)
                    var previousColumn = 0
                    if rowTag.kind == .open {
                        while let cellTag = try cursor.next() {
                            if cellTag.kind == .close { break }
                            guard cursor.isElement(cellTag, "c") else {
                                try cursor.skipContent(of: cellTag)
                                continue
                            }
                            let cell = try Self.parseCell(cellTag, cursor: &cursor, row: number, previousColumn: previousColumn)
                            previousColumn = cell.reference.column
                            if let formula = cell.formula {
                                let attributes = formula.attributes
                                let kind = cursor.attribute("t", in: attributes).map { cursor.text($0.value) }
                                let ref = cursor.attribute("ref", in: attributes).flatMap { CellRange(cursor.text($0.value)) }
                                let index = cursor.attribute("si", in: attributes).flatMap { Int(cursor.text($0.value)) }
                                if kind == "shared", let index {
                                    if ref != nil, !formula.text.isEmpty {
                                        masters[index] = (cell.reference, cursor.text(formula.text))
                                        masterIndex[cell.reference] = index
                                    } else {
                                        dependents[index, default: []].append(cell.reference)
                                    }
                                } else if kind == "array" || kind == "dataTable", let ref {
                                    arrays.append(ref)
                                }
                            }
                            let inArray = cell.formula == nil && arrays.contains { $0.contains(cell.reference) && $0.start != cell.reference }
                            if cell.formula != nil || inArray, let stripped = Self.withoutCachedValue(cell, cursor: cursor) {
                                out.append(contentsOf: original[copied..<cell.start])
                                out.append(contentsOf: stripped)
                                copied = cell.end
                            }
                        }
                    }
                    rows.append(RowSpan(number: number, start: start, end: outputOffset(cursor.position)))
                }
                continue
            }
            if tag.kind == .open { depth += 1 }
        }
        out.append(contentsOf: original[copied...])

        if sheetDataEnd == nil && sheetDataEmpty == nil {
            reason = reason ?? "the part has no <sheetData>"
        }
        self.bytes = out
        self.changed = copied > 0
        self.rows = rows
        self.unpatchableReason = reason
        self.sheetDataEnd = sheetDataEnd ?? 0
        self.sheetDataEmptyTag = sheetDataEmpty
        self.prefix = prefix
        self.dimension = dimension.map { (value: $0.0, range: $0.1) }
        self.columnStyles = columnStyles.map { (min: $0.0, max: $0.1, style: $0.2) }
        self.sharedMasters = masters.mapValues { (cell: $0.0, formula: $0.1) }
        self.sharedIndexByMaster = masterIndex
        self.sharedDependents = dependents
        self.arrayRanges = arrays
    }

    /// Reads a `<c>` element whose start tag the cursor has just returned, leaving the cursor after it.
    static func parseCell(_ tag: XMLTag, cursor: inout XMLByteCursor, row: Int, previousColumn: Int) throws -> CellTokens {
        let attributes = try cursor.attributes(of: tag)
        var reference = CellReference(row: row, column: previousColumn + 1)
        if let r = cursor.attribute("r", in: attributes) {
            guard let parsed = CellReference(cursor.text(r.value)) else {
                throw cursor.malformed("the cell reference \"\(cursor.text(r.value))\" is not an A1 reference")
            }
            reference = parsed
        }
        guard reference.isInGrid else { throw cursor.malformed("a cell beyond column XFD") }
        var cell = CellTokens(start: tag.start, end: tag.end, tag: tag, attributes: attributes, reference: reference)
        guard tag.kind == .open else { return cell }
        while let child = try cursor.next() {
            if child.kind == .close {
                return CellTokens(start: tag.start, end: child.end, tag: tag, attributes: attributes, reference: reference,
                                  formula: cell.formula, hasValue: cell.hasValue, kept: cell.kept)
            }
            let closeStart = try cursor.skipContent(of: child)
            let range = child.start..<cursor.position
            if cursor.isElement(child, "f") {
                let text = child.kind == .open ? child.end..<closeStart : child.end..<child.end
                cell.formula = (range, child, try cursor.attributes(of: child), text)
            } else if cursor.isElement(child, "v") || cursor.isElement(child, "is") {
                cell.hasValue = true
            } else {
                cell.kept.append(range)
            }
        }
        throw cursor.malformed("a <c> element is not closed")
    }

    /// The cell without its cached result: no `t`, `vm`, `<v>` or `<is>`; nil when there is nothing to remove.
    static func withoutCachedValue(_ cell: CellTokens, cursor: XMLByteCursor) -> [UInt8]? {
        let dropped = cell.attributes.filter { cursor.equals($0.local, "t") || cursor.equals($0.local, "vm") }
        guard cell.hasValue || !dropped.isEmpty else { return nil }
        let bytes = cursor.bytes
        var out: [UInt8] = [UInt8(ascii: "<")]
        out.append(contentsOf: bytes[cell.tag.name])
        for attribute in cell.attributes where !dropped.contains(where: { $0.whole == attribute.whole }) {
            out.append(UInt8(ascii: " "))
            out.append(contentsOf: bytes[attribute.whole])
        }
        let children = ([cell.formula?.range].compactMap { $0 } + cell.kept).sorted { $0.lowerBound < $1.lowerBound }
        if children.isEmpty {
            out.append(contentsOf: "/>".utf8)
            return out
        }
        out.append(UInt8(ascii: ">"))
        for child in children { out.append(contentsOf: bytes[child]) }
        out.append(contentsOf: "</".utf8)
        out.append(contentsOf: bytes[cell.tag.name])
        out.append(UInt8(ascii: ">"))
        return out
    }
}

// MARK: - Patching

/// A validated value, ready to be written.
enum CellContent {
    case number(String)
    case inlineText([UInt8])
    case boolean(Bool)
    case blank
}

extension WorksheetTemplate {
    /// The part with the given cells set (sorted by cell, checked, no duplicates), and whether any
    /// patched cell held a formula.
    func patched(_ cells: [(CellReference, CellContent)]) throws -> (bytes: [UInt8], replacedFormula: Bool) {
        if let unpatchableReason {
            throw PatchError.sheetNotPatchable(file: file, sheet: sheet, part: part, reason: unpatchableReason)
        }
        for (reference, _) in cells {
            if let range = arrayRanges.first(where: { $0.contains(reference) && $0.start != reference }) {
                throw PatchError.insideArrayFormula(file: file, sheet: sheet, cell: reference, range: range)
            }
        }
        let patchedSet = Set(cells.map(\.0))
        // Patching the master of a shared formula removes the text its other cells borrow: those cells
        // get the formula written out in full, shifted as the reader shifts it.
        var conversions: [CellReference: String] = [:]
        for (reference, _) in cells {
            guard let index = sharedIndexByMaster[reference], let master = sharedMasters[index] else { continue }
            for dependent in sharedDependents[index] ?? [] where !patchedSet.contains(dependent) {
                conversions[dependent] = FormulaShifter.shift(master.formula, rows: dependent.row - master.cell.row,
                                                             columns: dependent.column - master.cell.column)
            }
        }
        var byRow: [Int: [(Int, CellContent)]] = [:]
        for (reference, content) in cells { byRow[reference.row, default: []].append((reference.column, content)) }
        var conversionsByRow: [Int: [Int: String]] = [:]
        for (reference, formula) in conversions { conversionsByRow[reference.row, default: [:]][reference.column] = formula }

        var edits: [(range: Range<Int>, bytes: [UInt8])] = []
        var newRows: [(insertAt: Int, bytes: [UInt8])] = []
        var replacedFormula = false
        var written: [CellReference] = []
        for number in Set(byRow.keys).union(conversionsByRow.keys).sorted() {
            let patches = byRow[number] ?? []
            if let index = rowIndex(number) {
                let row = rows[index]
                let rebuilt = try rebuildRow(row, patches: patches, conversions: conversionsByRow[number] ?? [:],
                                             replacedFormula: &replacedFormula, written: &written)
                edits.append((row.start..<row.end, rebuilt))
            } else {
                let cellsToWrite = patches.filter { if case .blank = $0.1 { return false } else { return true } }
                guard !cellsToWrite.isEmpty else { continue }
                var out: [UInt8] = []
                out.append(UInt8(ascii: "<"))
                out.append(contentsOf: prefix)
                out.append(contentsOf: "row r=\"\(number)\">".utf8)
                for (column, content) in cellsToWrite {
                    let reference = CellReference(row: number, column: column)
                    appendCell(reference, style: columnStyle(column), content: content, to: &out)
                    written.append(reference)
                }
                out.append(contentsOf: "</".utf8)
                out.append(contentsOf: prefix)
                out.append(contentsOf: "row>".utf8)
                let insertAt = rows.first(where: { $0.number > number })?.start ?? sheetDataEnd
                newRows.append((insertAt, out))
            }
        }
        if let empty = sheetDataEmptyTag {
            // `<sheetData/>`: every new row goes into a new element.
            guard !newRows.isEmpty else { return (bytes, replacedFormula) }
            var out: [UInt8] = [UInt8(ascii: "<")]
            out.append(contentsOf: prefix)
            out.append(contentsOf: "sheetData>".utf8)
            for row in newRows { out.append(contentsOf: row.bytes) }
            out.append(contentsOf: "</".utf8)
            out.append(contentsOf: prefix)
            out.append(contentsOf: "sheetData>".utf8)
            edits.append((empty, out))
        } else {
            for row in newRows { edits.append((row.insertAt..<row.insertAt, row.bytes)) }
        }
        if let dimension, !written.isEmpty {
            var top = dimension.range.start, bottom = dimension.range.end
            for cell in written {
                top = CellReference(row: min(top.row, cell.row), column: min(top.column, cell.column))
                bottom = CellReference(row: max(bottom.row, cell.row), column: max(bottom.column, cell.column))
            }
            let grown = CellRange(start: top, end: bottom)
            if grown != dimension.range { edits.append((dimension.value, Array(grown.description.utf8))) }
        }
        // Rows are edited in order and new rows inserted before the row that follows them, so sorting by
        // offset (stable for insertions at one offset, which were made in row order) gives the document order.
        let ordered = edits.enumerated().sorted { ($0.element.range.lowerBound, $0.offset) < ($1.element.range.lowerBound, $1.offset) }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 4096)
        var copied = 0
        for (_, edit) in ordered {
            out.append(contentsOf: bytes[copied..<edit.range.lowerBound])
            out.append(contentsOf: edit.bytes)
            copied = edit.range.upperBound
        }
        out.append(contentsOf: bytes[copied...])
        return (out, replacedFormula)
    }

    private func rowIndex(_ number: Int) -> Int? {
        var low = 0, high = rows.count - 1
        while low <= high {
            let middle = (low + high) / 2
            if rows[middle].number == number { return middle }
            if rows[middle].number < number { low = middle + 1 } else { high = middle - 1 }
        }
        return nil
    }

    private func columnStyle(_ column: Int) -> [UInt8]? {
        columnStyles.first { $0.min <= column && column <= $0.max }?.style
    }

    /// The row element rebuilt: patched cells replaced or inserted in column order, converted shared
    /// formulas written out, every other byte as it was.
    private func rebuildRow(_ row: RowSpan, patches: [(Int, CellContent)], conversions: [Int: String],
                            replacedFormula: inout Bool, written: inout [CellReference]) throws -> [UInt8] {
        var cursor = XMLByteCursor(bytes: bytes, file: file, part: part, from: row.start)
        guard let rowTag = try cursor.next(), cursor.isElement(rowTag, "row") else { throw cursor.malformed("a row moved") }
        let rowAttributes = try cursor.attributes(of: rowTag)
        // A new cell takes the row's style when the row has one, else its column's, as Excel does.
        var rowStyle: [UInt8]?
        if let custom = cursor.attribute("customFormat", in: rowAttributes), ["1", "true"].contains(cursor.text(custom.value)),
           let style = cursor.attribute("s", in: rowAttributes) {
            rowStyle = Array(bytes[style.value])
        }
        var cells: [CellTokens] = []
        var closeStart = row.end
        if rowTag.kind == .open {
            var previousColumn = 0
            while let tag = try cursor.next() {
                if tag.kind == .close {
                    closeStart = tag.start
                    break
                }
                guard cursor.isElement(tag, "c") else {
                    try cursor.skipContent(of: tag)
                    continue
                }
                let cell = try Self.parseCell(tag, cursor: &cursor, row: row.number, previousColumn: previousColumn)
                guard cell.reference.column > previousColumn, cell.reference.row == row.number else {
                    throw PatchError.sheetNotPatchable(file: file, sheet: sheet, part: part,
                                                       reason: "cell \(cell.reference) is out of order in row \(row.number)")
                }
                previousColumn = cell.reference.column
                cells.append(cell)
            }
        }
        var out: [UInt8] = []
        var inserted = false
        var copied = rowTag.end
        var pending = patches[...]
        func insertPending(before column: Int) {
            while let next = pending.first, next.0 < column {
                pending.removeFirst()
                if case .blank = next.1 { continue }
                let reference = CellReference(row: row.number, column: next.0)
                appendCell(reference, style: rowStyle ?? columnStyle(next.0), content: next.1, to: &out)
                written.append(reference)
                inserted = true
            }
        }
        for cell in cells {
            let column = cell.reference.column
            if let next = pending.first, next.0 <= column {
                out.append(contentsOf: bytes[copied..<cell.start])
                copied = cell.start
                insertPending(before: column)
            }
            if let next = pending.first, next.0 == column {
                pending.removeFirst()
                out.append(contentsOf: bytes[copied..<cell.start])
                let style = cursor.attribute("s", in: cell.attributes).map { Array(bytes[$0.value]) }
                appendCell(cell.reference, style: style, content: next.1, to: &out)
                if case .blank = next.1 {} else { written.append(cell.reference) }
                if cell.formula != nil { replacedFormula = true }
                copied = cell.end
            } else if let formula = conversions[column], let f = cell.formula {
                out.append(contentsOf: bytes[copied..<f.range.lowerBound])
                out.append(UInt8(ascii: "<"))
                out.append(contentsOf: bytes[f.tag.name])
                for attribute in f.attributes where !(cursor.equals(attribute.local, "t") || cursor.equals(attribute.local, "si")
                                                      || cursor.equals(attribute.local, "ref")) {
                    out.append(UInt8(ascii: " "))
                    out.append(contentsOf: bytes[attribute.whole])
                }
                out.append(UInt8(ascii: ">"))
                XMLText.appendEscaped(formula, to: &out)
                out.append(contentsOf: "</".utf8)
                out.append(contentsOf: bytes[f.tag.name])
                out.append(UInt8(ascii: ">"))
                copied = f.range.upperBound
            }
        }
        if rowTag.kind == .open {
            // Whatever follows the last cell (an `<extLst>`, white space) stays after the new cells.
            out.append(contentsOf: bytes[copied..<closeStart])
            insertPending(before: Int.max)
            out.append(contentsOf: bytes[closeStart..<row.end])
        } else {
            insertPending(before: Int.max)
            out.append(contentsOf: "</".utf8)
            out.append(contentsOf: bytes[rowTag.name])
            out.append(UInt8(ascii: ">"))
        }
        // The start tag, without `spans` (an optional hint) when a new cell could contradict it.
        var start: [UInt8] = [UInt8(ascii: "<")]
        start.append(contentsOf: bytes[rowTag.name])
        for attribute in rowAttributes where !(inserted && cursor.equals(attribute.local, "spans")) {
            start.append(UInt8(ascii: " "))
            start.append(contentsOf: bytes[attribute.whole])
        }
        start.append(UInt8(ascii: ">"))
        return start + out
    }

    private func appendCell(_ reference: CellReference, style: [UInt8]?, content: CellContent, to out: inout [UInt8]) {
        let c = prefix + Array("c".utf8)
        out.append(UInt8(ascii: "<"))
        out.append(contentsOf: c)
        out.append(contentsOf: " r=\"\(reference)\"".utf8)
        if let style {
            out.append(contentsOf: " s=\"".utf8)
            out.append(contentsOf: style)
            out.append(UInt8(ascii: "\""))
        }
        switch content {
        case .blank:
            out.append(contentsOf: "/>".utf8)
            return
        case let .number(text):
            out.append(UInt8(ascii: ">"))
            appendElement("v", text: Array(text.utf8), to: &out)
        case let .boolean(flag):
            out.append(contentsOf: " t=\"b\">".utf8)
            appendElement("v", text: flag ? [UInt8(ascii: "1")] : [UInt8(ascii: "0")], to: &out)
        case let .inlineText(escaped):
            out.append(contentsOf: " t=\"inlineStr\"><".utf8)
            out.append(contentsOf: prefix)
            out.append(contentsOf: "is><".utf8)
            out.append(contentsOf: prefix)
            out.append(contentsOf: "t xml:space=\"preserve\">".utf8)
            out.append(contentsOf: escaped)
            out.append(contentsOf: "</".utf8)
            out.append(contentsOf: prefix)
            out.append(contentsOf: "t></".utf8)
            out.append(contentsOf: prefix)
            out.append(contentsOf: "is>".utf8)
        }
        out.append(contentsOf: "</".utf8)
        out.append(contentsOf: c)
        out.append(UInt8(ascii: ">"))
    }

    private func appendElement(_ local: String, text: [UInt8], to out: inout [UInt8]) {
        out.append(UInt8(ascii: "<"))
        out.append(contentsOf: prefix)
        out.append(contentsOf: local.utf8)
        out.append(UInt8(ascii: ">"))
        out.append(contentsOf: text)
        out.append(contentsOf: "</".utf8)
        out.append(contentsOf: prefix)
        out.append(contentsOf: local.utf8)
        out.append(UInt8(ascii: ">"))
    }
}
