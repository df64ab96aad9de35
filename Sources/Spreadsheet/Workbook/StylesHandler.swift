/// Reads just enough of `styles.xml` to know, for each cell format index, whether its number format
/// shows a date, a duration or a plain number; a cell then costs one array look-up.
final class StylesHandler: XMLEventHandler {
    unowned(unsafe) var parser: XMLStreamParser?
    private var customFormats: [Int: String] = [:]
    private var formatIDs: [Int] = []
    private var inCellFormats = false
    // Differential formats (`<dxfs>`) also hold <numFmt> elements, which must not override the table.
    private var inNumberFormats = false
    private var depthInCellFormats = 0

    func startElement(_ name: XMLName, attributes: XMLAttributes) {
        if name.is("numFmts") {
            inNumberFormats = true
        } else if name.is("numFmt"), inNumberFormats {
            if let id = attributes.integer("numFmtId"), let code = attributes.string("formatCode") {
                customFormats[id] = code
            }
        } else if name.is("cellXfs") {
            inCellFormats = true
            depthInCellFormats = 0
        } else if inCellFormats {
            depthInCellFormats += 1
            if depthInCellFormats == 1, name.is("xf") {
                formatIDs.append(attributes.integer("numFmtId") ?? 0)
            }
        }
    }

    func endElement(_ name: XMLName) {
        if name.is("numFmts") { inNumberFormats = false }
        guard inCellFormats else { return }
        if depthInCellFormats == 0, name.is("cellXfs") {
            inCellFormats = false
        } else {
            depthInCellFormats -= 1
        }
    }

    /// One kind per cell format. A custom code takes precedence over a built-in id, as in Excel.
    var formatKinds: [NumberFormatKind] {
        var cache: [Int: NumberFormatKind] = [:]
        return formatIDs.map { id in
            if let known = cache[id] { return known }
            let kind = customFormats[id].map(NumberFormatKind.classify(formatCode:)) ?? NumberFormatKind.builtIn(id)
            cache[id] = kind
            return kind
        }
    }
}
