/// The edits to package parts other than worksheets, each a splice into the part's bytes.
enum PackageEdits {
    /// The children of `<workbook>` that come after `<calcPr>` in CT_Workbook's sequence.
    private static let afterCalcPr: [StaticString] = [
        "oleSize", "customWorkbookViews", "pivotCaches", "smartTagPr", "smartTagTypes", "webPublishing",
        "fileRecoveryPr", "webPublishObjects", "extLst",
    ]

    /// The workbook part with `fullCalcOnLoad="1"` on `<calcPr>`, which is added (empty but for that
    /// attribute) in its schema position if the part has none.
    static func requestingFullCalculation(_ bytes: [UInt8], file: String, part: String) throws -> [UInt8] {
        var cursor = XMLByteCursor(bytes: bytes, file: file, part: part)
        var depth = 0
        var rootPrefix: [UInt8] = []
        var insertAt: Int?
        while let tag = try cursor.next() {
            if tag.kind == .close {
                depth -= 1
                if depth == 0 {
                    insertAt = insertAt ?? tag.start
                    break
                }
                continue
            }
            if depth == 0 { rootPrefix = cursor.prefix(of: tag) }
            if depth == 1 {
                if cursor.isElement(tag, "calcPr") {
                    let attributes = try cursor.attributes(of: tag)
                    if let existing = cursor.attribute("fullCalcOnLoad", in: attributes) {
                        return splice(bytes, existing.value, with: Array("1".utf8))
                    }
                    let at = tag.name.upperBound
                    return splice(bytes, at..<at, with: Array(" fullCalcOnLoad=\"1\"".utf8))
                }
                if insertAt == nil, afterCalcPr.contains(where: { cursor.isElement(tag, $0) }) {
                    insertAt = tag.start
                }
            }
            if tag.kind == .open { depth += 1 }
        }
        guard let insertAt else { throw cursor.malformed("the workbook element is not closed") }
        var element: [UInt8] = [UInt8(ascii: "<")]
        element.append(contentsOf: rootPrefix)
        element.append(contentsOf: "calcPr fullCalcOnLoad=\"1\"/>".utf8)
        return splice(bytes, insertAt..<insertAt, with: element)
    }

    /// A `.rels` part without the relationships whose id is in `ids`.
    static func removingRelationships(_ ids: Set<String>, from bytes: [UInt8], file: String, part: String) throws -> [UInt8] {
        try removingElements(from: bytes, file: file, part: part, local: "Relationship") { cursor, attributes in
            cursor.attribute("Id", in: attributes).map { ids.contains(cursor.text($0.value)) } ?? false
        }
    }

    /// `[Content_Types].xml` without the overrides of the given part names (no leading `/`, any case).
    static func removingOverrides(_ parts: Set<String>, from bytes: [UInt8], file: String, part: String) throws -> [UInt8] {
        let folded = Set(parts.map { $0.lowercased() })
        return try removingElements(from: bytes, file: file, part: part, local: "Override") { cursor, attributes in
            cursor.attribute("PartName", in: attributes).map {
                folded.contains(ZipArchive.normalised(cursor.text($0.value)).lowercased())
            } ?? false
        }
    }

    private static func removingElements(from bytes: [UInt8], file: String, part: String, local: StaticString,
                                         where matches: (XMLByteCursor, [XMLAttribute]) -> Bool) throws -> [UInt8] {
        var cursor = XMLByteCursor(bytes: bytes, file: file, part: part)
        var removed: [Range<Int>] = []
        while let tag = try cursor.next() {
            guard tag.kind != .close, cursor.isElement(tag, local) else { continue }
            let attributes = try cursor.attributes(of: tag)
            let start = tag.start
            try cursor.skipContent(of: tag)
            if matches(cursor, attributes) { removed.append(start..<cursor.position) }
        }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var copied = 0
        for range in removed {
            out.append(contentsOf: bytes[copied..<range.lowerBound])
            copied = range.upperBound
        }
        out.append(contentsOf: bytes[copied...])
        return out
    }

    static func splice(_ bytes: [UInt8], _ range: Range<Int>, with replacement: [UInt8]) -> [UInt8] {
        var out = Array(bytes[..<range.lowerBound])
        out.reserveCapacity(bytes.count + replacement.count)
        out.append(contentsOf: replacement)
        out.append(contentsOf: bytes[range.upperBound...])
        return out
    }
}
