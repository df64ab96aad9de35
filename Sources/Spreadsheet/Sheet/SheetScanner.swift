import Foundation

/// A byte scanner for worksheet parts, standing in for libxml2 on the one part where its per-element
/// cost dominates: a `<sheetData>` of millions of small elements. It understands what worksheets
/// written in UTF-8 hold (tags with prefixes, both quote styles, the five named entities and character
/// references, CDATA, comments, processing instructions) and hands the same events to the same handler.
/// A document type declaration is refused, as by the libxml2 path; parts in other encodings take that path.
final class SheetScanner {
    private let parser: XMLStreamParser
    private let handler: SheetHandler
    private var buffer: [UInt8] = []
    private var line = 1
    private let names: UnsafeMutablePointer<UInt8>
    private let namesCapacity = 8192
    private let slots: UnsafeMutablePointer<UnsafePointer<UInt8>?>
    private let slotCapacity = 64
    private var arena: UnsafeMutablePointer<UInt8>
    private var arenaCapacity = 4096
    private var textScratch: [UInt8] = []
    /// `ReadLimits.maxMarkupBytes`.
    private let maxMarkupBytes: Int
    /// Set when the buffer starts with a construct whose end has not arrived: how far its end has been
    /// looked for (relative to its start), so that each byte is looked at once however many chunks it spans.
    private var waiting: TagEnd.Progress?
    /// Stands in the URI slot of prefixed attributes: handlers only ask whether there is one.
    private let prefixed: UnsafePointer<UInt8> = ("p" as StaticString).utf8Start
    /// What each byte is to the fast path's tags: a table, so that a byte costs one load and a test.
    private let byteClasses = SheetScanner.makeByteClasses()
    /// The attributes after `r="..."` of the last `<row>` read attribute by attribute, up to its `>`:
    /// writers give most rows the same ones (LibreOffice seven, with their values), and a row whose
    /// bytes there are the same reads the same, so they are compared whole instead of read again.
    private let rowTail: UnsafeMutablePointer<UInt8>
    private let rowTailCapacity = 512
    /// Zero when no row has been remembered.
    private var rowTailLength = 0
    private var rowTailAttributes = 0
    private var rowTailSelfClosing = false

    init(parser: XMLStreamParser, handler: SheetHandler, maxMarkupBytes: Int = ReadLimits().maxMarkupBytes) {
        self.parser = parser
        self.handler = handler
        self.maxMarkupBytes = maxMarkupBytes
        names = .allocate(capacity: namesCapacity)
        rowTail = .allocate(capacity: rowTailCapacity)
        slots = .allocate(capacity: slotCapacity * 5)
        arena = .allocate(capacity: arenaCapacity)
    }

    deinit {
        names.deallocate()
        rowTail.deallocate()
        slots.deallocate()
        arena.deallocate()
        byteClasses.deallocate()
    }

    /// True when the part's first bytes say it is UTF-8 (or ASCII), the only encoding this scanner reads.
    static func canRead(firstChunk: [UInt8]) -> Bool {
        if firstChunk.starts(with: [0xFE, 0xFF]) || firstChunk.starts(with: [0xFF, 0xFE]) { return false }
        let head = firstChunk.prefix(200)
        if head.allSatisfy({ $0 < 0x80 }) { return canRead(asciiHead: Array(head), firstChunk: firstChunk) }
        return canRead(textHead: firstChunk)
    }

