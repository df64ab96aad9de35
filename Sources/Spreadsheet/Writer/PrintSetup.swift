import CXLSXWriter

/// How a sheet prints: orientation, paper, scaling to the page width, rows repeated at the top of every
/// page, a footer with page numbers and a plain-text header.
public struct PrintSetup: Sendable, Hashable {
    public enum Orientation: Sendable, Hashable { case portrait, landscape }
    public enum Paper: UInt8, Sendable, Hashable {
        case letter = 1
        case a4 = 9
    }

    public var orientation: Orientation
    public var paper: Paper
    /// Scale the columns to one page wide, as many pages tall as they need.
    public var fitToWidth: Bool
    /// Rows printed at the top of every page (1 = the first row), such as a header row.
    public var repeatRows: ClosedRange<Int>?
    /// Plain text at the top left of every page (no `&` codes: an `&` prints as itself).
    public var header: String?
    /// "Page N of M" at the foot of every page.
    public var pageNumbers: Bool
    /// Rows that start a new printed page (2 or more, ascending; at most 1,023).
    public var rowBreaks: [Int]

    public init(orientation: Orientation = .landscape, paper: Paper = .a4, fitToWidth: Bool = true, repeatRows: ClosedRange<Int>? = nil,
                header: String? = nil, pageNumbers: Bool = true, rowBreaks: [Int] = []) {
        self.rowBreaks = rowBreaks
        self.orientation = orientation
        self.paper = paper
        self.fitToWidth = fitToWidth
        self.repeatRows = repeatRows
        self.header = header
        self.pageNumbers = pageNumbers
    }

    /// libxlsxwriter's limit on manual page breaks (`LXW_BREAKS_MAX`).
    public static let maxBreaks = 1023

    /// Excel's limit on a header or footer, codes included.
    public static let maxHeaderLength = 255
}

extension WorksheetWriter {
    /// Sets how the sheet prints. Checked first: repeated rows in the grid, a header without control
    /// characters and, with its `&` doubled (Excel's code for itself), within 255 characters.
    public func setPrintSetup(_ setup: PrintSetup) throws {
        let sheet = try workbook.sheetHandle(index, for: "set up printing")
        if let rows = setup.repeatRows {
            guard rows.lowerBound >= 1, rows.upperBound <= CellReference.maxRow else {
                throw WriterError.invalidLayout(sheet: name, problem: .rowOutsideGrid(rows.lowerBound < 1 ? rows.lowerBound : rows.upperBound))
            }
        }
        guard setup.rowBreaks.count <= PrintSetup.maxBreaks else {
            throw WriterError.invalidLayout(sheet: name, problem: .pageBreaks(count: setup.rowBreaks.count))
        }
        for (index, row) in setup.rowBreaks.enumerated() where !(2...CellReference.maxRow).contains(row) || (index > 0 && row <= setup.rowBreaks[index - 1]) {
            throw WriterError.invalidLayout(sheet: name, problem: .rowOutsideGrid(row))
        }
        var header: String?
        if let text = setup.header {
            let coded = "&L" + text.replacingOccurrences(of: "&", with: "&&")
            // Counted with the codes, in characters and in bytes, as libxlsxwriter's buffer holds them.
            if let problem = TextCheck.problem(coded, limit: PrintSetup.maxHeaderLength, byteLimit: PrintSetup.maxHeaderLength,
                                               place: .attribute(allowsLineFeed: false)) {
                throw WriterError.invalidLayout(sheet: name, problem: .printHeader(problem))
            }
            header = coded
        }
        switch setup.orientation {
        case .landscape: worksheet_set_landscape(sheet)
        case .portrait: worksheet_set_portrait(sheet)
        }
        worksheet_set_paper(sheet, setup.paper.rawValue)
        if setup.fitToWidth { worksheet_fit_to_pages(sheet, 1, 0) }
        if let rows = setup.repeatRows {
            try check(worksheet_repeat_rows(sheet, lxw_row_t(rows.lowerBound - 1), lxw_row_t(rows.upperBound - 1)), "worksheet_repeat_rows",
                      CellReference(row: rows.lowerBound, column: 1))
        }
        if let header {
            try check(worksheet_set_header(sheet, header), "worksheet_set_header", CellReference(row: 1, column: 1))
        }
        if !setup.rowBreaks.isEmpty {
            // A zero ends libxlsxwriter's list; each break is the 0-based row above which the page ends.
            var breaks = setup.rowBreaks.map { lxw_row_t($0 - 1) } + [0]
            try check(worksheet_set_h_pagebreaks(sheet, &breaks), "worksheet_set_h_pagebreaks", CellReference(row: setup.rowBreaks[0], column: 1))
        }
        if setup.pageNumbers {
            try check(worksheet_set_footer(sheet, "&CPage &P of &N"), "worksheet_set_footer", CellReference(row: 1, column: 1))
        }
    }
}
