import CLibXML2
import Foundation

/// Receives the events of one XML part. Names and values are borrowed from the parser and valid only for
/// the duration of the call, which is what lets a sheet be read without a string per element.
protocol XMLEventHandler: AnyObject {
    /// Set before the first event, so that a handler can stop the parse or fail it with a located error.
    /// Handlers hold it `unowned(unsafe)`: the parser owns the handler and outlives every event, and a
    /// weak or unowned reference would put a side table on the hot path of every callback.
    var parser: XMLStreamParser? { get set }
    func startElement(_ name: XMLName, attributes: XMLAttributes)
    func endElement(_ name: XMLName)
    func text(_ bytes: UnsafeBufferPointer<UInt8>)
}

/// Most parts need only start tags; those handlers leave out the rest.
extension XMLEventHandler {
    func endElement(_ name: XMLName) {}
    func text(_ bytes: UnsafeBufferPointer<UInt8>) {}
}

/// An element name as libxml2 hands it over: the local name and namespace URI as C strings. Elements are
/// matched by local name only, so prefixed (`x:c`) and Strict-namespace files read exactly like the
/// common ones, as calamine does.
struct XMLName {
    let local: UnsafePointer<UInt8>
    let namespace: UnsafePointer<UInt8>?

    @inline(__always)
    func `is`(_ name: StaticString) -> Bool { isCString(local, name) }
}

/// Whether the NUL-terminated `bytes` are `name`, compared in line: names are a few bytes long and most
/// compares end at the first, where a call to `strcmp` costs more than the compare. A shorter `bytes`
/// ends at its NUL, which no name holds, so nothing past it is read.
@inline(__always)
func isCString(_ bytes: UnsafePointer<UInt8>, _ name: StaticString) -> Bool {
    let expected = name.utf8Start
    for index in 0..<name.utf8CodeUnitCount where bytes[index] != expected[index] { return false }
    return bytes[name.utf8CodeUnitCount] == 0
}

/// The attributes of one start tag, in libxml2's SAX2 layout: five pointers per attribute (local name,
/// prefix, URI, value start, value end); values are not NUL-terminated.
struct XMLAttributes {
    let base: UnsafeMutablePointer<UnsafePointer<UInt8>?>?
    let count: Int

    @inline(__always)
    func value(_ name: StaticString, namespaced: Bool? = nil) -> UnsafeBufferPointer<UInt8>? {
        guard let base else { return nil }
        for index in 0..<count {
            let slot = base + index * 5
            guard let local = slot[0], let start = slot[3], let end = slot[4] else { continue }
            if let namespaced, namespaced != (slot[2] != nil) { continue }
            if isCString(local, name) { return UnsafeBufferPointer(start: start, count: end - start) }
        }
        return nil
    }

    /// Calls `body` with each un-prefixed attribute whose local name is one letter long.
    @inline(__always)
    func forEachSingleLetter(_ body: (UInt8, UnsafeBufferPointer<UInt8>) -> Void) {
        guard let base else { return }
        for index in 0..<count {
            let slot = base + index * 5
            guard let local = slot[0], local[1] == 0, slot[2] == nil, let start = slot[3], let end = slot[4] else { continue }
            body(local[0], UnsafeBufferPointer(start: start, count: end - start))
        }
    }

    func string(_ name: StaticString, namespaced: Bool? = nil) -> String? {
        value(name, namespaced: namespaced).map { String(decoding: $0, as: UTF8.self) }
    }

    /// The value read as `Int(_:)` reads its text, without making the text.
    func integer(_ name: StaticString) -> Int? {
        value(name).flatMap(Self.integer)
    }

    /// ASCII digits after an optional sign, nil when there are none or the number overflows `Int`: what
    /// `Int(_: String)` accepts.
    static func integer(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var index = 0
        let negative = bytes.first == UInt8(ascii: "-")
        if negative || bytes.first == UInt8(ascii: "+") { index = 1 }
        guard index < bytes.count else { return nil }
        var value = 0
        while index < bytes.count {
            let digit = bytes[index] &- UInt8(ascii: "0")
            guard digit < 10 else { return nil }
            let (shifted, overflowed) = value.multipliedReportingOverflow(by: 10)
            let (next, overflowedAgain) = negative ? shifted.subtractingReportingOverflow(Int(digit)) : shifted.addingReportingOverflow(Int(digit))
            guard !overflowed, !overflowedAgain else { return nil }
            value = next
            index += 1
        }
        return value
    }
}

