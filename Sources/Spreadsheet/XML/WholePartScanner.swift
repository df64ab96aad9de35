import Foundation

/// Reads a small part held whole in memory (the workbook part, shared strings, styles, relationships,
/// content types, document properties) without libxml2, whose parser context alone costs more than such a
/// part's whole reading.
///
/// It accepts only a strict subset of XML 1.0 in UTF-8: an optional byte-order mark and XML declaration
/// (version 1.0, encoding UTF-8, standalone), then one element tree of ASCII names with at most one
/// prefix each, declared namespaces, quoted attributes, and text holding the five named entities,
/// character references, tabs and line feeds. A document outside that subset (a comment, processing
/// instruction, CDATA section or document type, a carriage return inside the root, bytes that are not
/// valid UTF-8 or a character XML 1.0 forbids, an undeclared prefix, an attribute twice, a mismatched end
/// tag, anything after the root, a construct longer than `ReadLimits.maxMarkupBytes`, nesting deeper than
/// `ReadLimits.maxXMLDepth`) is refused as a whole before any event is delivered, and the part is read
/// by libxml2 as it always was: every error, message and limit comes from that one path, and the two can
/// never disagree.
///
/// The first pass checks the part and records its events, decoding entities in place (a reference is
/// never shorter than the UTF-8 of the character it stands for) and ending each name and value with a
/// NUL where its delimiter was, as libxml2's SAX2 interface hands them over. The second pass delivers the events
/// through the same `XMLStreamParser` the libxml2 path uses, so a handler's `fail` and `stop` behave
/// alike. Text comes in one event per run between tags, where libxml2 may cut it at entities and chunk
/// boundaries; every handler joins the pieces.
struct WholePartScanner {
    /// Parts up to this size are held whole and scanned; larger ones are streamed through libxml2.
    static let maxPartBytes = 4 << 20
    /// libxml2 refuses nesting deeper than 256 on its own; the scanner stays below that.
    private static let maxNesting = 255
    /// Longer names go to libxml2, which has a limit of its own.
    private static let maxNameBytes = 1000
    /// Tags with more attributes (and namespace declarations) than this go to libxml2.
    private static let maxAttributes = 64

    private struct Element {
        var local: Int
        var localLength: Int
        /// -1 when the name has no prefix.
        var prefix: Int
        var prefixLength: Int
        /// The offset of the NUL-terminated namespace URI, or `noNamespace`, or `xmlNamespace`.
        var uri: Int
        var firstAttribute: Int
        var attributeCount: Int
        /// The namespace declarations in force before this element's own.
        var scope: Int
    }

    private struct Attribute {
        var local: Int
        var prefix: Int
        var uri: Int
        var value: Int
        var valueEnd: Int
    }

    private enum Event {
        case start(Int)
        case end(Int)
        case text(Int, Int)
    }

    private struct Declaration {
        /// The prefix's bytes; a length of 0 is the default namespace.
        var prefix: Int
        var prefixLength: Int
        var uri: Int
    }

    private static let noNamespace = -1
    private static let xmlNamespace = -2
    private static let xmlNamespaceURI: StaticString = "http://www.w3.org/XML/1998/namespace"
    private static let xmlnsNamespaceURI: StaticString = "http://www.w3.org/2000/xmlns/"

    private let base: UnsafeMutablePointer<UInt8>
    private let count: Int
    private let maxMarkupBytes: Int
    private let maxDepth: Int
    private var elements: [Element] = []
    private var attributes: [Attribute] = []
    private var events: [Event] = []
    private var declarations: [Declaration] = []
    /// Attributes of the tag being read, before their namespaces are known.
    private var pending: [(name: Int, colon: Int, nameEnd: Int, value: Int, valueEnd: Int, isDeclaration: Bool)] = []

