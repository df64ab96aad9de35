import Foundation

/// The parts and splices an annotated copy needs (WorkbookAnnotator): the highlight's differential
/// format, the comments part, the VML drawing that shows each note, the sheet's `<conditionalFormatting>`
/// and `<legacyDrawing>`, relationships and content types. Each splice inserts into the part's bytes and
/// leaves the rest of them as they were.
enum AnnotationParts {
    static let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    static let relationshipsNamespace = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    /// A pale red, as Excel's own "Light Red Fill" highlight.
    static let highlight = "FFFFC7CE"

    // MARK: - Styles

    /// The children of `<styleSheet>` that come after `<dxfs>` in CT_Stylesheet's sequence.
    private static let afterDxfs: [StaticString] = ["tableStyles", "colors", "extLst"]

    /// The styles part with one more differential format (the highlight's fill), and its index.
    static func addingHighlight(to bytes: [UInt8], file: String, part: String) throws -> ([UInt8], Int) {
        var cursor = XMLByteCursor(bytes: bytes, file: file, part: part)
        var depth = 0
        var prefix: [UInt8] = []
        var insertBefore: Int?
        while let tag = try cursor.next() {
            if tag.kind == .close {
                depth -= 1
                if depth == 0 { insertBefore = insertBefore ?? tag.start }
                continue
            }
            if depth == 0 { prefix = cursor.prefix(of: tag) }
            if depth == 1, cursor.isElement(tag, "dxfs") {
                let p = String(decoding: prefix, as: UTF8.self)
                let dxf = Array(dxfElement(prefix: p).utf8)
                if tag.kind == .empty {
                    return (PackageEdits.splice(bytes, tag.start..<tag.end, with: Array("<\(p)dxfs count=\"1\">".utf8) + dxf + Array("</\(p)dxfs>".utf8)), 0)
                }
                let attributes = try cursor.attributes(of: tag)
                var count = 0
                var depthInside = 0
                var closeStart = tag.end
                while let inner = try cursor.next() {
                    if inner.kind == .close {
                        if depthInside == 0 { closeStart = inner.start; break }
                        depthInside -= 1
                        continue
                    }
                    if depthInside == 0, cursor.isElement(inner, "dxf") { count += 1 }
                    if inner.kind == .open { depthInside += 1 }
                }
                var out = PackageEdits.splice(bytes, closeStart..<closeStart, with: dxf)
                if let countAttribute = cursor.attribute("count", in: attributes) {
                    out = PackageEdits.splice(out, countAttribute.value, with: Array(String(count + 1).utf8))
                }
                return (out, count)
            }
            if depth == 1, insertBefore == nil, afterDxfs.contains(where: { cursor.isElement(tag, $0) }) { insertBefore = tag.start }
            if tag.kind == .open { depth += 1 }
        }
        guard let insertBefore else { throw cursor.malformed("the styleSheet element is not closed") }
        let p = String(decoding: prefix, as: UTF8.self)
        return (PackageEdits.splice(bytes, insertBefore..<insertBefore, with: Array("<\(p)dxfs count=\"1\">\(dxfElement(prefix: p))</\(p)dxfs>".utf8)), 0)
    }

    private static func dxfElement(prefix p: String) -> String {
        "<\(p)dxf><\(p)fill><\(p)patternFill patternType=\"solid\"><\(p)fgColor rgb=\"\(highlight)\"/><\(p)bgColor rgb=\"\(highlight)\"/></\(p)patternFill></\(p)fill></\(p)dxf>"
    }

    // MARK: - The worksheet

    /// The children of `<worksheet>` that come after `<conditionalFormatting>` in CT_Worksheet's sequence.
    private static let afterConditionalFormatting: [StaticString] = [
        "dataValidations", "hyperlinks", "printOptions", "pageMargins", "pageSetup", "headerFooter", "rowBreaks", "colBreaks",
        "customProperties", "cellWatches", "ignoredErrors", "smartTags", "drawing", "legacyDrawing", "legacyDrawingHF", "picture",
        "oleObjects", "controls", "webPublishItems", "tableParts", "extLst",
    ]
    /// And those after `<legacyDrawing>`.
    private static let afterLegacyDrawing: [StaticString] = ["legacyDrawingHF", "picture", "oleObjects", "controls", "webPublishItems", "tableParts", "extLst"]