extension UnsafeBufferPointer<UInt8> {
    /// Whether these bytes are exactly `text`: a value compared where it lies, without making a `String`.
    @inline(__always)
    func isText(_ text: StaticString) -> Bool {
        guard count == text.utf8CodeUnitCount, let start = baseAddress else { return count == 0 && text.utf8CodeUnitCount == 0 }
        let expected = text.utf8Start
        for index in 0..<count where start[index] != expected[index] { return false }
        return true
    }
}

/// A streaming SAX2 parser over libxml2's push interface, fed chunk by chunk as a part is inflated.
/// No tree is built; no network, no DTD, no entity expansion: a document type declaration is refused
/// outright, which also rules out external entities and "billion laughs" expansion.
final class XMLStreamParser {
    let file: String
    let part: String
    private let handler: any XMLEventHandler
    private var context: xmlParserCtxtPtr?
    private(set) var failure: SpreadsheetError? {
        didSet { failed = failure != nil }
    }
    /// Whether `failure` is set: the byte scanner asks after every construct, and reading this flag costs
    /// less than copying the optional error out.
    private(set) var failed = false
    private(set) var stoppedByHandler = false
    /// Element nesting allowed (`ReadLimits.maxXMLDepth`); libxml2 stops at 256 on its own.
    let maxDepth: Int
    private var depth = 0
    private var markup: MarkupLengthGuard

    init(file: String, part: String, handler: any XMLEventHandler, maxDepth: Int = ReadLimits().maxXMLDepth,
         maxMarkupBytes: Int = ReadLimits().maxMarkupBytes) {
        self.file = file
        self.part = part
        self.handler = handler
        self.maxDepth = maxDepth
        markup = MarkupLengthGuard(maximum: maxMarkupBytes)
    }

    /// The error for nesting deeper than `maxDepth`, shared with the byte scanner.
    var depthExceeded: SpreadsheetError {
        .limitExceeded(file: file, part: part, limit: "the XML element depth", maximum: maxDepth)
    }

    deinit {
        if let context {
            xmlFreeDoc(context.pointee.myDoc)
            xmlFreeParserCtxt(context)
        }
    }

    /// The line the parser has reached, for error messages raised by handlers.
    var line: Int? {
        guard let context else { return nil }
        return Int(xmlSAX2GetLineNumber(context))
    }

    /// Ends parsing early (the handler has what it needs); later chunks are ignored.
    func stop() {
        stoppedByHandler = true
        if let context { xmlStopParser(context) }
    }

    /// Ends parsing with an error that names the part and the current line.
    func fail(_ error: SpreadsheetError) {
        if failure == nil { failure = error }
        if let context { xmlStopParser(context) }
    }

    func feed(_ chunk: UnsafeRawBufferPointer) throws {
        guard !stoppedByHandler, failure == nil, chunk.count > 0 else { return }
        if let construct = markup.feed(chunk) {
            throw SpreadsheetError.limitExceeded(file: file, part: part, limit: "the length of one \(construct), in bytes", maximum: markup.maximum)
        }
        let bytes = chunk.bindMemory(to: CChar.self)
        var offset = 0
        if context == nil {
            // The first bytes go to the constructor so that libxml2 can detect a BOM or UTF-16.
            let head = min(4, bytes.count)
            context = makeContext(first: bytes.baseAddress, count: head)
            offset = head
        }
        if offset < bytes.count, let context, let base = bytes.baseAddress {
            let status = xmlParseChunk(context, base + offset, Int32(bytes.count - offset), 0)
            try check(status)
        } else {
            try check(0)
        }
    }

    func finish() throws {
        guard !stoppedByHandler, failure == nil else { try check(0); return }
        guard let context else {
            throw SpreadsheetError.malformedPart(file: file, part: part, line: nil, reason: "the part is empty")
        }
        try check(xmlParseChunk(context, nil, 0, 1))
    }

    private func check(_ status: Int32) throws {
        if let failure { throw failure }
        if status != 0, !stoppedByHandler {
            throw SpreadsheetError.malformedPart(file: file, part: part, line: line, reason: lastErrorMessage(code: status))
        }
    }

