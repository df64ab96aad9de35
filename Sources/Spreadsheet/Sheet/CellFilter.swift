/// The cells a reading of a sheet builds when not every one; the others are skipped as they are parsed.
enum CellFilter: Sendable {
    /// A few chosen cells.
    case cells(CellLookup)
    /// The cells inside any of these ranges.
    case ranges([CellRange])

    @inline(__always)
    func contains(_ reference: CellReference) -> Bool {
        switch self {
        case let .cells(lookup): lookup.contains(reference)
        case let .ranges(ranges): ranges.contains { $0.contains(reference) }
        }
    }
}

/// Whether a cell is one of a few chosen ones, asked of every cell of a sheet as it is parsed: a bit per
/// column in a word per row answers for the first 64 columns of the first 65,536 rows (every cell a
/// template's definition looks at) with one load, and a set holds any others.
struct CellLookup: Sendable {
    /// The last row a chosen cell is in.
    let lastRow: Int
    /// Bit `column - 1` of `masks[row]`, for columns 1 to 64.
    private let masks: [UInt64]
    /// The chosen cells the masks do not cover.
    private let others: Set<CellReference>

    private static let maskedRows = 1 << 16

    /// nil when there are no cells to choose.
    init?(_ references: Set<CellReference>) {
        var lastRow = Int.min
        for reference in references where reference.row > lastRow { lastRow = reference.row }
        guard lastRow > Int.min else { return nil }
        self.lastRow = lastRow
        var masks = [UInt64](repeating: 0, count: max(0, min(lastRow, Self.maskedRows) + 1))
        var others = Set<CellReference>()
        for reference in references {
            if reference.row >= 0, reference.row < masks.count, reference.column >= 1, reference.column <= 64 {
                masks[reference.row] |= 1 << UInt64(reference.column - 1)
            } else {
                others.insert(reference)
            }
        }
        self.masks = masks
        self.others = others
    }

    @inline(__always)
    func contains(_ reference: CellReference) -> Bool {
        let row = reference.row
        let column = reference.column
        if row >= 0, row < masks.count, column >= 1, column <= 64 {
            return masks[row] & (1 << UInt64(column - 1)) != 0
        }
        return !others.isEmpty && others.contains(reference)
    }
}
