import CXLSXWriter

/// What users may still do on a protected sheet. Everything defaults to Excel's own defaults: cells
/// can be selected, nothing else is allowed.
///
/// Protection keeps honest users to the input cells (styles with `isLocked: false`); the legacy 16-bit
/// password hash it stores is no security.
public struct SheetProtectionOptions: Sendable, Hashable {
    public var allowsSelectingLockedCells: Bool
    public var allowsSelectingUnlockedCells: Bool
    public var allowsFormattingCells: Bool
    public var allowsFormattingColumns: Bool
    public var allowsFormattingRows: Bool
    public var allowsInsertingColumns: Bool
    public var allowsInsertingRows: Bool
    public var allowsInsertingHyperlinks: Bool
    public var allowsDeletingColumns: Bool
    public var allowsDeletingRows: Bool
    public var allowsSorting: Bool
    public var allowsAutoFilter: Bool
    public var allowsPivotTables: Bool
    public var allowsEditingObjects: Bool
    public var allowsEditingScenarios: Bool

    public init(selectLockedCells: Bool = true, selectUnlockedCells: Bool = true, formatCells: Bool = false,
                formatColumns: Bool = false, formatRows: Bool = false, insertColumns: Bool = false,
                insertRows: Bool = false, insertHyperlinks: Bool = false, deleteColumns: Bool = false,
                deleteRows: Bool = false, sort: Bool = false, autoFilter: Bool = false, pivotTables: Bool = false,
                editObjects: Bool = false, editScenarios: Bool = false) {
        allowsSelectingLockedCells = selectLockedCells
        allowsSelectingUnlockedCells = selectUnlockedCells
        allowsFormattingCells = formatCells
        allowsFormattingColumns = formatColumns
        allowsFormattingRows = formatRows
        allowsInsertingColumns = insertColumns
        allowsInsertingRows = insertRows
        allowsInsertingHyperlinks = insertHyperlinks
        allowsDeletingColumns = deleteColumns
        allowsDeletingRows = deleteRows
        allowsSorting = sort
        allowsAutoFilter = autoFilter
        allowsPivotTables = pivotTables
        allowsEditingObjects = editObjects
        allowsEditingScenarios = editScenarios
    }

    /// libxlsxwriter's flags mean "allow" (1 writes the attribute as `0`, unprotected), except the two
    /// selection flags, which mean "forbid".
    var lxwProtection: lxw_protection {
        func flag(_ on: Bool) -> UInt8 { on ? 1 : 0 }
        var protection = lxw_protection()
        protection.no_select_locked_cells = flag(!allowsSelectingLockedCells)
        protection.no_select_unlocked_cells = flag(!allowsSelectingUnlockedCells)
        protection.format_cells = flag(allowsFormattingCells)
        protection.format_columns = flag(allowsFormattingColumns)
        protection.format_rows = flag(allowsFormattingRows)
        protection.insert_columns = flag(allowsInsertingColumns)
        protection.insert_rows = flag(allowsInsertingRows)
        protection.insert_hyperlinks = flag(allowsInsertingHyperlinks)
        protection.delete_columns = flag(allowsDeletingColumns)
        protection.delete_rows = flag(allowsDeletingRows)
        protection.sort = flag(allowsSorting)
        protection.autofilter = flag(allowsAutoFilter)
        protection.pivot_tables = flag(allowsPivotTables)
        protection.objects = flag(allowsEditingObjects)
        protection.scenarios = flag(allowsEditingScenarios)
        return protection
    }
}

extension WorksheetWriter {
    /// libxlsxwriter 1.1.4's `lxw_hash_password` shifts each byte left by its position in 32-bit
    /// arithmetic before folding it into 15 bits; from the 24th character the shifted letters lose
    /// bits and the hash no longer matches the one Excel computes from what the user types (measured:
    /// 23 characters agree with the ECMA-376 algorithm, 24 do not; fixed upstream in 1.1.6).
    public static let maxPasswordLength = 23

    /// Protects the sheet: locked cells (the default style) cannot be changed, unlocked ones can.
    ///
    /// `password` nil or empty protects without a password. Otherwise it must be printable ASCII of up to
    /// `maxPasswordLength` characters. Protecting again replaces the earlier settings.
    public func protect(password: String? = nil, options: SheetProtectionOptions = SheetProtectionOptions()) throws {
        let sheet = try workbook.sheetHandle(index, for: "protect a sheet")
        let password = password.flatMap { $0.isEmpty ? nil : $0 }
        if let password {
            if let bad = password.first(where: { !($0.isASCII && (0x20...0x7E).contains($0.asciiValue ?? 0)) }) {
                throw WriterError.invalidProtection(sheet: name, problem: .passwordCharacter(bad))
            }
            guard password.utf8.count <= Self.maxPasswordLength else {
                throw WriterError.invalidProtection(sheet: name, problem: .passwordTooLong(length: password.utf8.count, limit: Self.maxPasswordLength))
            }
        }
        var protection = options.lxwProtection
        // The password is hashed at once into the worksheet's own 5-byte field; nothing keeps the pointer.
        if let password {
            password.withCString { worksheet_protect(sheet, $0, &protection) }
        } else {
            worksheet_protect(sheet, nil, &protection)
        }
    }
}
