import Foundation

/// Reads the shared-string table once per workbook: rich-text runs joined, phonetic runs (`<rPh>`) left
/// out, `_xHHHH_` escapes decoded, whitespace kept as written.
final class SharedStringsHandler: XMLEventHandler {
    unowned(unsafe) var parser: XMLStreamParser?
    private(set) var strings: [String] = []
    private var buffer: [UInt8] = []
    private var inItem = false
    private var inText = false
    private var phoneticDepth = 0
    private let maxStrings: Int
    private let maxTextBytes: Int

    init(maxStrings: Int, maxTextBytes: Int = ReadLimits().maxCellTextBytes) {
        self.maxStrings = maxStrings
        self.maxTextBytes = maxTextBytes
    }

    func startElement(_ name: XMLName, attributes: XMLAttributes) {
        if name.is("si") {
            inItem = true
            buffer.removeAll(keepingCapacity: true)
            if strings.isEmpty, let count = attributes.integer("uniqueCount") {
                strings.reserveCapacity(min(max(count, 0), maxStrings, 1 << 20))
            }
        } else if name.is("sst") {
            if let count = attributes.integer("uniqueCount") {
                strings.reserveCapacity(min(max(count, 0), maxStrings, 1 << 20))
            }
        } else if name.is("rPh") {
            phoneticDepth += 1
        } else if name.is("t"), inItem, phoneticDepth == 0 {
            inText = true
        }
    }

    func endElement(_ name: XMLName) {
        if name.is("t") {
            inText = false
        } else if name.is("rPh") {
            phoneticDepth -= 1
        } else if name.is("si") {
            inItem = false
            let text = String(decoding: buffer, as: UTF8.self)
            // An `_xHHHH_` escape needs an underscore; most strings have none, and skip the decoder's search.
            let underscore = buffer.withUnsafeBufferPointer { bytes in
                bytes.baseAddress.map { memchr($0, Int32(UInt8(ascii: "_")), bytes.count) != nil } ?? false
            }
            strings.append(underscore ? XStringEscape.decode(text) : text)
            if strings.count > maxStrings, let parser {
                parser.fail(.limitExceeded(file: parser.file, part: parser.part, limit: "the number of shared strings", maximum: maxStrings))
            }
        }
    }

    func text(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard inText else { return }
        buffer.append(contentsOf: bytes)
        if buffer.count > maxTextBytes, let parser {
            inText = false
            parser.fail(.limitExceeded(file: parser.file, part: parser.part,
                                       limit: "the text in one shared string (number \(strings.count + 1)), in bytes of UTF-8", maximum: maxTextBytes))
        }
    }
}
