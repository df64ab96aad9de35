import Foundation
import Spreadsheet

/// Where an edition sheet was found in the workbook, and why that worksheet.
public struct SheetMatch: Sendable, Equatable {
    public let editionSheet: String
    /// nil when no worksheet holds the sheet.
    public let workbookSheet: String?
    let workbookIndex: Int?
    public let reason: String

    init(editionSheet: String, workbookSheet: String?, workbookIndex: Int? = nil, reason: String) {
        self.editionSheet = editionSheet
        self.workbookSheet = workbookSheet
        self.workbookIndex = workbookIndex
        self.reason = reason
    }
}

/// One field of the edition (a single cell, or a table column at its first row) and where it was found.
public struct FieldPlacement: Sendable, Equatable {
    public enum Method: String, Sendable {
        case exactLabel = "exact label"
        case forgivingLabel = "forgiving label"
        case besideLabel = "beside its label"
        case rowAndColumn = "by its row label and column header"
        case rowLabel = "by its row label"
        case tableHeader = "by the table's header"
    }

    public let path: String
    /// Required, or required under a condition: listed first when not found.
    public let required: Bool
    public let editionSheet: String
    public let editionCell: CellReference
    public let sheet: String?
    public let cell: CellReference?
    public let method: Method?
    /// Placed by a neighbouring section because its label appears more than once in the edition too.
    public let byNeighbour: Bool
    /// Why the field was left out, when it was.
    public let problem: String?

    public var isFound: Bool { cell != nil }
    public var hasMoved: Bool { isFound && (cell != editionCell || sheet != editionSheet) }
}

/// What `bcf adapt` found: the adapted definition, and for every sheet and field of the edition where it
/// is in the workbook and how it was found, or why it was left out.
public struct Adaptation: Sendable {
    public let edition: String
    public let id: String
    public let file: String
    public let sheets: [SheetMatch]
    /// Every field and table column of the edition, in its order.
    public let fields: [FieldPlacement]
    /// What else changed to keep the definition whole: conditions, formulas, prefill or funding dropped.
    public let notes: [String]
    /// The adapted definition as YAML, in the format of `Templates/`.
    public let yaml: String
    /// The same, compiled.
    public let definition: TemplateDefinition
    /// What changed in the layout, in plain words, where it can be worked out from the labels.
    public let changes: [LayoutChange]

    public var missing: [FieldPlacement] {
        fields.filter { !$0.isFound }.sorted { $0.required && !$1.required }
    }

    public var missingRequired: [FieldPlacement] { fields.filter { !$0.isFound && $0.required } }
    public var moved: [FieldPlacement] { fields.filter(\.hasMoved) }

    /// What `bcf adapt` prints for people: what changed, in a sentence, first.
    public func text() -> String {
        let lead = LayoutChange.sentence(changes).map { "\($0); " } ?? ""
        var lines = ["\(file): \(lead)adapted edition \(edition) as \(id)"]
        lines.append("sheets:")
        for sheet in sheets {
            lines.append("  \(sheet.editionSheet) -> \(sheet.workbookSheet.map { "\"\($0)\"" } ?? "not found"): \(sheet.reason)")
        }
        let found = fields.filter(\.isFound)
        lines.append("fields: \(found.count) of \(fields.count) found, \(moved.count) moved, \(fields.count - found.count) not found (\(missingRequired.count) required)")
        for field in found {
            let place = "'\(field.sheet ?? "")'!\(field.cell?.description ?? "")"
            let was = field.hasMoved ? " (was '\(field.editionSheet)'!\(field.editionCell))" : ""
            let how = (field.method?.rawValue ?? "") + (field.byNeighbour ? ", placed by its neighbouring section" : "")
            lines.append("  found   \(field.path) at \(place)\(was): \(how)")
        }
        for field in missing {
            lines.append("  missing \(field.required ? "required " : "")\(field.path) ('\(field.editionSheet)'!\(field.editionCell)): \(field.problem ?? "")")
        }
        lines += notes.map { "  note    \($0)" }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The same as one JSON object.
    public func json() -> String {
        func string(_ text: String?) -> String { text.map(JSONText.string) ?? "null" }
        let sheetItems = sheets.map {
            "{\"sheet\":\(string($0.editionSheet)),\"found\":\(string($0.workbookSheet)),\"reason\":\(string($0.reason))}"
        }
        let fieldItems = (fields.filter(\.isFound) + missing).map { field in
            "{\"path\":\(string(field.path)),\"required\":\(field.required),\"found\":\(field.isFound),"
                + "\"editionSheet\":\(string(field.editionSheet)),\"editionCell\":\(string(field.editionCell.description)),"
                + "\"sheet\":\(string(field.sheet)),\"cell\":\(string(field.cell?.description)),"
                + "\"how\":\(string(field.method?.rawValue)),\"byNeighbour\":\(field.byNeighbour),\"problem\":\(string(field.problem))}"
        }
        return "{\"file\":\(string(file)),\"edition\":\(string(edition)),\"id\":\(string(id)),"
            + "\"changes\":[" + changes.map { JSONText.string($0.description) }.joined(separator: ",") + "],"
            + "\"complete\":\(missingRequired.isEmpty),\"found\":\(fields.filter(\.isFound).count),\"moved\":\(moved.count),"
            + "\"missing\":\(fields.count - fields.filter(\.isFound).count),\"missingRequired\":\(missingRequired.count),\n"
            + "\"sheets\":[\n" + sheetItems.joined(separator: ",\n") + "],\n"
            + "\"fields\":[\n" + fieldItems.joined(separator: ",\n") + "],\n"
            + "\"notes\":[" + notes.map(JSONText.string).joined(separator: ",") + "]}\n"
    }
}
