/// A tag found by `XMLByteCursor`, as offsets into the bytes scanned.
struct XMLTag {
    enum Kind { case open, close, empty }
    let kind: Kind
    /// Offset of `<`.
    let start: Int
    /// Offset just past `>`.
    let end: Int
    /// The qualified name (`x:row`).
    let name: Range<Int>
    /// The local part of the name (`row`).
    let local: Range<Int>
}

/// One attribute of a start tag, as offsets.
struct XMLAttribute {
    /// From the first byte of the name to the closing quote included.
    let whole: Range<Int>
    let local: Range<Int>
    /// Between the quotes, entities not decoded.
    let value: Range<Int>
}

/// A forward scanner over the tags of a UTF-8 XML part, for rewriting parts by splicing: it reports
/// each tag with its offsets and skips text, comments, processing instructions and CDATA, so the caller
/// copies everything it does not change byte for byte. It refuses a document type declaration, as the
/// reader does, and reports a malformed part instead of trapping.
struct XMLByteCursor {
    let bytes: [UInt8]
    let file: String
    let part: String
    var position = 0
    /// `ReadLimits.maxMarkupBytes`: the template was read by the reader under the same limit.
    let maxMarkupBytes: Int

    init(bytes: [UInt8], file: String, part: String, from position: Int = 0, maxMarkupBytes: Int = ReadLimits().maxMarkupBytes) {
        self.bytes = bytes
        self.file = file
        self.part = part
        self.position = position
        self.maxMarkupBytes = maxMarkupBytes
    }

    func malformed(_ reason: String) -> SpreadsheetError {
        let line = bytes[0..<min(position, bytes.count)].reduce(1) { $1 == 0x0A ? $0 + 1 : $0 }
        return .malformedPart(file: file, part: part, line: line, reason: reason)
    }

    /// The next tag, or nil at the end of the bytes.
    mutating func next() throws -> XMLTag? {
        let count = bytes.count
        while position < count {
            guard let open = find(UInt8(ascii: "<"), from: position) else {
                position = count
                return nil
            }
            position = open
            guard open + 1 < count else { throw malformed("the part ends inside a tag") }
            let second = bytes[open + 1]
            if second == UInt8(ascii: "?") {
                guard let close = find("?>", from: open + 2) else { throw malformed("an unterminated processing instruction") }
                try checkLength(open..<(close + 2), "processing instruction")
                position = close + 2
                continue
            }
            if second == UInt8(ascii: "!") {
                if starts("<!--", at: open) {
                    guard let close = find("-->", from: open + 4) else { throw malformed("an unterminated comment") }
                    try checkLength(open..<(close + 3), "comment")
                    position = close + 3
                    continue
                }
                if starts("<![CDATA[", at: open) {
                    guard let close = find("]]>", from: open + 9) else { throw malformed("an unterminated CDATA section") }
                    try checkLength(open..<(close + 3), "CDATA section")
                    position = close + 3
                    continue
                }
                if starts("<!DOCTYPE", at: open) {
                    throw SpreadsheetError.unsafeXML(file: file, part: part, line: nil,
                                                     reason: "the XML declares a document type (DTD); workbooks never do")
                }
                throw malformed("unexpected markup \"<!\"")
            }
            if second == UInt8(ascii: "/") {
                guard let close = find(UInt8(ascii: ">"), from: open + 2) else { throw malformed("the part ends inside an end tag") }
                try checkLength(open..<(close + 1), "end tag")
                var nameEnd = close
                while nameEnd > open + 2, Self.isSpace(bytes[nameEnd - 1]) { nameEnd -= 1 }
                guard nameEnd > open + 2 else { throw malformed("an end tag without a name") }
                position = close + 1
                return XMLTag(kind: .close, start: open, end: close + 1, name: (open + 2)..<nameEnd,
                              local: localName(in: (open + 2)..<nameEnd))
            }
            let close = try tagEnd(from: open + 1)
            try checkLength(open..<(close + 1), "tag")
            var nameEnd = open + 1
            while nameEnd < close, !Self.isSpace(bytes[nameEnd]), bytes[nameEnd] != UInt8(ascii: "/") { nameEnd += 1 }
            guard nameEnd > open + 1 else { throw malformed("a tag without a name") }
            position = close + 1
            let empty = bytes[close - 1] == UInt8(ascii: "/")
            return XMLTag(kind: empty ? .empty : .open, start: open, end: close + 1, name: (open + 1)..<nameEnd,
                          local: localName(in: (open + 1)..<nameEnd))
        }
        return nil
    }

    /// Skips to just past the end tag that closes `tag` (nothing to skip for an empty tag) and returns
    /// the offset of that end tag's `<`.
    @discardableResult
    mutating func skipContent(of tag: XMLTag) throws -> Int {
        guard tag.kind == .open else { return tag.end }
        var depth = 1
        while let next = try next() {
            switch next.kind {
            case .open: depth += 1
            case .empty: break
            case .close:
                depth -= 1
                if depth == 0 { return next.start }
            }
        }
        throw malformed("the element <\(text(tag.name))> is not closed")
    }