    /// The worksheet with a conditional format that highlights `cells` (placed after any it has, so
    /// that its priority is the lowest taken plus one) and, when given, a `<legacyDrawing>` for the notes.
    static func annotatingSheet(_ bytes: [UInt8], cells: [CellReference], dxfId: Int, legacyDrawingID: String?,
                                file: String, part: String) throws -> [UInt8] {
        var cursor = XMLByteCursor(bytes: bytes, file: file, part: part)
        var depth = 0
        var prefix: [UInt8] = []
        var formattingAt: Int?
        var drawingAt: Int?
        var end: Int?
        var priority = 0
        while let tag = try cursor.next() {
            if tag.kind == .close {
                depth -= 1
                if depth == 0 { end = tag.start; break }
                continue
            }
            if depth == 0 { prefix = cursor.prefix(of: tag) }
            if cursor.isElement(tag, "cfRule"), let value = cursor.attribute("priority", in: try cursor.attributes(of: tag)).flatMap({ Int(cursor.text($0.value)) }) {
                priority = max(priority, value)
            }
            if depth == 1 {
                if cursor.isElement(tag, "sheetData") {
                    if tag.kind == .open { try cursor.skipContent(of: tag) }
                    continue
                }
                if formattingAt == nil, afterConditionalFormatting.contains(where: { cursor.isElement(tag, $0) }) { formattingAt = tag.start }
                if drawingAt == nil, afterLegacyDrawing.contains(where: { cursor.isElement(tag, $0) }) { drawingAt = tag.start }
            }
            if tag.kind == .open { depth += 1 }
        }
        guard let end else { throw cursor.malformed("the worksheet element is not closed") }
        let p = String(decoding: prefix, as: UTF8.self)
        let sqref = cells.map(\.description).joined(separator: " ")
        let formatting = "<\(p)conditionalFormatting sqref=\"\(sqref)\"><\(p)cfRule type=\"expression\" dxfId=\"\(dxfId)\" priority=\"\(priority + 1)\"><\(p)formula>TRUE</\(p)formula></\(p)cfRule></\(p)conditionalFormatting>"
        var insertions: [(Int, String)] = [(formattingAt ?? end, formatting)]
        if let legacyDrawingID {
            insertions.append((drawingAt ?? end, "<\(p)legacyDrawing xmlns:bcfr=\"\(relationshipsNamespace)\" bcfr:id=\"\(legacyDrawingID)\"/>"))
        }
        var out = bytes
        // From the last offset back, so that earlier offsets stay valid; at one offset, in schema order.
        for (offset, text) in insertions.enumerated().sorted(by: { ($0.element.0, $0.offset) > ($1.element.0, $1.offset) }).map(\.element) {
            out = PackageEdits.splice(out, offset..<offset, with: Array(text.utf8))
        }
        return out
    }

    /// The relationship id of the sheet's `<legacyDrawing>`, the VML drawing that shows its notes.
    static func legacyDrawingID(in bytes: [UInt8], file: String, part: String) throws -> String? {
        var cursor = XMLByteCursor(bytes: bytes, file: file, part: part)
        var depth = 0
        while let tag = try cursor.next() {
            if tag.kind == .close { depth -= 1; continue }
            if depth == 1 {
                if cursor.isElement(tag, "sheetData"), tag.kind == .open { try cursor.skipContent(of: tag); continue }
                if cursor.isElement(tag, "legacyDrawing") {
                    return cursor.attribute("id", in: try cursor.attributes(of: tag)).map { cursor.text($0.value) }
                }
            }
            if tag.kind == .open { depth += 1 }
        }
        return nil
    }

    // MARK: - Comments

    static func comments(_ notes: [(CellReference, String)], author: String) -> [UInt8] {
        var out = Array("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<comments xmlns=\"\(main)\"><authors><author>".utf8)
        XMLText.appendEscaped(XStringEscape.encode(author), to: &out)
        out += Array("</author></authors><commentList>".utf8)
        for (cell, text) in notes { out += comment(cell, text: text, authorId: 0, prefix: "") }
        out += Array("</commentList></comments>".utf8)
        return out
    }

    private static func comment(_ cell: CellReference, text: String, authorId: Int, prefix p: String) -> [UInt8] {
        var out = Array("<\(p)comment ref=\"\(cell)\" authorId=\"\(authorId)\"><\(p)text>".utf8)
        out += run(text, prefix: p)
        out += Array("</\(p)text></\(p)comment>".utf8)
        return out
    }

    private static func run(_ text: String, prefix p: String) -> [UInt8] {
        var out = Array("<\(p)r><\(p)t xml:space=\"preserve\">".utf8)
        XMLText.appendEscaped(XStringEscape.encode(text), to: &out)
        out += Array("</\(p)t></\(p)r>".utf8)
        return out
    }

