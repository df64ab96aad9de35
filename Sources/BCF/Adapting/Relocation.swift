import Foundation
import Spreadsheet

/// What reading a moved layout by its labels (`--relocate`) did: how many fields moved, where the first
/// one is now, and which were not found. It is reported as a warning finding, never silently.
public struct Relocation: Sendable, Equatable {
    public let moved: Int
    public let firstMovedSheet: String?
    public let firstMovedCell: CellReference?
    /// The fields not found, which are absent from the reading, required ones first.
    public let missing: [String]
    /// What changed in the layout, when it could be worked out.
    public let changes: [LayoutChange]

    init(_ adaptation: Adaptation) {
        changes = adaptation.changes
        let moved = adaptation.moved
        self.moved = moved.count
        firstMovedSheet = moved.first?.sheet
        firstMovedCell = moved.first?.cell
        missing = adaptation.missing.map(\.path)
    }

    public var message: String {
        var text = LayoutChange.sentence(changes).map { "\($0), so " } ?? ""
        text += "the layout differs from the template: read by its labels; \(moved) field(s) moved"
        if let sheet = firstMovedSheet, let cell = firstMovedCell { text += ", first at '\(sheet)'!\(cell)" }
        if !missing.isEmpty {
            let shown = missing.prefix(5).joined(separator: ", ")
            text += "; \(missing.count) field(s) not found and not read: \(shown)\(missing.count > 5 ? ", ..." : "")"
        }
        return text
    }
}