    /// `canRead(textHead:)` for a head that is all ASCII, where lowercasing and finding text are byte
    /// operations and a `Character` is a byte, but for CR LF.
    static func canRead(asciiHead head: [UInt8], firstChunk: [UInt8]) -> Bool {
        let lowered = head.map { $0 &- UInt8(ascii: "A") < 26 ? $0 | 0x20 : $0 }
        let declarationEnd = firstIndex(of: Array("?>".utf8), in: lowered, before: lowered.count)
        guard let declarationEnd, let encoding = firstIndex(of: Array("encoding=".utf8), in: lowered, before: declarationEnd) else {
            return lowered.first != 0 && (firstChunk.count < 2 || firstChunk[1] != 0)
        }
        var valueStart = encoding + 9
        if valueStart < declarationEnd {
            valueStart += lowered[valueStart] == 0x0D && valueStart + 1 < declarationEnd && lowered[valueStart + 1] == 0x0A ? 2 : 1
        }
        let value = lowered[min(valueStart, declarationEnd)..<declarationEnd].prefix { $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "'") }
        return ["utf-8", "utf8", "us-ascii", "ascii"].contains { value.elementsEqual($0.utf8) }
    }

    /// Where `needle` first starts in `bytes`, wholly before `limit`.
    private static func firstIndex(of needle: [UInt8], in bytes: [UInt8], before limit: Int) -> Int? {
        guard limit >= needle.count else { return nil }
        return (0...(limit - needle.count)).first { bytes[$0..<($0 + needle.count)].elementsEqual(needle) }
    }

    static func canRead(textHead firstChunk: [UInt8]) -> Bool {
        let head = String(decoding: firstChunk.prefix(200), as: UTF8.self).lowercased()
        guard let declaration = head.range(of: "?>").map({ head[..<$0.lowerBound] }), let encoding = declaration.range(of: "encoding=") else {
            return !head.hasPrefix("\0") && (firstChunk.count < 2 || firstChunk[1] != 0)
        }
        let value = declaration[encoding.upperBound...].dropFirst().prefix { $0 != "\"" && $0 != "'" }
        return value == "utf-8" || value == "utf8" || value == "us-ascii" || value == "ascii"
    }

    /// Scans the bytes of `chunk` after its first `headroom` bytes, which are spare: the unfinished
    /// construct the last chunk ended with is put there, in front of the new bytes, so that the chunk
    /// itself is scanned where it lies rather than copied after it.
    func feed(_ chunk: consuming [UInt8], headroom: Int) throws {
        guard buffer.count <= headroom else {
            // A construct longer than the headroom (a long text run or tag) grows in the buffer.
            buffer.append(contentsOf: chunk[headroom...])
            let consumed = try buffer.withUnsafeBufferPointer { try scan($0, final: false) }
            buffer.withUnsafeBufferPointer { countLines(in: UnsafeBufferPointer(rebasing: $0[..<consumed])) }
            buffer.removeSubrange(0..<consumed)
            return
        }
        var chunk = chunk
        let start = headroom - buffer.count
        chunk.withUnsafeMutableBufferPointer { bytes in
            _ = UnsafeMutableBufferPointer(rebasing: bytes[start..<headroom]).update(fromContentsOf: buffer)
        }
        try chunk.withUnsafeBufferPointer { bytes in
            let unscanned = UnsafeBufferPointer(rebasing: bytes[start...])
            let consumed = try scan(unscanned, final: false)
            countLines(in: UnsafeBufferPointer(rebasing: unscanned[..<consumed]))
            buffer.removeAll(keepingCapacity: true)
            buffer.append(contentsOf: unscanned[consumed...])
        }
    }

    func finish() throws {
        let consumed = try buffer.withUnsafeBufferPointer { try scan($0, final: true) }
        buffer.withUnsafeBufferPointer { countLines(in: UnsafeBufferPointer(rebasing: $0[..<consumed])) }
        buffer.removeSubrange(0..<consumed)
        if parser.stoppedByHandler { return }
        if buffer.contains(where: { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }) {
            throw malformed("the part ends inside a tag")
        }
        if !sawRoot { throw malformed("the part holds no element") }
        if !openElements.isEmpty { throw malformed("the part ends before its elements are closed") }
    }

    /// Pending text beyond this many bytes is handed to the handler before its end is seen.
    private static let textFlushThreshold = 1 << 16

    private var sawRoot = false
    /// A hash of each open element's qualified name, so that an end tag naming another element is
    /// caught as libxml2 would catch it, without keeping a string per element.
    private var openElements: [UInt64] = []

    private func countLines(in bytes: UnsafeBufferPointer<UInt8>) {
        guard let base = bytes.baseAddress else { return }
        var index = 0
        while index < bytes.count, let found = memchr(base + index, 0x0A, bytes.count - index) {
            line += 1
            index = UnsafePointer(found.assumingMemoryBound(to: UInt8.self)) - base + 1
        }
    }

    private func malformed(_ reason: String) -> SpreadsheetError {
        .malformedPart(file: parser.file, part: parser.part, line: line, reason: reason)
    }

    /// Scans complete constructs and returns how many bytes were used; an incomplete one waits for the next chunk.
    private func scan(_ bytes: UnsafeBufferPointer<UInt8>, final: Bool) throws -> Int {
        guard let base = bytes.baseAddress else { return 0 }
        let end = bytes.count
        var index = 0
        // The construct the last chunk ended inside is at the start of the buffer; its search goes on from
        // where it stopped.
        let resumed = waiting
        waiting = nil
        if !sawRoot, end >= 3, base[0] == 0xEF, base[1] == 0xBB, base[2] == 0xBF { index = 3 }
        while index < end {
            if parser.stoppedByHandler { return index }
            if base[index] != UInt8(ascii: "<") {
                guard let next = memchr(base + index, Int32(UInt8(ascii: "<")), end - index) else {
                    if final { return index }
                    // A long run of text is handed over as it arrives, so that what is held is bounded by the
                    // cell-text limit rather than by the part, and is not scanned again with every chunk. An
                    // entity or a CR that the chunk may have cut in two is kept for the next chunk.
                    guard end - index > Self.textFlushThreshold else { return index }
                    var stop = end
                    for position in stride(from: end - 1, through: max(index, end - 12), by: -1) where base[position] == UInt8(ascii: "&") {
                        stop = position
                        break
                    }
                    if stop > index, base[stop - 1] == 0x0D { stop -= 1 }
                    try emitText(base + index, count: stop - index)
                    if parser.failed, let failure = parser.failure { throw failure }
                    return stop
                }
                let stop = UnsafePointer(next.assumingMemoryBound(to: UInt8.self)) - base
                try emitText(base + index, count: stop - index)
                index = stop
                continue
            }
            guard index + 1 < end else { return index }
            let resumeAt = index == 0 ? resumed : nil
            let second = base[index + 1]
            if second == UInt8(ascii: "/") {
                if resumeAt == nil, let after = try endSheetElement(base, at: index, end: end) {
                    index = after
                    continue
                }
                let from = resumeAt?.position ?? index + 2
                guard let close = find(UInt8(ascii: ">"), in: base, from: from, to: end) else {
                    return try wait(at: index, searchedTo: end, end: end, what: "end tag")
                }
                try checkLength(from: index, to: close + 1, what: "end tag")
                var nameEnd = close
                while nameEnd > index + 2, isSpace(base[nameEnd - 1]) { nameEnd -= 1 }
                try endElement(base + index + 2, count: nameEnd - index - 2)
                index = close + 1
            } else if second == UInt8(ascii: "?") {
                guard let after = try skip(to: "?>", base, from: index, after: 2, resumeAt: resumeAt, end: end, what: "processing instruction") else {
                    return index
                }
                index = after
            } else if second == UInt8(ascii: "!") {
                if matches("<!--", base, index, end) {
                    guard let after = try skip(to: "-->", base, from: index, after: 4, resumeAt: resumeAt, end: end, what: "comment") else {
                        return index
                    }
                    index = after
                } else if matches("<![CDATA[", base, index, end) {
                    let from = resumeAt?.position ?? index + 9
                    guard let close = find("]]>", in: base, from: from, to: end) else {
                        return try wait(at: index, searchedTo: max(index + 9, end - 2), end: end, what: "CDATA section")
                    }
                    try checkLength(from: index, to: close + 3, what: "CDATA section")
                    handler.text(UnsafeBufferPointer(start: base + index + 9, count: close - index - 9))
                    index = close + 3
                } else if end - index < 9 && !final {
                    return index
                } else if matches("<!DOCTYPE", base, index, end) {
                    throw SpreadsheetError.unsafeXML(file: parser.file, part: parser.part, line: line,
                                                     reason: "the XML declares a document type (DTD); workbooks never do, and DTDs can expand entities or fetch external files")
                } else {
                    throw malformed("unexpected markup \"<!\"")
                }
            } else {
                if resumeAt == nil, let after = try startSheetElement(base, at: index, end: end) {
                    index = after
                    continue
                }
                var progress = resumeAt ?? TagEnd.Progress(position: index + 1)
                switch TagEnd.find(base, continuing: &progress, to: end) {
                case let .at(close):
                    try checkLength(from: index, to: close + 1, what: "tag")
                    try startElement(base, from: index + 1, to: close)
                    index = close + 1
                case .strayOpening:
                    throw malformed("\"<\" inside a tag")
                case .unfinished:
                    try checkLength(from: index, to: end, what: "tag")
                    waiting = progress
                    waiting?.position -= index
                    return index
                }
            }
            if parser.failed, let failure = parser.failure { throw failure }
        }
        return index
    }

    /// Skips a comment or processing instruction at `start` up to its terminator; nil when it is unfinished
    /// and left waiting for the next chunk.
    private func skip(to terminator: StaticString, _ base: UnsafePointer<UInt8>, from start: Int, after opening: Int,
                      resumeAt: TagEnd.Progress?, end: Int, what: String) throws -> Int? {
        let from = resumeAt?.position ?? start + opening
        guard let close = find(terminator, in: base, from: from, to: end) else {
            _ = try wait(at: start, searchedTo: max(start + opening, end - terminator.utf8CodeUnitCount + 1), end: end, what: what)
            return nil
        }
        let after = close + terminator.utf8CodeUnitCount
        try checkLength(from: start, to: after, what: what)
        return after
    }

    /// Leaves the construct at `start` for the next chunk, remembering how far its end has been looked for.
    private func wait(at start: Int, searchedTo searched: Int, end: Int, what: String) throws -> Int {
        try checkLength(from: start, to: end, what: what)
        waiting = TagEnd.Progress(position: searched - start)
        return start
    }

    /// Refuses a construct longer than `ReadLimits.maxMarkupBytes`, finished or not.
    private func checkLength(from start: Int, to end: Int, what: String) throws {
        guard end - start > maxMarkupBytes else { return }
        throw SpreadsheetError.limitExceeded(file: parser.file, part: parser.part,
                                             limit: "the length of one \(what), in bytes", maximum: maxMarkupBytes)
    }

    private func startElement(_ base: UnsafePointer<UInt8>, from start: Int, to close: Int) throws {
        var tagEnd = close
        let selfClosing = base[close - 1] == UInt8(ascii: "/")
        if selfClosing { tagEnd -= 1 }
        var index = start
        while index < tagEnd, !isSpace(base[index]) { index += 1 }
        guard index > start else { throw malformed("a tag without a name") }
        let nameLength = index - start
        var namesUsed = 0
        guard let local = copyName(base + start, count: index - start, into: &namesUsed) else { throw malformed("names too long") }
        // Attribute values shrink when entities are decoded, so the tag's own length bounds the arena.
        if tagEnd - start > arenaCapacity {
            arena.deallocate()
            arenaCapacity = (tagEnd - start) * 2
            arena = .allocate(capacity: arenaCapacity)
        }
        var arenaUsed = 0
        var count = 0
        let readsAttributes = SheetHandler.readsAttributes(of: local)
        while true {
            while index < tagEnd, isSpace(base[index]) { index += 1 }
            if index >= tagEnd { break }
            let nameStart = index
            while index < tagEnd, base[index] != UInt8(ascii: "="), !isSpace(base[index]) { index += 1 }
            let nameEnd = index
            while index < tagEnd, isSpace(base[index]) { index += 1 }
            guard index < tagEnd, base[index] == UInt8(ascii: "=") else { throw malformed("an attribute without a value") }
            index += 1
            while index < tagEnd, isSpace(base[index]) { index += 1 }
            guard index < tagEnd, base[index] == UInt8(ascii: "\"") || base[index] == UInt8(ascii: "'") else {
                throw malformed("an attribute value without quotes")
            }
            let quote = base[index]
            let valueStart = index + 1
            guard let valueEnd = find(quote, in: base, from: valueStart, to: tagEnd) else { throw malformed("an unterminated attribute value") }
            index = valueEnd + 1
            let rawName = UnsafeBufferPointer(start: base + nameStart, count: nameEnd - nameStart)
            if Self.isNamespaceDeclaration(rawName) { continue }
            guard count < slotCapacity else { throw malformed("too many attributes") }
            guard readsAttributes else {
                try checkUnreadAttribute(base, name: nameStart, nameEnd, value: valueStart, valueEnd, namesUsed: &namesUsed)
                count += 1
                continue
            }
            let hasPrefix = rawName.contains(UInt8(ascii: ":"))
            guard let attributeLocal = copyName(base + nameStart, count: nameEnd - nameStart, into: &namesUsed) else { throw malformed("names too long") }
            var value = UnsafePointer(base + valueStart)
            var valueCount = valueEnd - valueStart
            if memchr(base + valueStart, Int32(UInt8(ascii: "&")), valueCount) != nil || memchr(base + valueStart, 0x0D, valueCount) != nil {
                let out = arena + arenaUsed
                guard let decoded = decodeEntities(base + valueStart, count: valueCount, into: out) else {
                    throw malformed("an unknown entity in an attribute value")
                }
                value = UnsafePointer(out)
                valueCount = decoded
                arenaUsed += decoded
            }
            let slot = slots + count * 5
            slot[0] = attributeLocal
            slot[1] = nil
            slot[2] = hasPrefix ? prefixed : nil
            slot[3] = value
            slot[4] = value + valueCount
            count += 1
        }
        guard openElements.count < parser.maxDepth else { throw parser.depthExceeded }
        sawRoot = true
        let name = XMLName(local: local, namespace: nil)
        handler.startElement(name, attributes: XMLAttributes(base: slots, count: readsAttributes ? count : 0))
        if selfClosing {
            handler.endElement(name)
        } else {
            openElements.append(Self.hash(base + start, count: nameLength))
        }
    }

    /// Refuses an attribute that the handler does not read as the attribute loop would refuse it (a local
    /// name that is empty or overflows the names buffer, an unknown entity in the value), without copying
    /// its name or keeping its value.
    @inline(__always)
    private func checkUnreadAttribute(_ base: UnsafePointer<UInt8>, name nameStart: Int, _ nameEnd: Int, value valueStart: Int, _ valueEnd: Int,
                                      namesUsed: inout Int) throws {
        var localStart = nameStart
        for index in nameStart..<nameEnd where base[index] == UInt8(ascii: ":") { localStart = index + 1 }
        let length = nameEnd - localStart
        guard length > 0, namesUsed + length + 1 <= namesCapacity else { throw malformed("names too long") }
        namesUsed += length + 1
        for index in valueStart..<valueEnd where base[index] == UInt8(ascii: "&") || base[index] == 0x0D {
            guard decodeEntities(base + valueStart, count: valueEnd - valueStart, into: arena) != nil else {
                throw malformed("an unknown entity in an attribute value")
            }
            return
        }
    }

    /// `xmlns` or `xmlns:prefix`: namespace declarations are not attributes to the handler.
    private static func isNamespaceDeclaration(_ name: UnsafeBufferPointer<UInt8>) -> Bool {
        name.count >= 5 && name[0] == UInt8(ascii: "x") && name[1] == UInt8(ascii: "m") && name[2] == UInt8(ascii: "l")
            && name[3] == UInt8(ascii: "n") && name[4] == UInt8(ascii: "s") && (name.count == 5 || name[5] == UInt8(ascii: ":"))
    }

    // MARK: The commonest elements

    /// The hashes of the un-prefixed names the fast paths recognise, as `hash` gives them.
    private static let rowHash = hash("row")
    private static let cellHash = hash("c")
    private static let valueHash = hash("v")
    private static let formulaHash = hash("f")

    private static func hash(_ name: StaticString) -> UInt64 {
        hash(name.utf8Start, count: name.utf8CodeUnitCount)
    }

    /// Reads a `<row>`, `<c>` or `<v>` start tag whole, its end and attributes in one pass, and hands the
    /// handler only what it uses. Anything else, or anything unusual in the tag (an entity or CR in a
    /// value, a tag the buffer cuts off, a syntax error), returns nil before any event, and the general
    /// path reads the tag from its start, with its own errors: this path only ever agrees with it.
    @inline(__always)
    private func startSheetElement(_ base: UnsafePointer<UInt8>, at start: Int, end: Int) throws -> Int? {
        var index = start + 1
        let element: SheetHandler.Element
        let hash: UInt64
        guard index + 1 < end else { return nil }
        switch base[index] {
        case UInt8(ascii: "c"):
            element = .cell
            hash = Self.cellHash
            index += 1
        case UInt8(ascii: "v"):
            element = .value
            hash = Self.valueHash
            index += 1
        case UInt8(ascii: "f"):
            element = .formula
            hash = Self.formulaHash
            index += 1
        case UInt8(ascii: "r"):
            guard index + 3 < end, base[index + 1] == UInt8(ascii: "o"), base[index + 2] == UInt8(ascii: "w") else { return nil }
            element = .row
            hash = Self.rowHash
            index += 3
        default:
            return nil
        }
        let classes = byteClasses
        var r, s, t: UnsafeBufferPointer<UInt8>?
        var attributes = 0
        var selfClosing = false
        let attributesStart = index
        var readOneByOne = false
        if element == .cell, let plain = plainCellAttributes(base, from: index, end: end, classes: classes) {
            (r, s, t) = (plain.r, plain.s, plain.t)
            selfClosing = plain.selfClosing
            index = plain.close
        } else if element == .row, let number = rowNumberAttribute(base, from: index, end: end), rowTailLength > 0,
                  number.close + 1 + rowTailLength <= end, memcmp(base + number.close + 1, rowTail, rowTailLength) == 0 {
            r = number.value
            attributes = rowTailAttributes
            selfClosing = rowTailSelfClosing
            index = number.close + rowTailLength
        } else {
            readOneByOne = true
            // After the name, only blanks, attributes, `/>` or `>` may follow.
            while true {
                guard index < end else { return nil }
                var byte = base[index]
                if byte == UInt8(ascii: ">") { break }
                if byte == UInt8(ascii: "/") {
                    guard index + 1 < end, base[index + 1] == UInt8(ascii: ">") else { return nil }
                    selfClosing = true
                    index += 1
                    break
                }
                guard classes[Int(byte)] & Self.blank != 0 else { return nil }
                repeat {
                    index += 1
                    guard index < end else { return nil }
                    byte = base[index]
                } while classes[Int(byte)] & Self.blank != 0
                if byte == UInt8(ascii: ">") || byte == UInt8(ascii: "/") { continue }
                // The name runs to `=`; a colon marks a prefix, and any other byte that ends a name is unusual.
                let nameStart = index
                var colon = -1
                while true {
                    if classes[Int(byte)] & Self.endsName != 0 {
                        if byte == UInt8(ascii: "=") { break }
                        guard byte == UInt8(ascii: ":") else { return nil }
                        colon = index
                    }
                    index += 1
                    guard index < end else { return nil }
                    byte = base[index]
                }
                let nameEnd = index
                index += 1
                guard index < end else { return nil }
                let quote = base[index]
                guard quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") else { return nil }
                index += 1
                let valueStart = index
                // The value runs to its quote; the other quote may stand in it, but an entity, a CR or `<` is unusual.
                while true {
                    guard index < end else { return nil }
                    let valueByte = base[index]
                    if classes[Int(valueByte)] & Self.endsValue != 0 {
                        if valueByte == quote { break }
                        guard valueByte == UInt8(ascii: "\"") || valueByte == UInt8(ascii: "'") else { return nil }
                    }
                    index += 1
                }
                let value = UnsafeBufferPointer(start: base + valueStart, count: index - valueStart)
                index += 1
                // The handler's rules: a row's `r` by its local name, a cell's `r`, `s`, `t` only un-prefixed;
                // namespace declarations are no attributes.
                let localStart = colon + 1 > nameStart ? colon + 1 : nameStart
                guard nameEnd > localStart else { return nil }
                attributes += 1
                let localLength = nameEnd - localStart
                guard localLength == 1 || (element == .formula && localLength == 2) else { continue }
                if colon >= 0 {
                    let prefix = UnsafeBufferPointer(start: base + nameStart, count: nameEnd - nameStart)
                    guard element == .row || element == .formula, !Self.isNamespaceDeclaration(prefix) else { continue }
                }
                switch base[localStart] {
                // As the general path's look-ups give them: a cell's last `r`, a row's first; a formula's
                // first `t` and `si`.
                case UInt8(ascii: "r") where localLength == 1 && (element == .cell || (element == .row && r == nil)): r = value
                case UInt8(ascii: "s") where localLength == 1 && element == .cell: s = value
                case UInt8(ascii: "s") where element == .formula && s == nil && base[localStart + 1] == UInt8(ascii: "i"): s = value
                case UInt8(ascii: "t") where localLength == 1 && (element == .cell || (element == .formula && t == nil)): t = value
                default: break
                }
            }
        }
        let after = index + 1
        // Within these bounds the general path's names and slots cannot overflow either, so it would not
        // refuse the tag; beyond them it decides.
        guard after - start <= min(maxMarkupBytes, namesCapacity), attributes <= slotCapacity else { return nil }
        if element == .row, readOneByOne, let number = rowNumberAttribute(base, from: attributesStart, end: end), after - (number.close + 1) <= rowTailCapacity {
            rowTailLength = after - (number.close + 1)
            rowTail.update(from: base + number.close + 1, count: rowTailLength)
            rowTailAttributes = attributes
            rowTailSelfClosing = selfClosing
        }
        guard openElements.count < parser.maxDepth else { throw parser.depthExceeded }
        sawRoot = true
        handler.start(element, r: r, s: s, t: t)
        if selfClosing {
            handler.end(element)
        } else {
            openElements.append(hash)
        }
        if parser.failed, let failure = parser.failure { throw failure }
        if element == .cell, !selfClosing, handler.isSkippingCell, let skipped = skipPlainValue(base, at: after, end: end) {
            return skipped
        }
        return after
    }

    /// The attributes of a cell as spreadsheet writers put them, `<c r="B7" s="12" t="s">` (`r`, then `s` and
    /// `t` if at all, one blank before each, double quotes, nothing in the values to decode), up to the
    /// tag's `>`: read in one pass without the general attribute loop, whose answer it is. nil for any
    /// other form, which that loop reads from the start of the attributes.
    @inline(__always)
    private func plainCellAttributes(_ base: UnsafePointer<UInt8>, from start: Int, end: Int, classes: UnsafeMutablePointer<UInt8>)
        -> (r: UnsafeBufferPointer<UInt8>, s: UnsafeBufferPointer<UInt8>?, t: UnsafeBufferPointer<UInt8>?, selfClosing: Bool, close: Int)? {
        var index = start
        var values: (r: UnsafeBufferPointer<UInt8>?, s: UnsafeBufferPointer<UInt8>?, t: UnsafeBufferPointer<UInt8>?)
        let letters: StaticString = "rst"
        for position in 0..<3 {
            let letter = letters.utf8Start[position]
            guard index + 4 < end, base[index] == UInt8(ascii: " "), base[index + 1] == letter, base[index + 2] == UInt8(ascii: "="),
                  base[index + 3] == UInt8(ascii: "\"") else {
                if letter == UInt8(ascii: "r") { return nil }
                continue
            }
            index += 4
            let valueStart = index
            while index < end, classes[Int(base[index])] & Self.endsValue == 0 { index += 1 }
            guard index < end, base[index] == UInt8(ascii: "\"") else { return nil }
            let value = UnsafeBufferPointer(start: base + valueStart, count: index - valueStart)
            switch letter {
            case UInt8(ascii: "r"): values.r = value
            case UInt8(ascii: "s"): values.s = value
            default: values.t = value
            }
            index += 1
        }
        guard let r = values.r, index < end else { return nil }
        if base[index] == UInt8(ascii: ">") { return (r, values.s, values.t, false, index) }
        guard base[index] == UInt8(ascii: "/"), index + 1 < end, base[index + 1] == UInt8(ascii: ">") else { return nil }
        return (r, values.s, values.t, true, index + 1)
    }

    /// A row's first attribute when it is ` r="digits"`, as writers put it: its value and the index of its
    /// closing quote. Read so, the row's `r` is this value whatever follows, as the attribute loop gives it.
    @inline(__always)
    private func rowNumberAttribute(_ base: UnsafePointer<UInt8>, from start: Int, end: Int) -> (value: UnsafeBufferPointer<UInt8>, close: Int)? {
        guard start + 5 < end, base[start] == UInt8(ascii: " "), base[start + 1] == UInt8(ascii: "r"), base[start + 2] == UInt8(ascii: "="),
              base[start + 3] == UInt8(ascii: "\"") else { return nil }
        var index = start + 4
        while index < end, index - start < 12, base[index] &- UInt8(ascii: "0") < 10 { index += 1 }
        guard index > start + 4, index < end, base[index] == UInt8(ascii: "\"") else { return nil }
        return (UnsafeBufferPointer(start: base + start + 4, count: index - start - 4), index)
    }

    /// After the start tag of a cell that is skipped, reads `<v>text</v></c>` whole when the text holds no
    /// entity or CR, as the general path would (a value of a skipped cell is not read; nothing in it can
    /// be an error), and returns where it ends; nil for anything else, read tag by tag.
    @inline(__always)
    private func skipPlainValue(_ base: UnsafePointer<UInt8>, at start: Int, end: Int) -> Int? {
        // `<v>` nests one deeper than the cell.
        guard start + 3 <= end, openElements.count < parser.maxDepth, base[start] == UInt8(ascii: "<"),
              base[start + 1] == UInt8(ascii: "v"), base[start + 2] == UInt8(ascii: ">") else { return nil }
        var index = start + 3
        while true {
            guard index < end else { return nil }
            let byte = base[index]
            if byte == UInt8(ascii: "<") { break }
            if byte == UInt8(ascii: "&") || byte == 0x0D { return nil }
            index += 1
        }
        guard index + 8 <= end, base[index + 1] == UInt8(ascii: "/"), base[index + 2] == UInt8(ascii: "v"),
              base[index + 3] == UInt8(ascii: ">"), base[index + 4] == UInt8(ascii: "<"), base[index + 5] == UInt8(ascii: "/"),
              base[index + 6] == UInt8(ascii: "c"), base[index + 7] == UInt8(ascii: ">") else { return nil }
        openElements.removeLast()
        handler.end(.cell)
        return index + 8
    }

    /// Bits of `byteClasses`: blanks; what ends an attribute's name (`=`, a colon, blanks, `>`, `/`, `<` and
    /// quotes); what ends a plain attribute value (quotes, `&`, CR and `<`).
    private static let blank: UInt8 = 1
    private static let endsName: UInt8 = 2
    private static let endsValue: UInt8 = 4

    private static func makeByteClasses() -> UnsafeMutablePointer<UInt8> {
        let classes = UnsafeMutablePointer<UInt8>.allocate(capacity: 256)
        classes.initialize(repeating: 0, count: 256)
        for byte in [0x20, 0x0A, 0x0D, 0x09] as [UInt8] { classes[Int(byte)] |= blank | endsName }
        for byte in Array("=:>/<\"'".utf8) { classes[Int(byte)] |= endsName }
        for byte in Array("\"'&<".utf8) + [0x0D] { classes[Int(byte)] |= endsValue }
        return classes
    }

    /// Reads `</row>`, `</c>` or `</v>` closing the element that is open; nil for anything else, which the
    /// general path reads.
    @inline(__always)
    private func endSheetElement(_ base: UnsafePointer<UInt8>, at start: Int, end: Int) throws -> Int? {
        let element: SheetHandler.Element
        let hash: UInt64
        let after: Int
        if start + 3 < end, base[start + 3] == UInt8(ascii: ">") {
            switch base[start + 2] {
            case UInt8(ascii: "c"): (element, hash) = (.cell, Self.cellHash)
            case UInt8(ascii: "v"): (element, hash) = (.value, Self.valueHash)
            case UInt8(ascii: "f"): (element, hash) = (.formula, Self.formulaHash)
            default: return nil
            }
            after = start + 4
        } else if start + 5 < end, base[start + 2] == UInt8(ascii: "r"), base[start + 3] == UInt8(ascii: "o"),
                  base[start + 4] == UInt8(ascii: "w"), base[start + 5] == UInt8(ascii: ">") {
            (element, hash) = (.row, Self.rowHash)
            after = start + 6
        } else {
            return nil
        }
        guard openElements.last == hash else { return nil }
        openElements.removeLast()
        handler.end(element)
        if parser.failed, let failure = parser.failure { throw failure }
        return after
    }

    private func endElement(_ start: UnsafePointer<UInt8>, count: Int) throws {
        var used = 0
        guard count > 0, let local = copyName(start, count: count, into: &used) else { throw malformed("an end tag without a name") }
        guard let open = openElements.popLast() else { throw malformed("an end tag with no element open") }
        guard open == Self.hash(start, count: count) else {
            throw malformed("the end tag </\(String(decoding: UnsafeBufferPointer(start: start, count: count), as: UTF8.self))> does not close the element that is open")
        }
        handler.endElement(XMLName(local: local, namespace: nil))
    }

    private func emitText(_ start: UnsafePointer<UInt8>, count: Int) throws {
        guard count > 0 else { return }
        if !Self.needsDecoding(start, count: count) {
            handler.text(UnsafeBufferPointer(start: start, count: count))
            return
        }
        if textScratch.count < count { textScratch = [UInt8](repeating: 0, count: count) }
        let decodedCount = try textScratch.withUnsafeMutableBufferPointer { scratch -> Int in
            guard let out = scratch.baseAddress, let decoded = decodeEntities(start, count: count, into: out) else {
                throw malformed("an unknown entity in text")
            }
            return decoded
        }
        textScratch.withUnsafeBufferPointer { handler.text(UnsafeBufferPointer(rebasing: $0[0..<decodedCount])) }
    }

    /// Whether text holds an entity or a CR. A cell's value is a few bytes, where one loop costs less than
    /// two calls to memchr.
    @inline(__always)
    private static func needsDecoding(_ start: UnsafePointer<UInt8>, count: Int) -> Bool {
        guard count <= 32 else {
            return memchr(start, Int32(UInt8(ascii: "&")), count) != nil || memchr(start, 0x0D, count) != nil
        }
        for index in 0..<count where start[index] == UInt8(ascii: "&") || start[index] == 0x0D { return true }
        return false
    }

    /// The local part of a qualified name, NUL-terminated in the names scratch buffer.
    private func copyName(_ start: UnsafePointer<UInt8>, count: Int, into used: inout Int) -> UnsafePointer<UInt8>? {
        var localStart = 0
        for offset in 0..<count where start[offset] == UInt8(ascii: ":") { localStart = offset + 1 }
        let length = count - localStart
        guard length > 0, used + length + 1 <= namesCapacity else { return nil }
        let target = names + used
        target.update(from: start + localStart, count: length)
        target[length] = 0
        used += length + 1
        return UnsafePointer(target)
    }

    /// Decodes `&lt; &gt; &amp; &quot; &apos;` and character references, and turns line ends into LF;
    /// nil for any other entity.
    private func decodeEntities(_ start: UnsafePointer<UInt8>, count: Int, into out: UnsafeMutablePointer<UInt8>) -> Int? {
        var read = 0
        var written = 0
        while read < count {
            let byte = start[read]
            if byte == 0x0D {
                // XML end-of-line handling: CR LF and a lone CR are read as LF.
                out[written] = 0x0A
                written += 1
                read += (read + 1 < count && start[read + 1] == 0x0A) ? 2 : 1
                continue
            }
            guard byte == UInt8(ascii: "&") else {
                out[written] = byte
                written += 1
                read += 1
                continue
            }
            guard let semicolon = find(UInt8(ascii: ";"), in: start, from: read + 1, to: min(count, read + 12)) else { return nil }
            let entity = UnsafeBufferPointer(start: start + read + 1, count: semicolon - read - 1)
            guard let scalar = Self.entityScalar(entity) else { return nil }
            if scalar < 0x80 {
                out[written] = UInt8(scalar)
                written += 1
                read = semicolon + 1
                continue
            }
            guard let value = Unicode.Scalar(scalar) else { return nil }
            UTF8.encode(value) { unit in
                out[written] = unit
                written += 1
            }
            read = semicolon + 1
        }
        return written
    }

    /// The scalar an entity's name (between `&` and `;`) stands for: one of the five named entities or a
    /// character reference, whose digits are read as `UInt32(_:radix:)` reads them.
    private static func entityScalar(_ name: UnsafeBufferPointer<UInt8>) -> UInt32? {
        switch name.count {
        case 2 where name[1] == UInt8(ascii: "t") && name[0] == UInt8(ascii: "l"): return 0x3C
        case 2 where name[1] == UInt8(ascii: "t") && name[0] == UInt8(ascii: "g"): return 0x3E
        case 3 where SheetHandler.equals(name, "amp"): return 0x26
        case 4 where SheetHandler.equals(name, "quot"): return 0x22
        case 4 where SheetHandler.equals(name, "apos"): return 0x27
        default: break
        }
        guard name.first == UInt8(ascii: "#") else { return nil }
        let hex = name.count > 1 && name[1] == UInt8(ascii: "x")
        return UInt32(String(decoding: name.dropFirst(hex ? 2 : 1), as: UTF8.self), radix: hex ? 16 : 10)
    }

    /// FNV-1a over the qualified name's bytes.
    private static func hash(_ start: UnsafePointer<UInt8>, count: Int) -> UInt64 {
        var value: UInt64 = 0xCBF2_9CE4_8422_2325
        for index in 0..<count {
            value = (value ^ UInt64(start[index])) &* 0x0000_0100_0000_01B3
        }
        return value
    }

    @inline(__always) private func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
    }

    private func find(_ byte: UInt8, in base: UnsafePointer<UInt8>, from start: Int, to end: Int) -> Int? {
        guard start < end, let found = memchr(base + start, Int32(byte), end - start) else { return nil }
        return UnsafePointer(found.assumingMemoryBound(to: UInt8.self)) - base
    }

    private func find(_ text: StaticString, in base: UnsafePointer<UInt8>, from start: Int, to end: Int) -> Int? {
        let needle = UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount)
        var index = start
        while let hit = find(needle[0], in: base, from: index, to: end) {
            guard hit + needle.count <= end else { return nil }
            if UnsafeBufferPointer(start: base + hit, count: needle.count).elementsEqual(needle) { return hit }
            index = hit + 1
        }
        return nil
    }

    private func matches(_ text: StaticString, _ base: UnsafePointer<UInt8>, _ index: Int, _ end: Int) -> Bool {
        let count = text.utf8CodeUnitCount
        guard index + count <= end else { return false }
        return UnsafeBufferPointer(start: base + index, count: count).elementsEqual(UnsafeBufferPointer(start: text.utf8Start, count: count))
    }
}