    /// Scans `bytes` (which it changes: entities are decoded and names ended in place). Nil when the part
    /// is outside the subset and must be read by libxml2.
    init?(scanning base: UnsafeMutablePointer<UInt8>, count: Int, maxMarkupBytes: Int, maxDepth: Int) {
        self.base = base
        self.count = count
        self.maxMarkupBytes = maxMarkupBytes
        self.maxDepth = min(maxDepth, Self.maxNesting)
        // About one event per 24 bytes in the parts of real workbooks.
        events.reserveCapacity(count / 24 + 8)
        elements.reserveCapacity(count / 48 + 4)
        attributes.reserveCapacity(count / 48 + 4)
        guard scan() else { return nil }
    }

    /// Hands the recorded events to the parser's handler, until the handler stops or fails the parse.
    func deliver(to parser: XMLStreamParser) throws {
        let slots = UnsafeMutablePointer<UnsafePointer<UInt8>?>.allocate(capacity: Self.maxAttributes * 5)
        defer { slots.deallocate() }
        for event in events {
            if parser.failed || parser.stoppedByHandler { break }
            switch event {
            case let .start(index):
                let element = elements[index]
                for offset in 0..<element.attributeCount {
                    let attribute = attributes[element.firstAttribute + offset]
                    let slot = slots + offset * 5
                    slot[0] = UnsafePointer(base + attribute.local)
                    slot[1] = attribute.prefix < 0 ? nil : UnsafePointer(base + attribute.prefix)
                    slot[2] = uri(attribute.uri)
                    slot[3] = UnsafePointer(base + attribute.value)
                    slot[4] = UnsafePointer(base + attribute.valueEnd)
                }
                parser.deliverStart(XMLName(local: base + element.local, namespace: uri(element.uri)),
                                    XMLAttributes(base: element.attributeCount == 0 ? nil : slots, count: element.attributeCount))
            case let .end(index):
                let element = elements[index]
                parser.deliverEnd(XMLName(local: base + element.local, namespace: uri(element.uri)))
            case let .text(start, length):
                parser.deliverText(UnsafeBufferPointer(start: base + start, count: length))
            }
        }
        if let failure = parser.failure { throw failure }
    }

    private func uri(_ offset: Int) -> UnsafePointer<UInt8>? {
        switch offset {
        case Self.noNamespace: nil
        case Self.xmlNamespace: Self.xmlNamespaceURI.utf8Start
        default: UnsafePointer(base + offset)
        }
    }

    // MARK: The first pass

    private mutating func scan() -> Bool {
        var index = 0
        if count >= 3, base[0] == 0xEF, base[1] == 0xBB, base[2] == 0xBF { index = 3 }
        if matches("<?xml", at: index) {
            guard let after = declaration(at: index) else { return false }
            index = after
        }
        var open: [Int] = []
        var sawRoot = false
        while index < count {
            if base[index] == UInt8(ascii: "<") {
                guard index + 1 < count else { return false }
                if base[index + 1] == UInt8(ascii: "/") {
                    guard let top = open.last, let after = endTag(at: index, of: top) else { return false }
                    open.removeLast()
                    declarations.removeSubrange(elements[top].scope...)
                    events.append(.end(top))
                    index = after
                } else {
                    guard !sawRoot || !open.isEmpty, open.count < maxDepth,
                          let (after, element, empty) = startTag(at: index) else { return false }
                    sawRoot = true
                    if empty {
                        declarations.removeSubrange(elements[element].scope...)
                        events.append(.end(element))
                    } else {
                        open.append(element)
                    }
                    index = after
                }
            } else {
                let stop = memchr(base + index, Int32(UInt8(ascii: "<")), count - index)
                    .map { UnsafeMutableRawPointer($0).assumingMemoryBound(to: UInt8.self) - base } ?? count
                if open.isEmpty {
                    // Before and after the root only blanks are read here, and never delivered, so a
                    // carriage return (Excel ends its XML declaration with CR LF) needs no translating.
                    for position in index..<stop where !isSpace(base[position]) && base[position] != 0x0D { return false }
                } else {
                    guard let end = decode(from: index, to: stop, inAttribute: false) else { return false }
                    if end > index { events.append(.text(index, end - index)) }
                }
                index = stop
            }
        }
        return sawRoot && open.isEmpty
    }