    /// An existing comments part with the notes added: to the text of a cell's comment where it has
    /// one, else as new comments by `author` (added to the authors when new). Returns the cells that
    /// already had a comment.
    static func mergingComments(_ notes: [(CellReference, String)], into bytes: [UInt8], author: String,
                                file: String, part: String) throws -> (bytes: [UInt8], existing: Set<CellReference>) {
        var cursor = XMLByteCursor(bytes: bytes, file: file, part: part)
        var prefix: [UInt8] = []
        var depth = 0
        var authors: [String] = []
        var authorsClose: Int?
        var listClose: Int?
        var textCloseByCell: [CellReference: Int] = [:]
        var currentCell: CellReference?
        while let tag = try cursor.next() {
            if tag.kind == .close {
                depth -= 1
                if cursor.isElement(tag, "authors") { authorsClose = tag.start }
                if cursor.isElement(tag, "commentList") { listClose = tag.start }
                if cursor.isElement(tag, "text"), depth == 3, let cell = currentCell { textCloseByCell[cell] = textCloseByCell[cell] ?? tag.start }
                if cursor.isElement(tag, "comment") { currentCell = nil }
                continue
            }
            if depth == 0 { prefix = cursor.prefix(of: tag) }
            if depth == 2, cursor.isElement(tag, "author"), tag.kind == .open {
                let start = tag.end
                try cursor.skipContent(of: tag)
                let close = bytes[start..<cursor.position].lastIndex(of: UInt8(ascii: "<")) ?? cursor.position
                authors.append(XMLText.decode(bytes[start..<close]))
                continue
            }
            if depth == 1, tag.kind == .empty, cursor.isElement(tag, "authors") { authorsClose = tag.start }
            if depth == 1, tag.kind == .empty, cursor.isElement(tag, "commentList") { listClose = tag.start }
            if depth == 2, cursor.isElement(tag, "comment") {
                currentCell = cursor.attribute("ref", in: try cursor.attributes(of: tag)).flatMap { CellReference(cursor.text($0.value)) }
            }
            if tag.kind == .open { depth += 1 }
        }
        guard let authorsClose, let listClose else { throw cursor.malformed("a comments part without its authors or comment list") }
        let p = String(decoding: prefix, as: UTF8.self)
        var insertions: [(Int, [UInt8])] = []
        var authorId = authors.firstIndex(of: author)
        if authorId == nil {
            authorId = authors.count
            var element = Array("<\(p)author>".utf8)
            XMLText.appendEscaped(XStringEscape.encode(author), to: &element)
            element += Array("</\(p)author>".utf8)
            insertions.append((authorsClose, element))
        }
        var existing = Set<CellReference>()
        var newComments: [UInt8] = []
        for (cell, text) in notes {
            if let close = textCloseByCell[cell] {
                existing.insert(cell)
                insertions.append((close, run("\n\n\(author): \(text)", prefix: p)))
            } else {
                newComments += comment(cell, text: text, authorId: authorId ?? 0, prefix: p)
            }
        }
        if !newComments.isEmpty { insertions.append((listClose, newComments)) }
        var out = bytes
        // Self-closing <authors/> or <commentList/> become open and closed around what goes in.
        for (offset, inserted) in insertions.sorted(by: { $0.0 > $1.0 }) {
            if bytes[offset..<min(bytes.count, offset + 2)] != [UInt8(ascii: "<"), UInt8(ascii: "/")],
               let tagEnd = bytes[offset...].firstIndex(of: UInt8(ascii: ">")), bytes[tagEnd - 1] == UInt8(ascii: "/") {
                let name = String(decoding: bytes[(offset + 1)..<(tagEnd - 1)], as: UTF8.self).trimmingCharacters(in: .whitespaces)
                out = PackageEdits.splice(out, offset..<(tagEnd + 1), with: Array("<\(name)>".utf8) + inserted + Array("</\(name)>".utf8))
            } else {
                out = PackageEdits.splice(out, offset..<offset, with: inserted)
            }
        }
        return (out, existing)
    }

    // MARK: - VML

    private static let shapeType = """
    <v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" path="m,l,21600r21600,l21600,xe"><v:stroke joinstyle="miter"/><v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype>
    """

    /// A new VML drawing with a note shape for each cell. `idBlock` numbers the drawing's shapes
    /// (`o:idmap`), one block of 1,024 per drawing.
    static func vml(for cells: [CellReference], idBlock: Int) -> [UInt8] {
        var text = """
        <xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-microsoft-com:office:excel">\
        <o:shapelayout v:ext="edit"><o:idmap v:ext="edit" data="\(idBlock)"/></o:shapelayout>\(shapeType)
        """
        for (index, cell) in cells.enumerated() { text += shape(cell, id: idBlock * 1024 + index + 1) }
        text += "</xml>"
        return Array(text.utf8)
    }

