/// Reads `workbook.xml`: the date system, the sheet list in tab order, and the defined names.
final class WorkbookPartHandler: XMLEventHandler {
    struct SheetEntry {
        let name: String
        let state: SheetState
        let relationshipID: String?
    }

    unowned(unsafe) var parser: XMLStreamParser?
    private(set) var uses1904 = false
    private(set) var sheets: [SheetEntry] = []
    private(set) var definedNames: [DefinedName] = []
    private var pendingName: (name: String, sheet: Int?, hidden: Bool)?
    private var nameText: [UInt8] = []
    private let maxSheets: Int

    init(maxSheets: Int) { self.maxSheets = maxSheets }

    func startElement(_ name: XMLName, attributes: XMLAttributes) {
        if name.is("sheet") {
            guard let sheetName = attributes.string("name") else { return }
            let state: SheetState
            switch attributes.value("state") {
            case let value? where value.isText("hidden"): state = .hidden
            case let value? where value.isText("veryHidden"): state = .veryHidden
            default: state = .visible
            }
            sheets.append(SheetEntry(name: sheetName, state: state, relationshipID: attributes.string("id", namespaced: true)))
            if sheets.count > maxSheets, let parser {
                parser.fail(.limitExceeded(file: parser.file, part: parser.part, limit: "the number of sheets", maximum: maxSheets))
            }
        } else if name.is("workbookPr") {
            uses1904 = attributes.value("date1904").map { $0.isText("1") || $0.isText("true") } ?? false
        } else if name.is("definedName") {
            guard let definedName = attributes.string("name") else { return }
            let hidden = attributes.value("hidden").map { $0.isText("1") || $0.isText("true") } ?? false
            pendingName = (definedName, attributes.integer("localSheetId"), hidden)
            nameText.removeAll(keepingCapacity: true)
        }
    }

    func endElement(_ name: XMLName) {
        guard name.is("definedName"), let pending = pendingName else { return }
        definedNames.append(DefinedName(name: pending.name, refersTo: String(decoding: nameText, as: UTF8.self),
                                        sheetIndex: pending.sheet, isHidden: pending.hidden))
        pendingName = nil
    }

    func text(_ bytes: UnsafeBufferPointer<UInt8>) {
        if pendingName != nil { nameText.append(contentsOf: bytes) }
    }
}