    /// `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>`, each part after the version optional.
    private func declaration(at start: Int) -> Int? {
        var index = start + 5
        func pseudoAttribute(_ name: StaticString, _ accepts: (String) -> Bool) -> Bool {
            var position = index
            guard position < count, isSpace(base[position]) else { return false }
            while position < count, isSpace(base[position]) { position += 1 }
            guard matches(name, at: position) else { return false }
            position += name.utf8CodeUnitCount
            while position < count, isSpace(base[position]) { position += 1 }
            guard position < count, base[position] == UInt8(ascii: "=") else { return false }
            position += 1
            while position < count, isSpace(base[position]) { position += 1 }
            guard position < count, base[position] == UInt8(ascii: "\"") || base[position] == UInt8(ascii: "'") else { return false }
            let quote = base[position]
            let valueStart = position + 1
            position = valueStart
            while position < count, position - valueStart < 16, base[position] != quote { position += 1 }
            guard position < count, base[position] == quote else { return false }
            let value = String(decoding: UnsafeBufferPointer(start: base + valueStart, count: position - valueStart), as: UTF8.self)
            guard accepts(value) else { return false }
            index = position + 1
            return true
        }
        guard pseudoAttribute("version", { $0 == "1.0" }) else { return nil }
        _ = pseudoAttribute("encoding") { $0.lowercased() == "utf-8" }
        _ = pseudoAttribute("standalone") { $0 == "yes" || $0 == "no" }
        while index < count, isSpace(base[index]) { index += 1 }
        guard matches("?>", at: index) else { return nil }
        return index + 2 - start > maxMarkupBytes ? nil : index + 2
    }

