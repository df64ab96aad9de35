import Foundation
import Spreadsheet

extension WorkbookCheck {
    /// The findings as notes on their cells: one note per cell, each finding on its own line as
    /// "error PLAN-COMP-001: Completed by: required but empty". A finding that names no cell of a sheet
    /// (a rule about the workbook as a whole) has no cell to go on and is left to the report and letter.
    public var annotations: [CellAnnotation] {
        issues.flatMap { issue in
            issue.cells.compactMap { text -> CellAnnotation? in
                guard !issue.sheet.isEmpty, let cell = CellReference(text) ?? CellRange(text)?.start else { return nil }
                return CellAnnotation(sheet: issue.sheet, cell: cell, text: "\(issue.severity.rawValue) \(issue.rule): \(issue.message)")
            }
        }
    }
}

/// The council's annotated copy of its own return: each cell a finding is about highlighted and
/// carrying the finding as a note, everything else in the workbook kept byte for byte
/// (`WorkbookAnnotator`, Docs/PATCHING.md).
///
///     let check = checker.check(path: file)
///     try AnnotatedCopy.write(check, to: "feedback/E08000035 Leeds (annotated).xlsx")
public enum AnnotatedCopy {
    /// Writes the annotated copy of the workbook `check` was made from (`check.file`) to `path`. The
    /// checked file is never modified; `path` is written whole or not at all. Throws `PatchError` or
    /// `SpreadsheetError` (each naming the file) when the workbook cannot be copied, and
    /// `AnnotatedCopyError.notChecked` when the check could not read the workbook at all.
    public static func write(_ check: WorkbookCheck, to path: String, overwrite: Bool = false, limits: ReadLimits = ReadLimits()) throws {
        if let failure = check.failure { throw AnnotatedCopyError.notChecked(file: check.file, reason: failure) }
        try WorkbookAnnotator.write(check.annotations, from: check.file, to: path, author: "bcf check", overwrite: overwrite, limits: limits)
    }

    /// The annotated copy's bytes, for a caller that holds the workbook in memory (`data`, the bytes
    /// `check` was made from) and writes or sends the copy itself.
    public static func annotatedWorkbook(_ check: WorkbookCheck, data: Data, limits: ReadLimits = ReadLimits()) throws -> Data {
        if let failure = check.failure { throw AnnotatedCopyError.notChecked(file: check.file, reason: failure) }
        return try WorkbookAnnotator.annotatedWorkbook(check.annotations, data: data, name: check.file, author: "bcf check", limits: limits)
    }
}

public enum AnnotatedCopyError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The workbook could not be checked, so there are no findings to put on its cells.
    case notChecked(file: String, reason: String)

    public var description: String {
        switch self {
        case let .notChecked(file, reason): return "\(file): no annotated copy, since the workbook could not be checked: \(reason)"
        }
    }

    public var exitCode: Int32 { 58 }
}
