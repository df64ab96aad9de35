import Foundation

/// A note to put on one cell of an annotated copy: the cell is highlighted and carries the text as a
/// comment (a note, in Excel's newer words).
public struct CellAnnotation: Sendable, Equatable {
    public var sheet: String
    public var cell: CellReference
    public var text: String

    public init(sheet: String, cell: CellReference, text: String) {
        self.sheet = sheet
        self.cell = cell
        self.text = text
    }
}

/// Writes a copy of a workbook in which chosen cells are highlighted and carry a note, and nothing else
/// changes: no cell's value, formula or style is touched, and every part the notes do not need is
/// copied with its compressed bytes as they were (Docs/PATCHING.md, "Annotated copies").
///
/// - The highlight is a conditional format that always applies (`<formula>TRUE</formula>`) over the
///   annotated cells, with its fill as a new differential format in the styles part: the cells keep
///   their own styles, and the highlight holds on protected sheets.
/// - The notes are legacy comments, as Excel and openpyxl write them: a comments part and a VML
///   drawing per sheet, the sheet's relationships, a `<legacyDrawing>` element and the content types.
///   A sheet that already has comments keeps them: a note on a cell that already has one is added to
///   its text, never a second comment; other notes join the same parts.
/// - Sheet protection, defined names, validations, cached formula results are left as they are (the
///   copy is not recalculated: nothing it shows has changed).
public enum WorkbookAnnotator {
    static let commentsType = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"
    static let vmlType = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/vmlDrawing"
    static let commentsContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml"
    static let vmlContentType = "application/vnd.openxmlformats-officedocument.vmlDrawing"