    /// Reads a start tag; returns where it ends, its element's index and whether it was empty (`<a/>`).
    private mutating func startTag(at start: Int) -> (Int, Int, Bool)? {
        guard let (nameEnd, colon) = qualifiedName(at: start + 1) else { return nil }
        var index = nameEnd
        var empty = false
        pending.removeAll(keepingCapacity: true)
        var declarationCount = 0
        let classes = Self.byteClasses
        while true {
            var blank = false
            while index < count, isSpace(base[index]) {
                index += 1
                blank = true
            }
            guard index < count else { return nil }
            if base[index] == UInt8(ascii: ">") {
                index += 1
                break
            }
            if base[index] == UInt8(ascii: "/") {
                guard index + 1 < count, base[index + 1] == UInt8(ascii: ">") else { return nil }
                empty = true
                index += 2
                break
            }
            guard blank, pending.count < Self.maxAttributes, let (attributeEnd, attributeColon) = qualifiedName(at: index) else { return nil }
            let name = index
            index = attributeEnd
            while index < count, isSpace(base[index]) { index += 1 }
            guard index < count, base[index] == UInt8(ascii: "=") else { return nil }
            index += 1
            while index < count, isSpace(base[index]) { index += 1 }
            guard index < count, base[index] == UInt8(ascii: "\"") || base[index] == UInt8(ascii: "'") else { return nil }
            let quote = base[index]
            let value = index + 1
            // Most values are plain to their quote, which ends them with nothing to decode; any other
            // value is looked for its quote and decoded.
            var close = value
            while close < count, classes[Int(base[close])] & Self.plainUnquotedValue != 0 { close += 1 }
            var valueEnd = close
            if close >= count || base[close] != quote {
                guard let found = memchr(base + value, Int32(quote), count - value) else { return nil }
                close = UnsafeMutableRawPointer(found).assumingMemoryBound(to: UInt8.self) - base
                guard let decoded = decode(from: value, to: close, inAttribute: true) else { return nil }
                valueEnd = decoded
            }
            pending.append((name, attributeColon, attributeEnd, value, valueEnd, isDeclaration(name, attributeColon, attributeEnd)))
            declarationCount += pending[pending.count - 1].isDeclaration ? 1 : 0
            index = close + 1
        }
        guard index - start <= maxMarkupBytes, !hasDuplicateNames() else { return nil }

        // Namespace declarations first: they apply to the element's own name and attributes.
        let scope = declarations.count
        for attribute in pending where declarationCount > 0 && attribute.isDeclaration {
            let uri = attribute.value, length = attribute.valueEnd - attribute.value
            if attribute.colon < 0 {
                guard length == 0 || isSafeURI(uri, length) else { return nil }
                declarations.append(Declaration(prefix: 0, prefixLength: 0, uri: length == 0 ? Self.noNamespace : uri))
            } else {
                let prefix = attribute.colon + 1, prefixLength = attribute.nameEnd - prefix
                guard isSafeURI(uri, length), !(prefixLength >= 3 && matches("xml", at: prefix)) else { return nil }
                declarations.append(Declaration(prefix: prefix, prefixLength: prefixLength, uri: uri))
            }
        }
        let elementURI: Int
        if colon < 0 {
            elementURI = lookUp(prefix: 0, length: 0) ?? Self.noNamespace
        } else {
            guard let found = lookUp(prefix: start + 1, length: colon - start - 1), found != Self.noNamespace else { return nil }
            elementURI = found
        }
        let firstAttribute = attributes.count
        for attribute in pending where !attribute.isDeclaration {
            var uri = Self.noNamespace
            var local = attribute.name
            if attribute.colon >= 0 {
                let prefixLength = attribute.colon - attribute.name
                local = attribute.colon + 1
                if prefixLength == 3, matches("xml", at: attribute.name) {
                    // Only `xml:space`, whose value libxml2 checks, and only with a value it accepts.
                    let length = attribute.valueEnd - attribute.value
                    guard attribute.nameEnd - local == 5, matches("space", at: local),
                          length == 8 && matches("preserve", at: attribute.value) || length == 7 && matches("default", at: attribute.value)
                    else { return nil }
                    uri = Self.xmlNamespace
                } else {
                    guard let found = lookUp(prefix: attribute.name, length: prefixLength), found != Self.noNamespace else { return nil }
                    uri = found
                }
                base[attribute.colon] = 0
            }
            attributes.append(Attribute(local: local, prefix: attribute.colon >= 0 ? attribute.name : -1, uri: uri,
                                        value: attribute.value, valueEnd: attribute.valueEnd))
        }
        // Every byte of the tag has been read: names and values are now ended with NULs in place.
        for attribute in pending {
            base[attribute.nameEnd] = 0
            base[attribute.valueEnd] = 0
        }
        let hasPrefix = colon >= 0
        elements.append(Element(local: hasPrefix ? colon + 1 : start + 1, localLength: hasPrefix ? nameEnd - colon - 1 : nameEnd - start - 1,
                                prefix: hasPrefix ? start + 1 : -1, prefixLength: hasPrefix ? colon - start - 1 : 0, uri: elementURI,
                                firstAttribute: firstAttribute, attributeCount: attributes.count - firstAttribute, scope: scope))
        if hasPrefix { base[colon] = 0 }
        base[nameEnd] = 0
        let element = elements.count - 1
        events.append(.start(element))
        return (index, element, empty)
    }

    /// Reads `</name>`, which must name the element open at that point exactly.
    private func endTag(at start: Int, of index: Int) -> Int? {
        let element = elements[index]
        var position = start + 2
        if element.prefix >= 0 {
            guard position + element.prefixLength < count,
                  memcmp(base + position, base + element.prefix, element.prefixLength) == 0,
                  base[position + element.prefixLength] == UInt8(ascii: ":") else { return nil }
            position += element.prefixLength + 1
        }
        guard position + element.localLength <= count, memcmp(base + position, base + element.local, element.localLength) == 0 else { return nil }
        position += element.localLength
        while position < count, isSpace(base[position]) { position += 1 }
        guard position < count, base[position] == UInt8(ascii: ">"), position + 1 - start <= maxMarkupBytes else { return nil }
        return position + 1
    }