    /// The attributes of a start tag, in the order written.
    func attributes(of tag: XMLTag) throws -> [XMLAttribute] {
        var result: [XMLAttribute] = []
        var index = tag.name.upperBound
        let end = tag.kind == .empty ? tag.end - 2 : tag.end - 1
        while true {
            while index < end, Self.isSpace(bytes[index]) { index += 1 }
            if index >= end { break }
            let nameStart = index
            while index < end, bytes[index] != UInt8(ascii: "="), !Self.isSpace(bytes[index]) { index += 1 }
            let nameEnd = index
            while index < end, Self.isSpace(bytes[index]) { index += 1 }
            guard index < end, bytes[index] == UInt8(ascii: "="), nameEnd > nameStart else { throw malformed("an attribute without a value") }
            index += 1
            while index < end, Self.isSpace(bytes[index]) { index += 1 }
            guard index < end, bytes[index] == UInt8(ascii: "\"") || bytes[index] == UInt8(ascii: "'") else {
                throw malformed("an attribute value without quotes")
            }
            let quote = bytes[index]
            guard let valueEnd = find(quote, from: index + 1), valueEnd < end else { throw malformed("an unterminated attribute value") }
            result.append(XMLAttribute(whole: nameStart..<(valueEnd + 1), local: localName(in: nameStart..<nameEnd),
                                       value: (index + 1)..<valueEnd))
            index = valueEnd + 1
        }
        return result
    }

    func localName(in range: Range<Int>) -> Range<Int> {
        var start = range.lowerBound
        for index in range where bytes[index] == UInt8(ascii: ":") { start = index + 1 }
        return start..<range.upperBound
    }

    func equals(_ range: Range<Int>, _ text: StaticString) -> Bool {
        guard range.count == text.utf8CodeUnitCount else { return false }
        let pointer = text.utf8Start
        for (offset, index) in range.enumerated() where bytes[index] != pointer[offset] { return false }
        return true
    }

    func isElement(_ tag: XMLTag, _ local: StaticString) -> Bool { equals(tag.local, local) }

    func attribute(_ local: StaticString, in attributes: [XMLAttribute]) -> XMLAttribute? {
        attributes.first { equals($0.local, local) }
    }

    /// The text of a range, with the XML entities and character references decoded.
    func text(_ range: Range<Int>) -> String {
        XMLText.decode(bytes[range])
    }

    /// The prefix of a qualified name including its colon (`x:`), or empty.
    func prefix(of tag: XMLTag) -> [UInt8] {
        Array(bytes[tag.name.lowerBound..<tag.local.lowerBound])
    }

    // MARK: - Byte searching

    private func checkLength(_ construct: Range<Int>, _ what: String) throws {
        guard construct.count > maxMarkupBytes else { return }
        throw SpreadsheetError.limitExceeded(file: file, part: part, limit: "the length of one \(what), in bytes", maximum: maxMarkupBytes)
    }

    private func tagEnd(from start: Int) throws -> Int {
        let found = bytes.withUnsafeBufferPointer { buffer -> TagEnd.Found in
            guard let base = buffer.baseAddress else { return .unfinished }
            return TagEnd.find(base, from: start, to: buffer.count)
        }
        switch found {
        case let .at(index): return index
        case .strayOpening: throw malformed("\"<\" inside a tag")
        case .unfinished: throw malformed("the part ends inside a tag")
        }
    }

    func find(_ byte: UInt8, from start: Int) -> Int? {
        var index = start
        while index < bytes.count {
            if bytes[index] == byte { return index }
            index += 1
        }
        return nil
    }

    private func find(_ text: StaticString, from start: Int) -> Int? {
        let first = text.utf8Start[0]
        var index = start
        while let hit = find(first, from: index) {
            if starts(text, at: hit) { return hit }
            index = hit + 1
        }
        return nil
    }

    private func starts(_ text: StaticString, at index: Int) -> Bool {
        let count = text.utf8CodeUnitCount
        guard index + count <= bytes.count else { return false }
        for offset in 0..<count where bytes[index + offset] != text.utf8Start[offset] { return false }
        return true
    }

    static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
    }
}

/// Escaping and unescaping of XML text.
enum XMLText {
    /// Appends text as element content: `&`, `<`, `>` as entities, and CR as `&#13;` (a literal CR would
    /// be read back as a line feed by every XML parser).
    static func appendEscaped(_ text: String, to out: inout [UInt8]) {
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "&"): out.append(contentsOf: "&amp;".utf8)
            case UInt8(ascii: "<"): out.append(contentsOf: "&lt;".utf8)
            case UInt8(ascii: ">"): out.append(contentsOf: "&gt;".utf8)
            case 0x0D: out.append(contentsOf: "&#13;".utf8)
            default: out.append(byte)
            }
        }
    }

    /// Decodes the five named entities and character references; anything else is kept as written.
    static func decode(_ bytes: ArraySlice<UInt8>) -> String {
        guard bytes.contains(UInt8(ascii: "&")) || bytes.contains(0x0D) else { return String(decoding: bytes, as: UTF8.self) }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            if byte == 0x0D {
                out.append(0x0A)
                index += (index + 1 < bytes.endIndex && bytes[index + 1] == 0x0A) ? 2 : 1
                continue
            }
            guard byte == UInt8(ascii: "&"),
                  let semicolon = bytes[index..<min(bytes.endIndex, index + 12)].firstIndex(of: UInt8(ascii: ";")) else {
                out.append(byte)
                index += 1
                continue
            }
            let entity = String(decoding: bytes[(index + 1)..<semicolon], as: UTF8.self)
            var scalar: UInt32?
            switch entity {
            case "lt": scalar = 0x3C
            case "gt": scalar = 0x3E
            case "amp": scalar = 0x26
            case "quot": scalar = 0x22
            case "apos": scalar = 0x27
            case let text where text.hasPrefix("#x"): scalar = UInt32(text.dropFirst(2), radix: 16)
            case let text where text.hasPrefix("#"): scalar = UInt32(text.dropFirst(), radix: 10)
            default: scalar = nil
            }
            if let value = scalar.flatMap(Unicode.Scalar.init) {
                UTF8.encode(value) { out.append($0) }
                index = semicolon + 1
            } else {
                out.append(byte)
                index += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