    private func lastErrorMessage(code: Int32) -> String {
        if let context, let error = xmlCtxtGetLastError(context), let message = error.pointee.message {
            return String(cString: message).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        return "parser error \(code)"
    }

    fileprivate func refuseDocumentType() {
        fail(.unsafeXML(file: file, part: part, line: line, reason: "the XML declares a document type (DTD); workbooks never do, and DTDs can expand entities or fetch external files"))
    }

    func deliverStart(_ name: XMLName, _ attributes: XMLAttributes) {
        depth += 1
        if depth > maxDepth {
            fail(depthExceeded)
            return
        }
        handler.startElement(name, attributes: attributes)
    }

    func deliverEnd(_ name: XMLName) {
        depth -= 1
        handler.endElement(name)
    }

    func deliverText(_ bytes: UnsafeBufferPointer<UInt8>) { handler.text(bytes) }

    private func makeContext(first: UnsafePointer<CChar>?, count: Int) -> xmlParserCtxtPtr? {
        var sax = xmlSAXHandler()
        sax.initialized = XML_SAX2_MAGIC
        sax.startElementNs = { context, local, _, uri, _, _, attributeCount, _, attributes in
            guard let context, let local else { return }
            // The parser is alive for the whole parse; borrowing it avoids a retain and release per event.
            Unmanaged<XMLStreamParser>.fromOpaque(context)._withUnsafeGuaranteedRef {
                $0.deliverStart(XMLName(local: local, namespace: uri),
                                XMLAttributes(base: attributes, count: Int(attributeCount)))
            }
        }
        sax.endElementNs = { context, local, _, uri in
            guard let context, let local else { return }
            Unmanaged<XMLStreamParser>.fromOpaque(context)._withUnsafeGuaranteedRef {
                $0.deliverEnd(XMLName(local: local, namespace: uri))
            }
        }
        let text: charactersSAXFunc = { context, bytes, length in
            guard let context, let bytes, length > 0 else { return }
            Unmanaged<XMLStreamParser>.fromOpaque(context)._withUnsafeGuaranteedRef {
                $0.deliverText(UnsafeBufferPointer(start: bytes, count: Int(length)))
            }
        }
        sax.characters = text
        sax.ignorableWhitespace = text
        sax.cdataBlock = text
        sax.internalSubset = { context, _, _, _ in
            guard let context else { return }
            Unmanaged<XMLStreamParser>.fromOpaque(context).takeUnretainedValue().refuseDocumentType()
        }
        sax.externalSubset = sax.internalSubset
        // Errors are read from the context after a failed chunk; nothing is printed to stderr.
        sax.serror = { _, _ in }
        let me = Unmanaged.passUnretained(self).toOpaque()
        guard let context = xmlCreatePushParserCtxt(&sax, me, first, Int32(count), part) else { return nil }
        // NOENT makes libxml2 hand over attribute values with `&amp;` and character references decoded;
        // it cannot expand anything else, because a document type declaration stops the parse first.
        xmlCtxtUseOptions(context, Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOCDATA.rawValue | XML_PARSE_NOENT.rawValue))
        return context
    }
}

/// Parses one part of an archive from start to end (or until the handler stops it).
extension ZipArchive {
    func parse(_ part: String, with handler: some XMLEventHandler) throws {
        let parser = XMLStreamParser(file: fileName, part: part, handler: handler, maxDepth: limits.maxXMLDepth,
                                     maxMarkupBytes: limits.maxMarkupBytes)
        handler.parser = parser
        try withExtendedLifetime(handler) {
            let stream = try open(part)
            // A small part is held whole and read by the byte scanner when it is within its subset; any
            // other is fed to libxml2 in the very chunks the stream gave, so that its errors are the same.
            var held: HeldPart?
            if let declared = stream.declaredSize, declared <= WholePartScanner.maxPartBytes {
                let whole = HeldPart(reading: stream, expected: declared, limit: WholePartScanner.maxPartBytes)
                if try whole.scan(limits: limits, into: parser) { return }
                held = whole
            }
            var replayed = 0
            func next() throws -> UnsafeRawBufferPointer? {
                guard let held else { return try stream.next() }
                if replayed < held.chunkCount {
                    replayed += 1
                    return held.chunk(replayed - 1)
                }
                if let failure = held.failure { throw failure }
                return held.complete ? nil : try stream.next()
            }
            do {
                while let chunk = try next() {
                    try parser.feed(chunk)
                    if parser.stoppedByHandler { return }
                }
                try parser.finish()
            } catch let error as SpreadsheetError {
                // Damaged compressed data usually shows first as broken XML; the CRC check at the end of
                // the entry names the real cause, so the rest of the entry is read to give it a chance.
                if case .malformedPart = error {
                    while try next() != nil {}
                }
                throw error
            }
        }
    }
}