    /// An ASCII name with at most one colon, which must have a name on each side. Returns the index after
    /// the name and the colon's index (or -1).
    private func qualifiedName(at start: Int) -> (Int, Int)? {
        guard start < count, isNameStart(base[start]) else { return nil }
        var index = start + 1
        var colon = -1
        let classes = Self.byteClasses
        while index < count, classes[Int(base[index])] & Self.nameByte != 0 {
            if base[index] == UInt8(ascii: ":") {
                guard colon < 0, index + 1 < count, isNameStart(base[index + 1]) else { return nil }
                colon = index
            }
            index += 1
        }
        // libxml2 refuses names over 50,000 bytes (XML_MAX_NAME_LENGTH); real ones are short.
        guard index - start <= Self.maxNameBytes else { return nil }
        // The name must end at a delimiter, not at a byte of some other name character (non-ASCII).
        guard index < count, isSpace(base[index]) || base[index] == UInt8(ascii: ">") || base[index] == UInt8(ascii: "/")
                || base[index] == UInt8(ascii: "=") else { return nil }
        return (index, colon)
    }

    private func isDeclaration(_ name: Int, _ colon: Int, _ nameEnd: Int) -> Bool {
        colon < 0 ? nameEnd - name == 5 && matches("xmlns", at: name) : colon - name == 5 && matches("xmlns", at: name)
    }

    /// Two declarations of one prefix, or two attributes with the same local name that are both prefixed
    /// or both not. libxml2 refuses the first kind, and the second when both names are in one namespace;
    /// all such tags are left to it.
    private func hasDuplicateNames() -> Bool {
        guard pending.count > 1 else { return false }
        /// 0 for a declaration, 1 for a prefixed attribute, 2 for one without a prefix; then the bytes
        /// compared: the declared prefix (empty for the default namespace) or the local name.
        func key(_ index: Int) -> (Int, Int, Int) {
            let attribute = pending[index]
            if attribute.isDeclaration {
                return attribute.colon < 0 ? (0, attribute.nameEnd, 0) : (0, attribute.colon + 1, attribute.nameEnd - attribute.colon - 1)
            }
            return attribute.colon < 0 ? (2, attribute.name, attribute.nameEnd - attribute.name) : (1, attribute.colon + 1, attribute.nameEnd - attribute.colon - 1)
        }
        for first in 0..<pending.count - 1 {
            let a = key(first)
            for second in first + 1..<pending.count {
                let b = key(second)
                if a.0 == b.0, a.2 == b.2, memcmp(base + a.1, base + b.1, a.2) == 0 { return true }
            }
        }
        return false
    }

    /// The URI bound to a prefix (length 0: the default namespace), innermost first.
    private func lookUp(prefix: Int, length: Int) -> Int? {
        for declaration in declarations.reversed() where declaration.prefixLength == length {
            if length == 0 || memcmp(base + declaration.prefix, base + prefix, length) == 0 { return declaration.uri }
        }
        return nil
    }

    /// A URI libxml2 takes without a word: a scheme, then only unreserved and common delimiter characters,
    /// and neither of the two namespaces XML reserves.
    private func isSafeURI(_ start: Int, _ length: Int) -> Bool {
        guard length > 0, isLetter(base[start]) else { return false }
        var sawColon = false
        for index in start..<start + length {
            let byte = base[index]
            if byte == UInt8(ascii: ":") {
                sawColon = true
                continue
            }
            guard isLetter(byte) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || Self.uriDelimiters.contains(byte) else { return false }
            if !sawColon, !(isLetter(byte) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "+")
                            || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")) { return false }
        }
        let bytes = UnsafeBufferPointer(start: base + start, count: length)
        let xml = UnsafeBufferPointer(start: Self.xmlNamespaceURI.utf8Start, count: Self.xmlNamespaceURI.utf8CodeUnitCount)
        let xmlns = UnsafeBufferPointer(start: Self.xmlnsNamespaceURI.utf8Start, count: Self.xmlnsNamespaceURI.utf8CodeUnitCount)
        return sawColon && !bytes.elementsEqual(xml) && !bytes.elementsEqual(xmlns)
    }

    private static let uriDelimiters: [UInt8] = Array("-._~/#?=,+@".utf8)

    // MARK: Text

