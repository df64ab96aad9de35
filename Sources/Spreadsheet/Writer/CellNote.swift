import CXLSXWriter

/// Notes (Excel's "comments" before threaded comments): a text box shown when the pointer rests on
/// the cell, marked by a red triangle.
extension WorksheetWriter {
    /// Excel's limit for the text of a note is that of a cell; the author is shown in the status bar.
    public static let maxNoteAuthorLength = 255

    /// Adds a note to a cell, replacing any note there. `visible` shows it open, as Show Note does.
    public func addNote(_ text: String, at reference: CellReference, author: String? = nil, visible: Bool = false) throws {
        let (sheet, row, column) = try target(reference, for: "add a note")
        // libxlsxwriter writes the text verbatim into `<t>` (and counts code points against 32,767).
        if let problem = TextCheck.problem(text, limit: WorkbookWriter.maxTextLength, place: .element) {
            throw WriterError.invalidNote(sheet: name, cell: reference, problem: problem)
        }
        if let author, let problem = TextCheck.problem(author, limit: Self.maxNoteAuthorLength, place: .attribute(allowsLineFeed: false)) {
            throw WriterError.invalidNote(sheet: name, cell: reference, problem: problem)
        }
        let strings = CStrings()
        var options = lxw_comment_options()
        options.author = strings.copy(author)
        options.visible = UInt8((visible ? LXW_COMMENT_DISPLAY_VISIBLE : LXW_COMMENT_DISPLAY_HIDDEN).rawValue)
        let status = worksheet_write_comment_opt(sheet, row, column, strings.copy(text), &options)
        withExtendedLifetime(strings) {}
        try check(status, "worksheet_write_comment_opt", reference)
        workbook.sheets[index].noteCells.insert(reference)
    }
}
