import Foundation
import Spreadsheet

/// How a label is compared when looking for it in a layout never seen: letters and digits only, in lower
/// case, so that case, spacing, punctuation, curly quotes and a trailing colon are all forgiven.
enum LabelKey {
    static func of(_ text: String) -> String {
        // Labels are nearly always ASCII, where a byte test does what Unicode's properties would.
        if text.utf8.allSatisfy({ $0 < 0x80 }) {
            var bytes: [UInt8] = []
            bytes.reserveCapacity(text.utf8.count)
            for byte in text.utf8 {
                switch byte {
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"): bytes.append(byte)
                case UInt8(ascii: "A")...UInt8(ascii: "Z"): bytes.append(byte + 32)
                default: continue
                }
            }
            return String(decoding: bytes, as: UTF8.self)
        }
        var key = String.UnicodeScalarView()
        for scalar in text.unicodeScalars where scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
            key.append(contentsOf: scalar.properties.lowercaseMapping.unicodeScalars)
        }
        return String(key)
    }
}

/// Every cell of one worksheet, with its texts indexed by label key: what the adapter searches.
struct SheetTexts {
    let name: String
    let cells: [CellReference: Cell]
    /// Label key to the cells holding it, rows then columns.
    let cellsByKey: [String: [CellReference]]
    let lastRow: Int

    init(name: String, cells: [CellReference: Cell]) {
        self.name = name
        self.cells = cells
        var index: [String: [CellReference]] = [:]
        for (reference, cell) in cells {
            guard case let .text(text)? = cell.value else { continue }
            // A checklist line repeats a field's label with the field's cell beside it ("2. Cover!C6"):
            // it is not where the label stands.
            if case let .text(next)? = cells[CellReference(row: reference.row, column: reference.column + 1)]?.value,
               Self.isCellReference(next) {
                continue
            }
            let key = LabelKey.of(text)
            if !key.isEmpty { index[key, default: []].append(reference) }
        }
        cellsByKey = index.mapValues { $0.sorted() }
        lastRow = cells.keys.map(\.row).max() ?? 0
    }

    /// The same sheet without the cells inside `ranges`.
    func excluding(_ ranges: [CellRange]) -> SheetTexts {
        SheetTexts(name: name, cells: cells.filter { entry in !ranges.contains { $0.contains(entry.key) } })
    }

    /// `2. Cover!C6` or `'2. Cover'!$C$6`: a sheet and a cell, as a checklist's "Cell reference" column shows them.
    static func isCellReference(_ text: String) -> Bool {
        guard let bang = text.lastIndex(of: "!"), bang != text.startIndex else { return false }
        let cell = text[text.index(after: bang)...].replacingOccurrences(of: "$", with: "")
        return CellReference(cell.uppercased()) != nil
    }

    func text(at reference: CellReference) -> String? {
        guard case let .text(text)? = cells[reference]?.value else { return nil }
        return text
    }

    func occurrences(of text: String) -> [CellReference] { cellsByKey[LabelKey.of(text)] ?? [] }

    /// Whether the cell holds exactly this label, forgiving case, spacing and punctuation.
    func holds(_ label: String, at reference: CellReference) -> Bool {
        guard let found = text(at: reference) else { return false }
        let key = LabelKey.of(label)
        return !key.isEmpty && LabelKey.of(found) == key
    }

    static func read(_ workbook: Workbook) throws -> [SheetTexts] {
        try workbook.sheets.filter { $0.kind == .worksheet }.map { info in
            var cells: [CellReference: Cell] = [:]
            try workbook.forEachCell(in: info) { cell in
                cells[cell.reference] = cell
                return true
            }
            return SheetTexts(name: info.name, cells: cells)
        }
    }
}