    /// Checks and decodes text or an attribute value in place; returns where the decoded bytes end, or nil
    /// for anything libxml2 might read otherwise. In a value, tabs and line feeds become spaces (attribute
    /// value normalisation); a character reference is kept as the character it names.
    private func decode(from start: Int, to end: Int, inAttribute: Bool) -> Int? {
        // Most text and values are plain ASCII with nothing to decode: they are only looked at.
        var read = start
        let classes = Self.byteClasses
        if inAttribute {
            while read < end, classes[Int(base[read])] & Self.plainInValue != 0 { read += 1 }
        } else {
            while read < end, classes[Int(base[read])] & Self.plainInText != 0 { read += 1 }
        }
        var write = read
        while read < end {
            let byte = base[read]
            if byte >= 0x20, byte < 0x80 {
                if byte == UInt8(ascii: "&") {
                    guard let (after, scalar) = reference(at: read, end: end) else { return nil }
                    read = after
                    write += encode(scalar, at: write)
                    continue
                }
                if inAttribute {
                    if byte == UInt8(ascii: "<") { return nil }
                } else if byte == UInt8(ascii: "]"), read + 2 < end, base[read + 1] == UInt8(ascii: "]"), base[read + 2] == UInt8(ascii: ">") {
                    return nil
                }
                base[write] = byte
                read += 1
                write += 1
            } else if byte == 0x09 || byte == 0x0A {
                base[write] = inAttribute ? 0x20 : byte
                read += 1
                write += 1
            } else if byte < 0x20 {
                return nil
            } else {
                guard let length = utf8Length(at: read, end: end) else { return nil }
                for offset in 0..<length { base[write + offset] = base[read + offset] }
                read += length
                write += length
            }
        }
        return write
    }

    /// The length of a valid UTF-8 sequence at `index` naming a character XML 1.0 allows, or nil.
    private func utf8Length(at index: Int, end: Int) -> Int? {
        let lead = base[index]
        func continuation(_ offset: Int, _ low: UInt8 = 0x80, _ high: UInt8 = 0xBF) -> Bool {
            index + offset < end && base[index + offset] >= low && base[index + offset] <= high
        }
        switch lead {
        case 0xC2...0xDF:
            return continuation(1) ? 2 : nil
        case 0xE0:
            return continuation(1, 0xA0) && continuation(2) ? 3 : nil
        case 0xED:
            // U+D800 to U+DFFF are surrogates, not characters.
            return continuation(1, 0x80, 0x9F) && continuation(2) ? 3 : nil
        case 0xEF:
            guard continuation(1), continuation(2) else { return nil }
            // U+FFFE and U+FFFF are not XML characters.
            return base[index + 1] == 0xBF && base[index + 2] >= 0xBE ? nil : 3
        case 0xE1...0xEC, 0xEE:
            return continuation(1) && continuation(2) ? 3 : nil
        case 0xF0:
            return continuation(1, 0x90) && continuation(2) && continuation(3) ? 4 : nil
        case 0xF1...0xF3:
            return continuation(1) && continuation(2) && continuation(3) ? 4 : nil
        case 0xF4:
            return continuation(1, 0x80, 0x8F) && continuation(2) && continuation(3) ? 4 : nil
        default:
            return nil
        }
    }