    /// Writes the annotated copy of the workbook at `source` to `path` (atomically, as the patcher
    /// writes). Annotations on one cell are joined into one note, in the order given.
    public static func write(_ annotations: [CellAnnotation], from source: String, to path: String, author: String = "bcf check",
                             overwrite: Bool = false, limits: ReadLimits = ReadLimits()) throws {
        try WorkbookPatcher.checkOutput(path, template: source, overwrite: overwrite)
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: source))
        } catch {
            throw SpreadsheetError.fileNotReadable(file: source, reason: SystemErrorText.reason(of: error))
        }
        let bytes = try annotatedWorkbook(annotations, data: data, name: source, author: author, limits: limits)
        try WorkbookPatcher.writeAtomically(bytes, to: path, overwrite: overwrite)
    }

    /// The bytes of the annotated copy of the workbook held in `data` (`name` is used in messages).
    public static func annotatedWorkbook(_ annotations: [CellAnnotation], data: Data, name: String, author: String = "bcf check",
                                         limits: ReadLimits = ReadLimits()) throws -> Data {
        let workbook = try Workbook(data: data, name: name, limits: limits)
        let archive = workbook.archive
        var taken = Set(archive.partNames.map { $0.lowercased() })
        var replacements: [String: [UInt8]] = [:]
        var added: [(String, [UInt8])] = []
        func current(_ part: String) throws -> [UInt8] {
            if let replaced = replacements[part.lowercased()] { return replaced }
            return [UInt8](try archive.data(of: part))
        }
        func newName(_ make: (Int) -> String) -> String {
            var number = 1
            while taken.contains(make(number).lowercased()) { number += 1 }
            let chosen = make(number)
            taken.insert(chosen.lowercased())
            return chosen
        }

        // One note per cell, sheets in tab order.
        var bySheet: [Int: [(CellReference, String)]] = [:]
        for annotation in annotations {
            guard let sheet = workbook.sheets.first(where: { $0.name.caseInsensitiveCompare(annotation.sheet) == .orderedSame }) else {
                throw PatchError.sheetNotFound(file: name, sheet: annotation.sheet, available: workbook.sheets.map(\.name))
            }
            guard annotation.cell.isInGrid else { throw PatchError.cellOutsideGrid(file: name, sheet: sheet.name, cell: annotation.cell) }
            var notes = bySheet[sheet.index] ?? []
            if let index = notes.firstIndex(where: { $0.0 == annotation.cell }) {
                notes[index].1 += "\n" + annotation.text
            } else {
                notes.append((annotation.cell, annotation.text))
            }
            bySheet[sheet.index] = notes
        }
        guard !bySheet.isEmpty else { return data }

        let stylesPart = try archive.relationships(of: workbook.workbookPart).first { $0.hasKind("styles") && !$0.isExternal }?.target
        guard let stylesPart, try archive.contains(stylesPart) else {
            throw SpreadsheetError.missingPart(file: name, part: "xl/styles.xml", neededFor: "the highlight of annotated cells")
        }
        let (styles, dxfId) = try AnnotationParts.addingHighlight(to: current(stylesPart), file: name, part: stylesPart)
        replacements[stylesPart.lowercased()] = styles

        var contentTypes = try current("[Content_Types].xml")
        for (index, notes) in bySheet.sorted(by: { $0.key < $1.key }) {
            let sheet = workbook.sheets[index]
            guard sheet.kind == .worksheet, let part = sheet.part, try archive.contains(part) else {
                throw PatchError.notAWorksheet(file: name, sheet: sheet.name, reason: "only worksheets carry notes")
            }
            let notes = notes.sorted { ($0.0.row, $0.0.column) < ($1.0.row, $1.0.column) }
            let relationships = try archive.relationships(of: part)
            let relsPart = PartPath.relationshipsPart(for: part)
            var newRelationships: [(id: String, type: String, target: String)] = []
            let usedIDs = Set(relationships.map(\.id))
            func freshID() -> String {
                var number = 1
                while usedIDs.contains("rIdBcf\(number)") || newRelationships.contains(where: { $0.id == "rIdBcf\(number)" }) { number += 1 }
                return "rIdBcf\(number)"
            }

            // Comments: merged into the sheet's own part, or a new one.
            let existingCells: Set<CellReference>
            if let comments = relationships.first(where: { $0.hasKind("comments") && !$0.isExternal }), try archive.contains(comments.target) {
                let merged = try AnnotationParts.mergingComments(notes, into: current(comments.target), author: author, file: name, part: comments.target)
                replacements[comments.target.lowercased()] = merged.bytes
                existingCells = merged.existing
            } else {
                let commentsPart = newName { "xl/comments\($0).xml" }
                added.append((commentsPart, AnnotationParts.comments(notes, author: author)))
                newRelationships.append((freshID(), commentsType, "/" + commentsPart))
                contentTypes = try AnnotationParts.addingOverride("/" + commentsPart, type: commentsContentType, to: contentTypes, file: name)
                existingCells = []
            }

            // The VML shapes that show each new note; a cell that had a comment has its shape already.
            let shaped = notes.map(\.0).filter { !existingCells.contains($0) }
            var legacyDrawingID: String?
            // The drawing the sheet's <legacyDrawing> names (a header's or footer's VML is another).
            let drawingID = try AnnotationParts.legacyDrawingID(in: current(part), file: name, part: part)
            if let drawingID, let vml = relationships.first(where: { $0.id == drawingID && $0.hasKind("vmlDrawing") && !$0.isExternal }),
               try archive.contains(vml.target) {
                replacements[vml.target.lowercased()] = AnnotationParts.addingShapes(for: shaped, to: try current(vml.target))
            } else {
                if drawingID != nil {
                    throw PatchError.sheetNotPatchable(file: name, sheet: sheet.name, part: part, reason: "its <legacyDrawing> names no VML drawing in the workbook")
                }
                let vmlPart = newName { "xl/drawings/vmlDrawing\($0).vml" }
                added.append((vmlPart, AnnotationParts.vml(for: shaped, idBlock: index + 1)))
                let id = freshID()
                newRelationships.append((id, vmlType, "/" + vmlPart))
                legacyDrawingID = id
                contentTypes = try AnnotationParts.addingDefault("vml", type: vmlContentType, to: contentTypes, file: name)
            }

            replacements[part.lowercased()] = try AnnotationParts.annotatingSheet(try current(part), cells: notes.map(\.0), dxfId: dxfId,
                                                                                  legacyDrawingID: legacyDrawingID, file: name, part: part)
            if !newRelationships.isEmpty {
                let existing = try archive.contains(relsPart) ? try current(relsPart) : nil
                let rels = try AnnotationParts.addingRelationships(newRelationships, to: existing, file: name, part: relsPart)
                if existing == nil { added.append((relsPart, rels)); taken.insert(relsPart.lowercased()) } else { replacements[relsPart.lowercased()] = rels }
            }
        }
        replacements["[content_types].xml"] = contentTypes

        let entries = try ZipAssembly.entries(of: data, file: name)
        var items = entries.enumerated().map { index, entry in
            ZipAssembly.Item(entry: entry, content: replacements[entry.partName.lowercased()].map { .bytes($0) } ?? .copy(index))
        }
        let now = time(nil)
        for (part, bytes) in added {
            items.append(ZipAssembly.Item(entry: ZipAssembly.Entry(rawName: part, partName: part, isStored: false, modified: now), content: .bytes(bytes)))
        }
        return try ZipAssembly.assemble(items, from: data, level: 6, file: name)
    }
}
