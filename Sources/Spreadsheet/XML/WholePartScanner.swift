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

    /// One recorded event: a start tag (`attributeCount` at least 0, its attributes' slots from
    /// `firstSlot`), an end tag (`attributeCount` is `endEvent`) or a run of text (`textEvent`: `local` is
    /// where it starts and `uri` its length). Offsets fit in 32 bits: a held part is at most 4 MiB.
    private struct Event {
        var local: Int32
        var uri: Int32
        var firstSlot: Int32
        var attributeCount: Int32
    }

    private static let endEvent: Int32 = -1
    private static let textEvent: Int32 = -2

    /// An element whose end tag has not been read yet.
    private struct OpenElement {
        /// The prefix's first byte, or the local name's when there is no prefix.
        var name: Int32
        /// -1 when the name has no prefix.
        var prefixLength: Int32
        var local: Int32
        var localLength: Int32
        var uri: Int32
        /// The namespace declarations, and the default namespace, in force before this element's own.
        var scope: Int32
        var defaultURI: Int32
    }

    /// An attribute of the tag being read, before its namespace is known.
    private struct PendingAttribute {
        var name: Int32
        /// -1 when the name has no prefix.
        var colon: Int32
        var nameEnd: Int32
        var value: Int32
        var valueEnd: Int32
        /// What two attributes must not share (see `hasDuplicateNames`): the kind (0 a declaration, 1 a
        /// prefixed attribute, 2 one without a prefix) and the bytes compared.
        var keyKind: Int32
        var key: Int32
        var keyLength: Int32
    }

    private struct Declaration {
        /// The prefix's bytes.
        var prefix: Int32
        var prefixLength: Int32
        var uri: Int32
    }

    private static let noNamespace: Int32 = -1
    private static let xmlNamespace: Int32 = -2
    private static let xmlNamespaceURI: StaticString = "http://www.w3.org/XML/1998/namespace"
    private static let xmlnsNamespaceURI: StaticString = "http://www.w3.org/2000/xmlns/"

    private let base: UnsafeMutablePointer<UInt8>
    private let count: Int
    private let maxMarkupBytes: Int
    private let maxDepth: Int
    /// `byteClasses`, read once: a static is reached through a lazy-initialisation check on every use.
    private let classes: UnsafePointer<UInt16>
    private var events: Buffer<Event>
    /// Five pointers per attribute, in the layout `XMLAttributes` reads, written as each tag is read.
    private var slots: Buffer<UnsafePointer<UInt8>?>
    private var declarations: Buffer<Declaration>
    private let open: UnsafeMutablePointer<OpenElement>
    private var depth = 0
    private let pending: UnsafeMutablePointer<PendingAttribute>
    private var pendingCount = 0
    /// The innermost default namespace declared, or `noNamespace`.
    private var defaultURI = noNamespace

    /// Scans the `count` bytes at `base` (which it changes: entities are decoded and names ended in place;
    /// `base[count]` must be there too, and is set to NUL, so that the loops over names, blanks and plain
    /// text stop at the end without a test of their own) and, when the part is within the subset, delivers its events to `parser`'s handler until the handler stops or fails
    /// the parse. False, with nothing delivered, when the part must be read by libxml2.
    static func read(_ base: UnsafeMutablePointer<UInt8>, count: Int, maxMarkupBytes: Int, maxDepth: Int,
                     into parser: XMLStreamParser) throws -> Bool {
        guard count < Int(Int32.max) else { return false }
        base[count] = 0
        var scanner = WholePartScanner(base: base, count: count, maxMarkupBytes: maxMarkupBytes, maxDepth: maxDepth)
        defer { scanner.deallocate() }
        guard scanner.scan() else { return false }
        try scanner.deliver(to: parser)
        return true
    }

    private init(base: UnsafeMutablePointer<UInt8>, count: Int, maxMarkupBytes: Int, maxDepth: Int) {
        self.base = base
        self.count = count
        self.maxMarkupBytes = maxMarkupBytes
        self.maxDepth = min(maxDepth, Self.maxNesting)
        classes = Self.byteClasses
        // About one event per 24 bytes, and one attribute per 32, in the parts of real workbooks; room
        // for a little more spares a copy when a part has more.
        events = Buffer(capacity: count / 16 + 8)
        slots = Buffer(capacity: (count / 24 + 4) * 5)
        declarations = Buffer(capacity: 16)
        open = .allocate(capacity: Self.maxNesting + 1)
        pending = .allocate(capacity: Self.maxAttributes)
    }

    private func deallocate() {
        events.deallocate()
        slots.deallocate()
        declarations.deallocate()
        open.deallocate()
        pending.deallocate()
    }

    private func deliver(to parser: XMLStreamParser) throws {
        for index in 0..<events.count {
            if parser.failed || parser.stoppedByHandler { break }
            let event = events[index]
            switch event.attributeCount {
            case Self.endEvent:
                parser.deliverEnd(XMLName(local: base + Int(event.local), namespace: uri(event.uri)))
            case Self.textEvent:
                parser.deliverText(UnsafeBufferPointer(start: base + Int(event.local), count: Int(event.uri)))
            default:
                parser.deliverStart(XMLName(local: base + Int(event.local), namespace: uri(event.uri)),
                                    XMLAttributes(base: event.attributeCount == 0 ? nil : slots.start + Int(event.firstSlot),
                                                  count: Int(event.attributeCount)))
            }
        }
        if let failure = parser.failure { throw failure }
    }

    @inline(__always)
    private func uri(_ offset: Int32) -> UnsafePointer<UInt8>? {
        switch offset {
        case Self.noNamespace: nil
        case Self.xmlNamespace: Self.xmlNamespaceURI.utf8Start
        default: UnsafePointer(base + Int(offset))
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
        var sawRoot = false
        while index < count {
            if base[index] == UInt8(ascii: "<") {
                guard index + 1 < count else { return false }
                if base[index + 1] == UInt8(ascii: "/") {
                    guard depth > 0, let after = endTag(at: index, of: open[depth - 1]) else { return false }
                    depth -= 1
                    let element = open[depth]
                    declarations.count = Int(element.scope)
                    defaultURI = element.defaultURI
                    events.append(Event(local: element.local, uri: element.uri, firstSlot: 0, attributeCount: Self.endEvent))
                    index = after
                } else {
                    guard !sawRoot || depth > 0, depth < maxDepth, let after = startTag(at: index) else { return false }
                    sawRoot = true
                    index = after
                }
            } else {
                let stop = memchr(base + index, Int32(UInt8(ascii: "<")), count - index)
                    .map { UnsafeMutableRawPointer($0).assumingMemoryBound(to: UInt8.self) - base } ?? count
                if depth == 0 {
                    // Before and after the root only blanks are read here, and never delivered, so a
                    // carriage return (Excel ends its XML declaration with CR LF) needs no translating.
                    for position in index..<stop where !isSpace(base[position]) && base[position] != 0x0D { return false }
                } else {
                    guard let end = decode(from: index, to: stop, inAttribute: false) else { return false }
                    if end > index { events.append(Event(local: offset(index), uri: offset(end - index), firstSlot: 0, attributeCount: Self.textEvent)) }
                }
                index = stop
            }
        }
        return sawRoot && depth == 0
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

    /// Reads a start tag and records its events (an empty one, `<a/>`, is also ended); returns where it
    /// ends.
    private mutating func startTag(at start: Int) -> Int? {
        guard let (nameEnd, colon) = qualifiedName(at: start + 1) else { return nil }
        var index = nameEnd
        var empty = false
        pendingCount = 0
        var declarationCount = 0
        while true {
            var blank = false
            while isSpace(base[index]) {
                index &+= 1
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
            guard blank, pendingCount < Self.maxAttributes, let (attributeEnd, attributeColon) = qualifiedName(at: index) else { return nil }
            let name = index
            index = attributeEnd
            while isSpace(base[index]) { index &+= 1 }
            guard index < count, base[index] == UInt8(ascii: "=") else { return nil }
            index += 1
            while isSpace(base[index]) { index &+= 1 }
            guard index < count, base[index] == UInt8(ascii: "\"") || base[index] == UInt8(ascii: "'") else { return nil }
            let quote = base[index]
            let value = index + 1
            // Most values are plain to their quote, which ends them with nothing to decode; any other
            // value is looked for its quote and decoded.
            var close = value
            while classes[Int(base[close])] & Self.plainUnquotedValue != 0 { close &+= 1 }
            var valueEnd = close
            if close >= count || base[close] != quote {
                guard let found = memchr(base + value, Int32(quote), count - value) else { return nil }
                close = UnsafeMutableRawPointer(found).assumingMemoryBound(to: UInt8.self) - base
                guard let decoded = decode(from: value, to: close, inAttribute: true) else { return nil }
                valueEnd = decoded
            }
            let prefixEnd = attributeColon < 0 ? attributeEnd : attributeColon
            let isDeclaration = prefixEnd - name == 5 && matches("xmlns", at: name)
            // A declaration is keyed by its prefix (none for the default namespace), an attribute by its
            // local name.
            let keyStart = attributeColon < 0 ? (isDeclaration ? attributeEnd : name) : attributeColon + 1
            pending[pendingCount] = PendingAttribute(
                name: offset(name), colon: offset(attributeColon), nameEnd: offset(attributeEnd), value: offset(value), valueEnd: offset(valueEnd),
                keyKind: isDeclaration ? 0 : (attributeColon < 0 ? 2 : 1), key: offset(keyStart), keyLength: offset(attributeEnd - keyStart))
            pendingCount += 1
            if isDeclaration { declarationCount += 1 }
            index = close + 1
        }
        guard index - start <= maxMarkupBytes, !hasDuplicateNames() else { return nil }

        // Namespace declarations first: they apply to the element's own name and attributes. A tag
        // without any leaves the scope as it was.
        let scope = offset(declarations.count)
        let outerDefault = defaultURI
        if declarationCount > 0 {
            for attribute in UnsafeBufferPointer(start: pending, count: pendingCount) where attribute.keyKind == 0 {
                let uri = Int(attribute.value), length = Int(attribute.valueEnd - attribute.value)
                if attribute.colon < 0 {
                    guard length == 0 || isSafeURI(uri, length) else { return nil }
                    // Only the element's own name can be in the default namespace: it is kept aside, not
                    // among the prefixes.
                    defaultURI = length == 0 ? Self.noNamespace : attribute.value
                } else {
                    guard isSafeURI(uri, length), !(attribute.keyLength >= 3 && matches("xml", at: Int(attribute.key))) else { return nil }
                    declarations.append(Declaration(prefix: attribute.key, prefixLength: attribute.keyLength, uri: attribute.value))
                }
            }
        }
        let elementURI: Int32
        if colon < 0 {
            elementURI = defaultURI
        } else {
            guard let found = lookUp(prefix: start + 1, length: colon - start - 1), found != Self.noNamespace else { return nil }
            elementURI = found
        }
        let firstSlot = slots.count
        var attributeCount: Int32 = 0
        for attribute in UnsafeBufferPointer(start: pending, count: pendingCount) where attribute.keyKind != 0 {
            var uri: UnsafePointer<UInt8>?
            var prefix: UnsafePointer<UInt8>?
            if attribute.colon >= 0 {
                let prefixLength = Int(attribute.colon - attribute.name)
                if prefixLength == 3, matches("xml", at: Int(attribute.name)) {
                    // Only `xml:space`, whose value libxml2 checks, and only with a value it accepts.
                    let length = attribute.valueEnd - attribute.value
                    guard attribute.keyLength == 5, matches("space", at: Int(attribute.key)),
                          length == 8 && matches("preserve", at: Int(attribute.value)) || length == 7 && matches("default", at: Int(attribute.value))
                    else { return nil }
                    uri = Self.xmlNamespaceURI.utf8Start
                } else {
                    guard let found = lookUp(prefix: Int(attribute.name), length: prefixLength), found != Self.noNamespace else { return nil }
                    uri = UnsafePointer(base + Int(found))
                }
                prefix = UnsafePointer(base + Int(attribute.name))
                base[Int(attribute.colon)] = 0
            }
            slots.append(UnsafePointer(base + Int(attribute.key)))
            slots.append(prefix)
            slots.append(uri)
            slots.append(UnsafePointer(base + Int(attribute.value)))
            slots.append(UnsafePointer(base + Int(attribute.valueEnd)))
            attributeCount += 1
        }
        // Every byte of the tag has been read: names and values are now ended with NULs in place.
        for attribute in UnsafeBufferPointer(start: pending, count: pendingCount) {
            base[Int(attribute.nameEnd)] = 0
            base[Int(attribute.valueEnd)] = 0
        }
        let hasPrefix = colon >= 0
        let local = offset(hasPrefix ? colon + 1 : start + 1)
        if hasPrefix { base[colon] = 0 }
        base[nameEnd] = 0
        events.append(Event(local: local, uri: elementURI, firstSlot: offset(firstSlot), attributeCount: attributeCount))
        if empty {
            declarations.count = Int(scope)
            defaultURI = outerDefault
            events.append(Event(local: local, uri: elementURI, firstSlot: 0, attributeCount: Self.endEvent))
        } else {
            open[depth] = OpenElement(name: offset(start + 1), prefixLength: hasPrefix ? offset(colon - start - 1) : -1, local: local,
                                      localLength: offset(nameEnd) - local, uri: elementURI, scope: scope, defaultURI: outerDefault)
            depth += 1
        }
        return index
    }

    /// Reads `</name>`, which must name the element open at that point exactly.
    @inline(__always)
    private func endTag(at start: Int, of element: OpenElement) -> Int? {
        var position = start + 2
        if element.prefixLength >= 0 {
            let prefixLength = Int(element.prefixLength)
            guard position + prefixLength < count,
                  memcmp(base + position, base + Int(element.name), prefixLength) == 0,
                  base[position + prefixLength] == UInt8(ascii: ":") else { return nil }
            position += prefixLength + 1
        }
        let localLength = Int(element.localLength)
        guard position + localLength <= count, memcmp(base + position, base + Int(element.local), localLength) == 0 else { return nil }
        position += localLength
        while position < count, isSpace(base[position]) { position += 1 }
        guard position < count, base[position] == UInt8(ascii: ">"), position + 1 - start <= maxMarkupBytes else { return nil }
        return position + 1
    }

    /// An ASCII name with at most one colon, which must have a name on each side. Returns the index after
    /// the name and the colon's index (or -1).
    @inline(__always)
    private func qualifiedName(at start: Int) -> (Int, Int)? {
        guard start < count, classes[Int(base[start])] & Self.nameStart != 0 else { return nil }
        var index = start + 1
        var colon = -1
        while true {
            while classes[Int(base[index])] & Self.nameByte != 0 { index &+= 1 }
            guard index < count, base[index] == UInt8(ascii: ":") else { break }
            guard colon < 0, index + 1 < count, classes[Int(base[index + 1])] & Self.nameStart != 0 else { return nil }
            colon = index
            index += 2
        }
        // libxml2 refuses names over 50,000 bytes (XML_MAX_NAME_LENGTH); real ones are short.
        guard index - start <= Self.maxNameBytes else { return nil }
        // The name must end at a delimiter, not at a byte of some other name character (non-ASCII).
        guard index < count, classes[Int(base[index])] & Self.nameDelimiter != 0 else { return nil }
        return (index, colon)
    }

    /// Two declarations of one prefix, or two attributes with the same local name that are both prefixed
    /// or both not. libxml2 refuses the first kind, and the second when both names are in one namespace;
    /// all such tags are left to it.
    @inline(__always)
    private func hasDuplicateNames() -> Bool {
        guard pendingCount > 1 else { return false }
        for first in 0..<pendingCount - 1 {
            let a = pending[first]
            for second in first + 1..<pendingCount {
                let b = pending[second]
                if a.keyLength == b.keyLength, a.keyKind == b.keyKind,
                   memcmp(base + Int(a.key), base + Int(b.key), Int(a.keyLength)) == 0 { return true }
            }
        }
        return false
    }

    /// The URI bound to a prefix, innermost first.
    private func lookUp(prefix: Int, length: Int) -> Int32? {
        var index = declarations.count - 1
        while index >= 0 {
            let declaration = declarations[index]
            if Int(declaration.prefixLength) == length, memcmp(base + Int(declaration.prefix), base + prefix, length) == 0 {
                return declaration.uri
            }
            index -= 1
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
            guard classes[Int(byte)] & (sawColon ? Self.uriByte : Self.schemeByte) != 0 else { return false }
        }
        let bytes = UnsafeBufferPointer(start: base + start, count: length)
        let xml = UnsafeBufferPointer(start: Self.xmlNamespaceURI.utf8Start, count: Self.xmlNamespaceURI.utf8CodeUnitCount)
        let xmlns = UnsafeBufferPointer(start: Self.xmlnsNamespaceURI.utf8Start, count: Self.xmlnsNamespaceURI.utf8CodeUnitCount)
        return sawColon && !bytes.elementsEqual(xml) && !bytes.elementsEqual(xmlns)
    }

    // MARK: Text

    /// Checks and decodes text or an attribute value in place; returns where the decoded bytes end, or nil
    /// for anything libxml2 might read otherwise. In a value, tabs and line feeds become spaces (attribute
    /// value normalisation); a character reference is kept as the character it names.
    @inline(__always)
    private func decode(from start: Int, to end: Int, inAttribute: Bool) -> Int? {
        // Most text and values are plain ASCII with nothing to decode: they are only looked at.
        var read = start
        if inAttribute {
            while read < end, classes[Int(base[read])] & Self.plainInValue != 0 { read += 1 }
        } else {
            // Text ends at `<` or at the part's end, where neither byte is plain.
            while classes[Int(base[read])] & Self.plainInText != 0 { read &+= 1 }
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
    @inline(__always)
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
        case 3 where name[0] == UInt8(ascii: "a") && name[1] == UInt8(ascii: "m") && name[2] == UInt8(ascii: "p"):
            return (after, 0x26)
        case 4 where name[0] == UInt8(ascii: "a") && name[1] == UInt8(ascii: "p") && name[2] == UInt8(ascii: "o") && name[3] == UInt8(ascii: "s"):
            return (after, 0x27)
        case 4 where name[0] == UInt8(ascii: "q") && name[1] == UInt8(ascii: "u") && name[2] == UInt8(ascii: "o") && name[3] == UInt8(ascii: "t"):
            return (after, 0x22)
        default: break
        }
        return nil
    }

    /// Writes a character as UTF-8 and returns its length (never longer than the reference it replaces).
    @inline(__always)
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

    @inline(__always)
    private func matches(_ text: StaticString, at index: Int) -> Bool {
        let length = text.utf8CodeUnitCount
        return index + length <= count && base[index] == text.utf8Start[0] && memcmp(base + index, text.utf8Start, length) == 0
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

    /// What each byte is to the scanner's loops, one bit per class: a table, so that a byte costs a load
    /// and a test. Filled once and only read after, so threads share it safely.
    nonisolated(unsafe) private static let byteClasses: UnsafePointer<UInt16> = {
        let classes = UnsafeMutablePointer<UInt16>.allocate(capacity: 256)
        classes.initialize(repeating: 0, count: 256)
        for byte in UInt8(0x20)..<0x7F {
            let alphanumeric = isLetter(byte) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
            if alphanumeric || Array("_-.".utf8).contains(byte) { classes[Int(byte)] |= nameByte }
            if isLetter(byte) || byte == UInt8(ascii: "_") { classes[Int(byte)] |= nameStart }
            if Array(" />=".utf8).contains(byte) { classes[Int(byte)] |= nameDelimiter }
            if alphanumeric || Array("+-.".utf8).contains(byte) { classes[Int(byte)] |= schemeByte }
            if alphanumeric || Array("-._~/#?=,+@".utf8).contains(byte) { classes[Int(byte)] |= uriByte }
            if byte != UInt8(ascii: "&"), byte != UInt8(ascii: "]"), byte != UInt8(ascii: "<") { classes[Int(byte)] |= plainInText }
            if byte != UInt8(ascii: "&"), byte != UInt8(ascii: "<") {
                classes[Int(byte)] |= plainInValue
                if byte != UInt8(ascii: "\""), byte != UInt8(ascii: "'") { classes[Int(byte)] |= plainUnquotedValue }
            }
        }
        classes[0x09] |= nameDelimiter
        classes[0x0A] |= nameDelimiter
        return UnsafePointer(classes)
    }()

    /// Letters, digits, `_`, `-` and `.`: a name's bytes after its first, the colon aside.
    private static let nameByte: UInt16 = 1
    /// Printable ASCII but `&`, `]` (which may start `]]>`) and `<`.
    private static let plainInText: UInt16 = 2
    /// Printable ASCII but `&` and `<`.
    private static let plainInValue: UInt16 = 4
    /// Printable ASCII but `&`, `<` and either quote.
    private static let plainUnquotedValue: UInt16 = 8
    /// Letters and `_`: a name's first byte, and the first after its colon.
    private static let nameStart: UInt16 = 16
    /// What may end a name: a blank, `>`, `/` or `=`.
    private static let nameDelimiter: UInt16 = 32
    /// Letters, digits, `+`, `-` and `.`: a URI's scheme.
    private static let schemeByte: UInt16 = 64
    /// Letters, digits and `-._~/#?=,+@`: a URI after its scheme's colon.
    private static let uriByte: UInt16 = 128
}

/// An offset into the held part, made without a trap's test: `WholePartScanner.read` takes no part of
/// 2 GiB or more.
@inline(__always)
private func offset(_ value: Int) -> Int32 { Int32(truncatingIfNeeded: value) }

/// A growing run of trivial values in memory its owner frees: appending costs a compare and a store, with
/// none of an array's uniqueness checks and reference counting.
private struct Buffer<Element: BitwiseCopyable> {
    private(set) var start: UnsafeMutablePointer<Element>
    private var capacity: Int
    /// Setting a smaller count drops the values after it.
    var count = 0

    init(capacity: Int) {
        self.capacity = max(capacity, 4)
        start = .allocate(capacity: self.capacity)
    }

    func deallocate() { start.deallocate() }

    @inline(__always)
    subscript(index: Int) -> Element { start[index] }

    @inline(__always)
    mutating func append(_ element: Element) {
        if count == capacity { grow() }
        (start + count).initialize(to: element)
        count += 1
    }

    private mutating func grow() {
        capacity *= 2
        let moved = UnsafeMutablePointer<Element>.allocate(capacity: capacity)
        moved.initialize(from: start, count: count)
        start.deallocate()
        start = moved
    }
}