    /// A named entity of the five XML predefines, or a character reference naming an XML character.
    private func reference(at start: Int, end: Int) -> (Int, UInt32)? {
        let limit = min(end, start + 12)
        var semicolon = start + 1
        while semicolon < limit, base[semicolon] != UInt8(ascii: ";") { semicolon += 1 }
        guard semicolon < limit else { return nil }
        let name = UnsafeBufferPointer(start: base + start + 1, count: semicolon - start - 1)
        let after = semicolon + 1
        if name.first == UInt8(ascii: "#") {
            var value: UInt32 = 0
            let hex = name.count > 1 && name[1] == UInt8(ascii: "x")
            let digits = name.dropFirst(hex ? 2 : 1)
            guard !digits.isEmpty, digits.count <= 8 else { return nil }
            for digit in digits {
                let number: UInt32
                switch digit {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): number = UInt32(digit - UInt8(ascii: "0"))
                case UInt8(ascii: "a")...UInt8(ascii: "f") where hex: number = UInt32(digit - UInt8(ascii: "a") + 10)
                case UInt8(ascii: "A")...UInt8(ascii: "F") where hex: number = UInt32(digit - UInt8(ascii: "A") + 10)
                default: return nil
                }
                value = value * (hex ? 16 : 10) + number
            }
            let allowed = value == 0x09 || value == 0x0A || value == 0x0D || (0x20...0xD7FF).contains(value)
                || (0xE000...0xFFFD).contains(value) || (0x10000...0x10FFFF).contains(value)
            return allowed ? (after, value) : nil
        }
        switch name.count {
        case 2 where name[1] == UInt8(ascii: "t"):
            if name[0] == UInt8(ascii: "l") { return (after, 0x3C) }
            if name[0] == UInt8(ascii: "g") { return (after, 0x3E) }
        case 3 where name.elementsEqual("amp".utf8): return (after, 0x26)
        case 4 where name.elementsEqual("apos".utf8): return (after, 0x27)
        case 4 where name.elementsEqual("quot".utf8): return (after, 0x22)
        default: break
        }
        return nil
    }

    /// Writes a character as UTF-8 and returns its length (never longer than the reference it replaces).
    private func encode(_ value: UInt32, at index: Int) -> Int {
        switch value {
        case ..<0x80:
            base[index] = UInt8(value)
            return 1
        case ..<0x800:
            base[index] = UInt8(0xC0 | (value >> 6))
            base[index + 1] = UInt8(0x80 | (value & 0x3F))
            return 2
        case ..<0x10000:
            base[index] = UInt8(0xE0 | (value >> 12))
            base[index + 1] = UInt8(0x80 | ((value >> 6) & 0x3F))
            base[index + 2] = UInt8(0x80 | (value & 0x3F))
            return 3
        default:
            base[index] = UInt8(0xF0 | (value >> 18))
            base[index + 1] = UInt8(0x80 | ((value >> 12) & 0x3F))
            base[index + 2] = UInt8(0x80 | ((value >> 6) & 0x3F))
            base[index + 3] = UInt8(0x80 | (value & 0x3F))
            return 4
        }
    }

    // MARK: Bytes

    private func matches(_ text: StaticString, at index: Int) -> Bool {
        let length = text.utf8CodeUnitCount
        return index + length <= count && memcmp(base + index, text.utf8Start, length) == 0
    }

    /// XML's blanks without the carriage return, which libxml2 turns into a line feed (left to it).
    @inline(__always)
    private func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x0A || byte == 0x09 }

    @inline(__always)
    private func isLetter(_ byte: UInt8) -> Bool { Self.isLetter(byte) }

    @inline(__always)
    private static func isLetter(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
    }

    @inline(__always)
    private func isNameStart(_ byte: UInt8) -> Bool { isLetter(byte) || byte == UInt8(ascii: "_") }

    /// What each byte is to the scanner's loops, one bit per class: a table, so that a byte costs a load
    /// and a test. Filled once and only read after, so threads share it safely.
    nonisolated(unsafe) private static let byteClasses: UnsafePointer<UInt8> = {
        let classes = UnsafeMutablePointer<UInt8>.allocate(capacity: 256)
        classes.initialize(repeating: 0, count: 256)
        for byte in UInt8(0x20)..<0x7F {
            if isLetter(byte) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || Array("_-.:".utf8).contains(byte) {
                classes[Int(byte)] |= nameByte
            }
            if byte != UInt8(ascii: "&"), byte != UInt8(ascii: "]") { classes[Int(byte)] |= plainInText }
            if byte != UInt8(ascii: "&"), byte != UInt8(ascii: "<") {
                classes[Int(byte)] |= plainInValue
                if byte != UInt8(ascii: "\""), byte != UInt8(ascii: "'") { classes[Int(byte)] |= plainUnquotedValue }
            }
        }
        return UnsafePointer(classes)
    }()

    /// Letters, digits, `_`, `-`, `.` and `:`.
    private static let nameByte: UInt8 = 1
    /// Printable ASCII but `&` and `]` (which may start `]]>`).
    private static let plainInText: UInt8 = 2
    /// Printable ASCII but `&` and `<`.
    private static let plainInValue: UInt8 = 4
    /// Printable ASCII but `&`, `<` and either quote.
    private static let plainUnquotedValue: UInt8 = 8
}
