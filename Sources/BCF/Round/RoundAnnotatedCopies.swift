import Foundation
import Spreadsheet

/// Each council's own workbook marked up for it: beside the letters, a copy of every return that stands
/// and has findings on cells, with those cells highlighted and the findings as notes (`AnnotatedCopy`),
/// so the lead fixes the file in the file.
enum RoundAnnotatedCopies {
    /// A copy is made only of the very bytes that were checked: a file changed since it was read, or
    /// larger than this, gets no copy (its letter still lists every finding).
    static let maxBytes = 64 << 20

    /// The returns to copy, each with its copy's file name: every return that stands and has findings on cells.
    static func planned(_ result: RoundResult) -> [(submission: Submission, name: String)] {
        let marked = result.submissions.filter { submission in
            submission.status != .unreadable && submission.supersededBy == nil && submission.bytes <= maxBytes
                && submission.issues.contains { !$0.sheet.isEmpty && !$0.cells.isEmpty }
        }
        let names = SafeFileName.unique(marked.map { copyName(file: $0.file, area: $0.area) })
        return Array(zip(marked, names))
    }

    /// The copy's name: the file's own, marked, after its area's code and name unless the file already
    /// names the area (and after nothing when the area is not known).
    static func copyName(file: String, area: Area?) -> String {
        let original = ((file as NSString).lastPathComponent as NSString).deletingPathExtension
        let words = [area?.code, area?.name].compactMap { $0 }
        let named = words.isEmpty || words.contains { original.range(of: $0, options: .caseInsensitive) != nil }
        return SafeFileName.make((named ? "" : words.joined(separator: " ") + " - ") + original + " (marked)", extension: "xlsx")
    }

    /// Writes one copy as `folder/name`; false when it cannot be made.
    static func write(_ submission: Submission, named name: String, submissionsFolder: String, into folder: String, limits: ReadLimits) -> Bool {
        let source = (submissionsFolder as NSString).appendingPathComponent(submission.file)
        guard let data = FileManager.default.contents(atPath: source), ContentDigest.hex(data) == submission.sha256 else { return false }
        let check = WorkbookCheck(file: submission.file, edition: submission.edition, healthAndWellbeingBoard: submission.area?.name,
                                  issues: submission.issues, failure: nil, hwbCode: submission.area?.code)
        guard let copy = try? AnnotatedCopy.annotatedWorkbook(check, data: data, limits: limits) else { return false }
        return (try? AtomicFile.write(copy, to: (folder as NSString).appendingPathComponent(name))) != nil
    }
}