    /// An existing VML drawing with a note shape for each cell, numbered after the shapes it has.
    static func addingShapes(for cells: [CellReference], to bytes: [UInt8]) -> [UInt8] {
        guard !cells.isEmpty else { return bytes }
        let text = String(decoding: bytes, as: UTF8.self)
        var highest = 1024
        var search = text[...]
        while let found = search.range(of: "_x0000_s") {
            let digits = search[found.upperBound...].prefix { $0.isNumber }
            if let number = Int(digits) { highest = max(highest, number) }
            search = search[found.upperBound...]
        }
        var shapes = text.contains("_x0000_t202") ? "" : shapeType
        for (index, cell) in cells.enumerated() { shapes += shape(cell, id: highest + index + 1) }
        // VML is not always well-formed XML (Excel writes <br> unclosed), so the end tag is found as text.
        guard let close = text.range(of: "</xml>", options: .backwards) else { return bytes + Array(shapes.utf8) }
        let offset = text.utf8.distance(from: text.utf8.startIndex, to: close.lowerBound)
        return PackageEdits.splice(bytes, offset..<offset, with: Array(shapes.utf8))
    }

    private static func shape(_ cell: CellReference, id: Int) -> String {
        let row = cell.row - 1, column = cell.column - 1
        return """
        <v:shape id="_x0000_s\(id)" type="#_x0000_t202" style="position:absolute;margin-left:59.25pt;margin-top:1.5pt;width:216pt;height:72pt;z-index:\(id % 1024);visibility:hidden" fillcolor="#ffffe1" o:insetmode="auto">\
        <v:fill color2="#ffffe1"/><v:shadow on="t" color="black" obscured="t"/><v:path o:connecttype="none"/>\
        <v:textbox style="mso-direction-alt:auto"><div style="text-align:left"></div></v:textbox>\
        <x:ClientData ObjectType="Note"><x:MoveWithCells/><x:SizeWithCells/>\
        <x:Anchor>\(column + 1), 15, \(max(0, row - 1)), 10, \(column + 4), 15, \(row + 4), 4</x:Anchor>\
        <x:AutoFill>False</x:AutoFill><x:Row>\(row)</x:Row><x:Column>\(column)</x:Column></x:ClientData></v:shape>
        """
    }

    // MARK: - Relationships and content types

    static func addingRelationships(_ relationships: [(id: String, type: String, target: String)], to bytes: [UInt8]?,
                                    file: String, part: String) throws -> [UInt8] {
        var elements = ""
        for relationship in relationships {
            var target: [UInt8] = []
            XMLText.appendEscaped(relationship.target, to: &target)
            elements += "<Relationship Id=\"\(relationship.id)\" Type=\"\(relationship.type)\" Target=\"\(String(decoding: target, as: UTF8.self))\"/>"
        }
        guard let bytes else {
            return Array("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\(elements)</Relationships>".utf8)
        }
        return try insertingBeforeRootEnd(Array(elements.utf8), in: bytes, file: file, part: part, emptyRoot: "Relationships")
    }

    static func addingOverride(_ partName: String, type: String, to bytes: [UInt8], file: String) throws -> [UInt8] {
        try insertingBeforeRootEnd(Array("<Override PartName=\"\(partName)\" ContentType=\"\(type)\"/>".utf8), in: bytes, file: file,
                                   part: "[Content_Types].xml", emptyRoot: "Types")
    }

    /// Adds a default content type for the extension unless the part already has one.
    static func addingDefault(_ ext: String, type: String, to bytes: [UInt8], file: String) throws -> [UInt8] {
        var cursor = XMLByteCursor(bytes: bytes, file: file, part: "[Content_Types].xml")
        while let tag = try cursor.next() {
            guard tag.kind != .close, cursor.isElement(tag, "Default") else { continue }
            if let value = cursor.attribute("Extension", in: try cursor.attributes(of: tag)), cursor.text(value.value).lowercased() == ext { return bytes }
        }
        return try insertingBeforeRootEnd(Array("<Default Extension=\"\(ext)\" ContentType=\"\(type)\"/>".utf8), in: bytes, file: file,
                                          part: "[Content_Types].xml", emptyRoot: "Types")
    }

    private static func insertingBeforeRootEnd(_ inserted: [UInt8], in bytes: [UInt8], file: String, part: String, emptyRoot: String) throws -> [UInt8] {
        var cursor = XMLByteCursor(bytes: bytes, file: file, part: part)
        var depth = 0
        while let tag = try cursor.next() {
            switch tag.kind {
            case .open: depth += 1
            case .close:
                depth -= 1
                if depth == 0 { return PackageEdits.splice(bytes, tag.start..<tag.start, with: inserted) }
            case .empty:
                if depth == 0 {
                    let start = String(decoding: bytes[tag.start..<(tag.end - 2)], as: UTF8.self)
                    return PackageEdits.splice(bytes, tag.start..<tag.end, with: Array("\(start)>".utf8) + inserted + Array("</\(emptyRoot)>".utf8))
                }
            }
        }
        throw cursor.malformed("the root element is not closed")
    }
}
