/// Reads `docProps/custom.xml`: `<property name="...">` elements each holding one typed value element
/// (`vt:lpwstr`, `vt:i4`, `vt:bool`, ...). Values are kept as the text the file holds.
final class CustomPropertiesHandler: XMLEventHandler {
    unowned(unsafe) var parser: XMLStreamParser?
    private(set) var properties: [String: String] = [:]
    private var currentName: String?
    private var depth = 0
    private var buffer: [UInt8] = []

    func startElement(_ name: XMLName, attributes: XMLAttributes) {
        if name.is("property") {
            currentName = attributes.string("name")
            depth = 0
            buffer.removeAll(keepingCapacity: true)
        } else if currentName != nil {
            depth += 1
        }
    }

    func endElement(_ name: XMLName) {
        if name.is("property") {
            if let currentName { properties[currentName] = XStringEscape.decode(String(decoding: buffer, as: UTF8.self)) }
            currentName = nil
        }
    }

    func text(_ bytes: UnsafeBufferPointer<UInt8>) {
        if currentName != nil, depth > 0, buffer.count < 65_536 { buffer.append(contentsOf: bytes) }
    }
}

public extension Workbook {
    /// The workbook's custom document properties (File > Properties > Custom), by name; empty when the
    /// package has none.
    func customProperties() throws -> [String: String] {
        guard let part = try archive.packageRelationships()
            .first(where: { $0.hasKind("custom-properties") && !$0.isExternal })?.target,
            try archive.contains(part) else { return [:] }
        let handler = CustomPropertiesHandler()
        try archive.parse(part, with: handler)
        return handler.properties
    }
}
