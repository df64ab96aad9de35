import CXLSXWriter

/// Column widths, row heights and how the sheet opens: frozen panes, tab colour, zoom, gridlines, and
/// which sheet is active.
extension WorksheetWriter {
    /// Sets the width of columns `columns` (1 = A), in Excel's units (characters of the default font),
    /// 0 to 255. `style` becomes the columns' default format, which Excel uses for cells typed later.
    ///
    /// A range may be set again only as exactly the same range: libxlsxwriter 1.1.4 stores column
    /// settings by their first column and writes overlapping `<col>` elements, which Excel repairs.
    public func setColumnWidth(_ columns: ClosedRange<Int>, width: Double, hidden: Bool = false, style: CellStyle? = nil) throws {
        let sheet = try workbook.sheetHandle(index, for: "set a column width")
        for column in [columns.lowerBound, columns.upperBound] where !(1...CellReference.maxColumn).contains(column) {
            throw WriterError.invalidLayout(sheet: name, problem: .columnOutsideGrid(column))
        }
        guard width.isFinite, (0...255).contains(width) else {
            throw WriterError.invalidLayout(sheet: name, problem: .columnWidthOutOfRange(width))
        }
        if let existing = workbook.sheets[index].columnRanges.first(where: { $0 != columns && $0.overlaps(columns) }) {
            throw WriterError.invalidLayout(sheet: name, problem: .columnsOverlap(existing: existing))
        }
        let format = try style.map { try workbook.format(for: $0, sheet: name, cell: nil) }
        var options = lxw_row_col_options()
        options.hidden = hidden ? 1 : 0
        let status = worksheet_set_column_opt(sheet, lxw_col_t(columns.lowerBound - 1), lxw_col_t(columns.upperBound - 1),
                                              width, format, &options)
        try check(status, "worksheet_set_column_opt", CellReference(row: 1, column: columns.lowerBound))
        if !workbook.sheets[index].columnRanges.contains(columns) { workbook.sheets[index].columnRanges.append(columns) }
    }

    /// The same, with columns as letters: `"B"` or `"B:D"`.
    public func setColumnWidth(_ letters: String, width: Double, hidden: Bool = false, style: CellStyle? = nil) throws {
        let parts = letters.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard (1...2).contains(parts.count), let first = CellReference.columnNumber(parts[0]),
              let last = parts.count == 2 ? CellReference.columnNumber(parts[1]) : first, first <= last else {
            throw WriterError.invalidLayout(sheet: name, problem: .invalidColumnLetters(letters))
        }
        try setColumnWidth(first...last, width: width, hidden: hidden, style: style)
    }

    /// Sets the height of row `row` (from 1) in points, 0 to 409. Setting a row again replaces it.
    public func setRowHeight(_ row: Int, height: Double, hidden: Bool = false, style: CellStyle? = nil) throws {
        let sheet = try workbook.sheetHandle(index, for: "set a row height")
        guard (1...CellReference.maxRow).contains(row) else {
            throw WriterError.invalidLayout(sheet: name, problem: .rowOutsideGrid(row))
        }
        guard height.isFinite, (0...409).contains(height) else {
            throw WriterError.invalidLayout(sheet: name, problem: .rowHeightOutOfRange(height))
        }
        let format = try style.map { try workbook.format(for: $0, sheet: name, cell: nil) }
        var options = lxw_row_col_options()
        options.hidden = hidden ? 1 : 0
        try check(worksheet_set_row_opt(sheet, lxw_row_t(row - 1), height, format, &options), "worksheet_set_row_opt",
                  CellReference(row: row, column: 1))
    }

    /// Freezes the rows above and the columns left of `cell`: `B2` freezes row 1 and column A, `A3`
    /// rows 1 and 2 only.
    public func freezePanes(at cell: CellReference) throws {
        let sheet = try workbook.sheetHandle(index, for: "freeze panes")
        guard cell.isInGrid, cell != CellReference(row: 1, column: 1) else {
            throw WriterError.invalidLayout(sheet: name, problem: .invalidFreezePosition(cell))
        }
        worksheet_freeze_panes(sheet, lxw_row_t(cell.row - 1), lxw_col_t(cell.column - 1))
    }

    public func setTabColor(_ color: CellStyle.Color) throws {
        let sheet = try workbook.sheetHandle(index, for: "set the tab colour")
        guard color.rgb <= 0xFFFFFF else { throw WriterError.invalidLayout(sheet: name, problem: .tabColorOutOfRange(color.rgb)) }
        worksheet_set_tab_color(sheet, color.lxwColor)
    }

    /// Zoom in percent, 10 to 400 (libxlsxwriter would silently use 100 instead).
    public func setZoom(_ percent: Int) throws {
        let sheet = try workbook.sheetHandle(index, for: "set the zoom")
        guard (10...400).contains(percent) else { throw WriterError.invalidLayout(sheet: name, problem: .zoomOutOfRange(percent)) }
        worksheet_set_zoom(sheet, UInt16(percent))
    }

    /// Hides the gridlines on screen (they are not printed by default either).
    public func hideGridlines() throws {
        let sheet = try workbook.sheetHandle(index, for: "hide gridlines")
        worksheet_gridlines(sheet, UInt8(LXW_HIDE_ALL_GRIDLINES.rawValue))
    }

    /// Makes this the sheet Excel opens on. The sheet must be visible, and cannot be hidden afterwards.
    ///
    /// Only recorded here and handed to libxlsxwriter by `close()`: `worksheet_activate` also selects the
    /// sheet and nothing unselects it, so activating two sheets in turn would open them grouped.
    public func activate() throws {
        _ = try workbook.sheetHandle(index, for: "activate a sheet")
        guard !workbook.sheets[index].isHidden else {
            throw WriterError.invalidSheetState(sheet: name, problem: .hiddenSheetCannotBeActive)
        }
        workbook.activeSheetIndex = index
    }

    /// Makes this the leftmost tab shown when a workbook has more tabs than fit. The sheet must be
    /// visible, and cannot be hidden afterwards.
    public func setFirstVisibleTab() throws {
        _ = try workbook.sheetHandle(index, for: "set the first tab")
        guard !workbook.sheets[index].isHidden else {
            throw WriterError.invalidSheetState(sheet: name, problem: .hiddenSheetCannotBeFirstTab)
        }
        // Recorded and applied by `close()`, like `activate()`.
        workbook.firstTabIndex = index
    }
}

extension WorksheetWriter {
    /// Puts filter buttons on the first row of `range` (the header row), so that the rows below can be
    /// filtered and sorted in Excel. A sheet has one autofilter: setting another replaces it, as in
    /// libxlsxwriter. The range must lie in the grid (libxlsxwriter 1.1.4 would otherwise return an
    /// error only after the check of its own limits).
    public func setAutoFilter(_ range: CellRange) throws {
        let sheet = try workbook.sheetHandle(index, for: "set an autofilter")
        guard range.start.isInGrid, range.end.isInGrid else {
            throw WriterError.invalidLayout(sheet: name, problem: .autoFilterOutsideGrid(range))
        }
        let status = worksheet_autofilter(sheet, lxw_row_t(range.start.row - 1), lxw_col_t(range.start.column - 1),
                                          lxw_row_t(range.end.row - 1), lxw_col_t(range.end.column - 1))
        try check(status, "worksheet_autofilter", range.start)
    }
}
