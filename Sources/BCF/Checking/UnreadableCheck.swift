extension WorkbookCheck {
    /// The result for a workbook that could not be read, for a caller that reads it itself (`bcf serve`
    /// reads uploads from memory and tells a refusal for a reading limit apart from other failures).
    public static func unreadable(file: String, reason: String) -> WorkbookCheck {
        WorkbookCheck(file: file, edition: nil, healthAndWellbeingBoard: nil, issues: [], failure: reason)
    }
}
