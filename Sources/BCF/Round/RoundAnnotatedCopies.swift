import Foundation
import Spreadsheet

/// Each council's own workbook marked up for it: beside the letters, a copy of every return that stands
/// and has findings on cells, with those cells highlighted and the findings as notes (`AnnotatedCopy`),
/// so the lead fixes the file in the file.
enum RoundAnnotatedCopies {
    /// A copy is made only of the very bytes that were checked: a file changed since it was read, or
    /// larger than this, gets no copy (its letter still lists every finding).
    static let maxBytes = 64 << 20

    /// Writes the copies into `folder` and returns, by submission id, each copy's file name. A copy that
    /// cannot be made is left out rather than failing the round's outputs.
    static func write(_ result: RoundResult, submissionsFolder: String, into folder: String, limits: ReadLimits) -> [Int: String] {
        let marked = result.submissions.filter { submission in
            submission.status != .unreadable && submission.supersededBy == nil && submission.bytes <= maxBytes
                && submission.issues.contains { !$0.sheet.isEmpty && !$0.cells.isEmpty }
        }
        let names = SafeFileName.unique(marked.map { submission in
            let original = ((submission.file as NSString).lastPathComponent as NSString).deletingPathExtension
            let area = [submission.area?.code, submission.area?.name].compactMap { $0 }
            // The area is named once: in the file's own name when it is there, else before it.
            let named = area.contains { original.range(of: $0, options: .caseInsensitive) != nil }
            return SafeFileName.make((named ? "" : area.joined(separator: " ") + " - ") + original + " (marked)", extension: "xlsx")
        })
        let written = CopySlots()
        DispatchQueue.concurrentPerform(iterations: marked.count) { index in
            let submission = marked[index]
            let source = (submissionsFolder as NSString).appendingPathComponent(submission.file)
            guard let data = FileManager.default.contents(atPath: source), ContentDigest.hex(data) == submission.sha256 else { return }
            let check = WorkbookCheck(file: submission.file, edition: submission.edition, healthAndWellbeingBoard: submission.area?.name,
                                      issues: submission.issues, failure: nil, hwbCode: submission.area?.code)
            guard let copy = try? AnnotatedCopy.annotatedWorkbook(check, data: data, limits: limits),
                  (try? AtomicFile.write(copy, to: (folder as NSString).appendingPathComponent(names[index]))) != nil else { return }
            written.set(submission.id, names[index])
        }
        return written.values
    }
}

private final class CopySlots: @unchecked Sendable {
    private let lock = NSLock()
    private var names: [Int: String] = [:]
    func set(_ id: Int, _ name: String) { lock.lock(); names[id] = name; lock.unlock() }
    var values: [Int: String] { lock.lock(); defer { lock.unlock() }; return names }
}
