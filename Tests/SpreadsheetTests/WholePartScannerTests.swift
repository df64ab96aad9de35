import Foundation
@testable import Spreadsheet
import Testing

/// The byte scanner for small parts (`WholePartScanner`) against libxml2 (`XMLStreamParser`): whatever the
/// scanner accepts, libxml2 must accept too, with the same elements, namespaces, attributes and text; what
/// it refuses goes to libxml2 whole, so a workbook's errors are libxml2's.
@Suite struct WholePartScannerTests {
    /// One parse, as the events a handler saw (text joined between tags, as every handler joins it) or
    /// the error it ended with.
    enum Outcome: Equatable, CustomStringConvertible {
        case events([String])
        case failure(String)

        var description: String {
            switch self {
            case let .events(events): events.joined(separator: "\n")
            case let .failure(error): "error: \(error)"
            }
        }
    }

    final class Recorder: XMLEventHandler {
        unowned(unsafe) var parser: XMLStreamParser?
        private(set) var events: [String] = []
        private var pending: [UInt8] = []

        func startElement(_ name: XMLName, attributes: XMLAttributes) {
            flush()
            var line = "<\(Self.string(name.local)) {\(name.namespace.map(Self.string) ?? "")}"
            if let base = attributes.base {
                for index in 0..<attributes.count {
                    let slot = base + index * 5
                    let value = slot[3].flatMap { start in
                        slot[4].map { String(decoding: UnsafeBufferPointer(start: start, count: $0 - start), as: UTF8.self) }
                    }
                    line += " \(slot[1].map(Self.string) ?? "-"):\(slot[0].map(Self.string) ?? "?") {\(slot[2].map(Self.string) ?? "")}=\(value.debugDescription)"
                }
            }
            events.append(line)
        }

        func endElement(_ name: XMLName) {
            flush()
            events.append("</\(Self.string(name.local)) {\(name.namespace.map(Self.string) ?? "")}")
        }

        func text(_ bytes: UnsafeBufferPointer<UInt8>) { pending.append(contentsOf: bytes) }

        func flush() {
            if !pending.isEmpty { events.append("text \(String(decoding: pending, as: UTF8.self).debugDescription) \(pending)") }
            pending.removeAll()
        }

        private static func string(_ pointer: UnsafePointer<UInt8>) -> String { String(cString: pointer) }
    }

    static let limits = ReadLimits()

    /// libxml2 fed the part in chunks of `chunk` bytes, as `ZipArchive.parse` feeds it.
    static func libxml2(_ bytes: [UInt8], chunk: Int = 1 << 17, file: String = "f.xlsx", part: String = "p.xml") -> Outcome {
        let recorder = Recorder()
        let parser = XMLStreamParser(file: file, part: part, handler: recorder)
        recorder.parser = parser
        do {
            try bytes.withUnsafeBytes { raw in
                for start in stride(from: 0, to: raw.count, by: chunk) {
                    try parser.feed(UnsafeRawBufferPointer(rebasing: raw[start..<min(start + chunk, raw.count)]))
                    if parser.stoppedByHandler { break }
                }
            }
            try parser.finish()
        } catch {
            return .failure(String(describing: error))
        }
        recorder.flush()
        return .events(recorder.events)
    }

    /// The scanner's events, or nil when it leaves the part to libxml2.
    static func scanned(_ bytes: [UInt8], maxMarkupBytes: Int = limits.maxMarkupBytes, maxDepth: Int = limits.maxXMLDepth) -> Outcome? {
        let copy = UnsafeMutablePointer<UInt8>.allocate(capacity: bytes.count + 1)
        defer { copy.deallocate() }
        copy.update(from: bytes, count: bytes.count)
        let recorder = Recorder()
        let parser = XMLStreamParser(file: "f.xlsx", part: "p.xml", handler: recorder)
        recorder.parser = parser
        do {
            guard try WholePartScanner.read(copy, count: bytes.count, maxMarkupBytes: maxMarkupBytes, maxDepth: maxDepth, into: parser) else {
                #expect(recorder.events.isEmpty, "a part left to libxml2 should deliver nothing")
                return nil
            }
        } catch {
            return .failure(String(describing: error))
        }
        recorder.flush()
        return .events(recorder.events)
    }

    /// Whether the scanner took the part; fails the test when it took it and read it otherwise than libxml2.
    @discardableResult
    static func agree(_ bytes: [UInt8], _ label: @autoclosure () -> String) -> Bool {
        guard let fast = scanned(bytes) else { return false }
        let slow = libxml2(bytes)
        #expect(fast == slow, "\(label()): the scanner read\n\(fast)\nlibxml2 read\n\(slow)")
        return true
    }

    static func agree(_ text: String) -> Bool { agree(Array(text.utf8), text) }

    // MARK: Hand-made parts

    @Test(arguments: [
        #"<a/>"#,
        #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n<a>\n  <b x=\"1\" y='2'/>\n</a>\n",
        "\u{FEFF}<?xml version='1.0'?><a>x</a>",
        #"<?xml version = "1.0"  encoding = 'utf-8' ?><a/>"#,
        #"<a>&lt;&gt;&amp;&apos;&quot; &#65;&#x42;&#x00e9;&#233;&#x1F600;&#9;&#10;&#13;&#0000065;</a>"#,
        #"<a v="&lt;&gt;&amp;&apos;&quot;&#9;&#10;&#13;&#x20AC;&#60;&#38;&#x10FFFF;" w='a"b' z="x'y" y="a>b"/>"#,
        "<a v=\"tab\there\nline  two\"/>",
        #"<a>   </a>"#,
        "<a>\n\t</a>",
        #"<a><b/><b></b>text<c>more</c>tail</a>"#,
        #"<root xmlns="urn:x" xmlns:r="http://example.com/r"><r:child r:id="rId1" id="plain"/><child/></root>"#,
        #"<x:root xmlns:x="http://example.com/x"><x:c/><d xmlns="http://example.com/d"><e/><f xmlns=""/></d></x:root>"#,
        #"<t xml:space="preserve">  kept  </t>"#,
        #"<t xml:space="default">x</t>"#,
        "<a>caf\u{E9} \u{20AC} \u{1F600} \u{7F} \u{85}</a>",
        #"<a>]] > ]></a>"#,
        "<a b = \"1\"\tc=\"2\"\t/>",
        #"<a></a   >"#,
        "<a>x</a>\n\n",
        #"<a_b-c.d e_f-g.h="1"/>"#,
        #"<a xmlns:p="http://p.example/" xmlns:q="http://p.example/" p:x="1" q:y="2"/>"#,
        #"<a xmlns:p="http://p.example/" xmlns:q="http://q.example/" x="1" p:x="2" xmlns:x="http://x.example/"/>"#,
        "<?xml version=\"1.0\"?>\r\n<a/>\r\n", "<?xml version=\"1.0\"?>\r<a>x</a>\r",
    ])
    func partsInTheSubsetReadAlike(_ text: String) {
        #expect(Self.agree(text), "the scanner should read \(text.debugDescription)")
    }

    /// Each of these is outside the subset, so the part goes to libxml2 whole (whether libxml2 accepts it
    /// or not).
    @Test(arguments: [
        "", "   ", "text only",
        #"<a><!-- comment --></a>"#, #"<a><?pi x?></a>"#, #"<a><![CDATA[x]]></a>"#,
        #"<!DOCTYPE a><a/>"#, #"<?xml version="1.0"?><!DOCTYPE a [<!ENTITY e "x">]><a>&e;</a>"#,
        "<a>\r\n</a>", "<a v=\"x\ry\"/>", "<a>\u{0}</a>", "<a>\u{1}</a>",
        #"<a>&unknown;</a>"#, #"<a>&#0;</a>"#, #"<a>&#xD800;</a>"#, #"<a>&#xFFFE;</a>"#, #"<a>&#x110000;</a>"#, #"<a>&#X41;</a>"#,
        #"<a>&#;</a>"#, #"<a>&amp</a>"#, #"<a>& </a>"#, #"<a>]]></a>"#,
        #"<a v="<"/>"#, #"<a v="1" v="2"/>"#, #"<a p:v="1"/>"#, #"<p:a/>"#, #"<a xmlns:p=""/>"#,
        #"<a xmlns:p="http://x/" xmlns:p="http://y/"/>"#, #"<a xmlns:q="http://x/" xmlns:r="http://x/" q:v="1" r:v="2"/>"#,
        #"<a xml:lang="en"/>"#, #"<a xml:space="keep"/>"#, #"<a xmlns:xml="http://www.w3.org/XML/1998/namespace"/>"#,
        #"<a xmlns="relative"/>"#, #"<a xmlns="http://x/ y"/>"#, #"<a xmlns:p="http://www.w3.org/2000/xmlns/"/>"#,
        #"<a></b>"#, #"<a><b></a></b>"#, #"<a>"#, #"<a/><b/>"#, #"<a/>x"#, #"<a/><!-- after -->"#, #"<a/><?pi?>"#,
        #"<a b="1"c="2"/>"#, #"<a b=1/>"#, #"<a b/>"#, #"<a:b:c/>"#, #"<:a/>"#, #"<a: b/>"#, #"<1a/>"#, "<caf\u{E9}/>",
        #"<?xml version="1.1"?><a/>"#, #"<?xml version="1.0" encoding="ISO-8859-1"?><a/>"#, #" <?xml version="1.0"?><a/>"#,
        #"<?xml version="1.0" standalone="maybe"?><a/>"#, #"<?xml-stylesheet href="x"?><a/>"#,
        "<a>\u{FFFF}</a>",
    ])
    func partsOutsideTheSubsetGoToLibxml2(_ text: String) {
        #expect(!Self.agree(text), "the scanner should leave \(text.debugDescription) to libxml2")
    }

    /// Tags as the scanner's own records keep them: many attributes, names of one length, declarations in
    /// nested scopes (in force to their element's end, an empty element's included), entities in values.
    @Test(arguments: [
        #"<a ab="1" ac="2" ba="3" bb="4" x1="5" x2="6" x3="7" x4="8" x5="9" x6="10" x7="11"/>"#,
        #"<a xmlns:pp="urn:p" xmlns:qq="urn:q" pp:v="1" qq:w="2" v="3" w="4"/>"#,
        #"<a xmlns:p="urn:p" xmlns:q="urn:q" p:ab="1" q:ac="2" ab="3"/>"#,
        #"<a xmlns="urn:a" xmlns:p="urn:p"><p:b xmlns:p="urn:q" p:x="1"><p:c/></p:b><p:d p:y="2"/><e xmlns="urn:e"><f/></e><g/></a>"#,
        #"<a xmlns="urn:a"><b xmlns="urn:b"/><c/><d xmlns=""><e/></d><f/></a>"#,
        #"<a xmlns:p="urn:p"><b xmlns:p="urn:q"/><p:c/><d xmlns:p="urn:r"><p:e xmlns:p="urn:s"/><p:f/></d><p:g/></a>"#,
        #"<r:a xmlns:r="urn:r"><r:b xmlns:s="urn:s" s:x="1"><s:c/></r:b></r:a>"#,
        #"<a x="a&amp;b" y="&#233;t&#xE9;" z="&lt;&gt;&apos;&quot;" w="&#x1F600;&#10;" v=""/>"#,
        #"<a xmlns:p="urn:p" p:x="&amp;" x="&lt;"><b p:x="&#65;"/></a>"#,
        "<a " + (1...64).map { "n\($0)=\"\($0)\"" }.joined(separator: " ") + "/>",
    ])
    func recordedTagsReadAlike(_ text: String) {
        #expect(Self.agree(text), "the scanner should read \(text.debugDescription)")
    }

    @Test(arguments: [
        #"<a ab="1" ac="2" ab="3"/>"#, #"<a xmlns:p="urn:p" xmlns:q="urn:q" p:ab="1" q:ab="2"/>"#,
        #"<a xmlns:pq="urn:p" xmlns:pq="urn:p"/>"#, #"<a xmlns="urn:a" xmlns="urn:a"/>"#,
        #"<a><b xmlns:p="urn:p"/><p:c/></a>"#, #"<a><b xmlns:p="urn:p"></b><p:c/></a>"#,
        #"<a xmlns:p="urn:p"><b xmlns:q="urn:q"/><q:c/></a>"#, #"<a:/>"#, #"<a b:="1"/>"#, #"<a:b/>"#,
        "<a " + (1...65).map { "n\($0)=\"\($0)\"" }.joined(separator: " ") + "/>",
    ])
    func recordedTagsOutsideTheSubsetGoToLibxml2(_ text: String) {
        #expect(!Self.agree(text), "the scanner should leave \(text.debugDescription) to libxml2")
    }

    /// Attribute values read as numbers without text: as `Int(_: String)` reads them.
    @Test func integerValuesReadAsIntReadsThem() {
        for text in ["0", "7", "007", "+5", "-5", "-0", "", "+", "-", " 1", "1 ", "1.0", "x", "12a",
                     "9223372036854775807", "9223372036854775808", "-9223372036854775808", "-9223372036854775809", "99999999999999999999"] {
            let bytes = Array(text.utf8)
            let read = bytes.withUnsafeBufferPointer(XMLAttributes.integer)
            #expect(read == Int(text), "\(text.debugDescription)")
        }
    }

    @Test func invalidUTF8GoesToLibxml2() {
        let cases: [[UInt8]] = [[0xC3], [0xC0, 0xAF], [0xE0, 0x80, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xFF], [0x80],
                                [0xEF, 0xBF, 0xBE], [0xF0, 0x8F, 0xBF, 0xBF]]
        for bytes in cases {
            let part = Array("<a v=\"".utf8) + bytes + Array("\">".utf8) + bytes + Array("</a>".utf8)
            #expect(!Self.agree(part, "\(bytes)"), "\(bytes) should go to libxml2")
        }
        #expect(Self.agree(Array("<a>".utf8) + [0xF4, 0x8F, 0xBF, 0xBF, 0xEF, 0xBF, 0xBD, 0xED, 0x9F, 0xBF] + Array("</a>".utf8), "the highest characters"))
        let utf16: [UInt8] = [0xFF, 0xFE] + "<a/>".utf16.flatMap { unit -> [UInt8] in [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        #expect(!Self.agree(utf16, "UTF-16"))
    }

    @Test func limitsSendThePartToLibxml2() {
        let tag = Array(#"<a b="\#(String(repeating: "x", count: 100))"/>"#.utf8)
        #expect(Self.scanned(tag, maxMarkupBytes: tag.count) != nil)
        #expect(Self.scanned(tag, maxMarkupBytes: tag.count - 1) == nil)
        let nested = Array((String(repeating: "<a>", count: 10) + String(repeating: "</a>", count: 10)).utf8)
        #expect(Self.scanned(nested, maxDepth: 10) != nil)
        #expect(Self.scanned(nested, maxDepth: 9) == nil)
        let longName = Array("<\(String(repeating: "n", count: 1001))/>".utf8)
        #expect(Self.scanned(longName) == nil)
        #expect(Self.scanned(Array("<\(String(repeating: "n", count: 1000))/>".utf8)) != nil)
        let deep = Array((String(repeating: "<a>", count: 300) + String(repeating: "</a>", count: 300)).utf8)
        #expect(Self.scanned(deep, maxDepth: 1000) == nil)
    }

    // MARK: Real parts, and damaged copies of them

    /// The parts of every workbook in the fixtures and the conformance corpus that are read whole.
    static func realParts() throws -> [(label: String, bytes: [UInt8])] {
        var files = try FileManager.default.contentsOfDirectory(at: SharedCorpus.conformance().appendingPathComponent("xlsx"),
                                                                includingPropertiesForKeys: nil)
        let fixtures = PatchSupport.repositoryRoot().appendingPathComponent("Fixtures")
        files += try FileManager.default.contentsOfDirectory(at: fixtures, includingPropertiesForKeys: nil)
        var parts: [(String, [UInt8])] = []
        for file in files.sorted(by: { $0.path < $1.path }) where ["xlsx", "xlsm"].contains(file.pathExtension) {
            guard let archive = try? ZipArchive(path: file.path, limits: ReadLimits()) else { continue }
            for name in archive.partNames where Self.isReadWhole(name) {
                guard let data = try? archive.data(of: name), data.count <= 1 << 18 else { continue }
                parts.append(("\(file.lastPathComponent):\(name)", Array(data)))
            }
        }
        return parts
    }

    static func isReadWhole(_ name: String) -> Bool {
        let lower = name.lowercased()
        return lower.hasSuffix(".rels") || lower == "[content_types].xml" || lower.hasSuffix("workbook.xml")
            || lower.hasSuffix("sharedstrings.xml") || lower.hasSuffix("styles.xml") || lower.hasSuffix("custom.xml")
    }

    @Test func realPartsReadAlike() throws {
        let parts = try Self.realParts()
        #expect(parts.count > 1000, "the corpus should give many parts, not \(parts.count)")
        var taken = 0
        for (label, bytes) in parts where Self.agree(bytes, label) { taken += 1 }
        // Nearly every part written by a real program is in the subset; otherwise the scanner saves nothing.
        #expect(taken * 10 >= parts.count * 9, "the scanner took only \(taken) of \(parts.count) parts")
    }

    @Test func everyPartOfThePlanningWorkbookIsScanned() throws {
        let file = PatchSupport.repositoryRoot().appendingPathComponent("Fixtures/planning-2017-19-sample.xlsx")
        let archive = try ZipArchive(path: file.path, limits: ReadLimits())
        let names = archive.partNames.filter(Self.isReadWhole)
        #expect(names.count >= 6)
        for name in names {
            #expect(Self.agree(Array(try archive.data(of: name)), name), "\(name) should be scanned")
        }
    }

    /// Small damages to real parts (a byte removed, replaced or inserted, a stretch repeated), many of
    /// them inside the subset's edges: whatever the scanner still takes, libxml2 must read the same way.
    @Test func damagedPartsReadAlikeOrGoToLibxml2() throws {
        var random = SplitMix(seed: 18)
        let interesting = Array("<>&;#x\"'=:/ \t\n\r?!-[]".utf8) + [0x00, 0x01, 0x80, 0xBF, 0xC3, 0xE2, 0xED, 0xEF, 0xF0, 0xFF]
        let parts = try Self.realParts().filter { $0.bytes.count <= 1 << 14 }
        var taken = 0, tried = 0
        for (label, original) in parts {
            for round in 0..<12 {
                var bytes = original
                for _ in 0...Int.random(in: 0...2, using: &random) {
                    guard !bytes.isEmpty else { break }
                    let at = Int.random(in: 0..<bytes.count, using: &random)
                    switch Int.random(in: 0..<5, using: &random) {
                    case 0: bytes.remove(at: at)
                    case 1: bytes[at] = interesting.randomElement(using: &random) ?? 0
                    case 2: bytes.insert(interesting.randomElement(using: &random) ?? 0, at: at)
                    case 3:
                        let end = min(bytes.count, at + Int.random(in: 1...24, using: &random))
                        bytes.insert(contentsOf: Array(bytes[at..<end]), at: end)
                    default: bytes.removeSubrange(at..<min(bytes.count, at + Int.random(in: 1...24, using: &random)))
                    }
                }
                tried += 1
                if Self.agree(bytes, "\(label) damage \(round)") { taken += 1 }
            }
        }
        #expect(tried > 1000 && taken > 100, "took \(taken) of \(tried) damaged parts")
    }

    // MARK: Through a workbook

    /// A damaged part gives libxml2's own error (message and line), as before the scanner.
    @Test(arguments: [
        ("xl/workbook.xml", #"<?xml version="1.0"?><workbook xmlns="\#(TestPackage.main)"><sheets><sheet name="S" sheetId="1"/></sheets>"#),
        ("xl/workbook.xml", "<?xml version=\"1.0\"?>\r\n<workbook xmlns=\"\(TestPackage.main)\">\n<sheets>\n<sheet name=\"S\"/></sheet></workbook>"),
        ("_rels/.rels", "<Relationships>\n<Relationship Id=\"a\" Id=\"b\"/></Relationships>"),
        ("[Content_Types].xml", "<Types>\n\n<Default Extension=\"xml\" ContentType=\"a\"></Types>"),
        ("xl/_rels/workbook.xml.rels", "<Relationships>&bad;</Relationships>"),
    ])
    func damagedPartsFailAsLibxml2Fails(_ part: String, _ text: String) throws {
        var package = TestPackage.workbook(sheets: [("S", "<sheetData/>")])
        package.replace(part, with: text)
        let expected = Self.libxml2(Array(text.utf8), file: "damaged.xlsx", part: part)
        guard case .failure = expected else {
            Issue.record("libxml2 should refuse \(text.debugDescription)")
            return
        }
        #expect(throws: (any Error).self) { try Workbook(data: try package.data(), name: "damaged.xlsx") }
        do {
            _ = try Workbook(data: try package.data(), name: "damaged.xlsx")
        } catch {
            #expect(Outcome.failure(String(describing: error)) == expected)
        }
    }

    /// A shared-strings part of several chunks whose last tag is broken: libxml2 reads it in the chunks
    /// the stream gave, so the error names the same line as before.
    @Test func aLargeDamagedPartFailsOnTheSameLine() throws {
        let items = (0..<20_000).map { "<si><t>string \($0)</t></si>\n" }.joined()
        let text = #"<?xml version="1.0"?><sst xmlns="\#(TestPackage.main)">"# + "\n" + items + "<si><t>broken</si></sst>"
        var package = TestPackage.workbook(sheets: [("S", #"<sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData>"#)],
                                           sharedStrings: ["x"])
        package.entries.removeAll { $0.name == "xl/sharedStrings.xml" }
        package.add("xl/sharedStrings.xml", bytes: Array(text.utf8), stored: true)
        #expect(text.utf8.count > 1 << 18)
        let workbook = try Workbook(data: try package.data(), name: "large.xlsx")
        let expected = Self.libxml2(Array(text.utf8), file: "large.xlsx", part: "xl/sharedStrings.xml")
        do {
            _ = try workbook.tables()
            Issue.record("the broken part was read")
        } catch {
            #expect(Outcome.failure(String(describing: error)) == expected)
        }
    }

    /// Shared strings read through the scanner: entities, references, rich-text runs and phonetic runs.
    @Test func sharedStringsReadThroughTheScanner() throws {
        let strings = ["a &amp; b", "&lt;tag&gt;", "caf&#233; &#x20AC;", "  spaced  ", "line\nbreak", "_x0041_"]
        let package = TestPackage.workbook(sheets: [("S", "<sheetData/>")], sharedStrings: strings)
        let workbook = try Workbook(data: try package.data(), name: "strings.xlsx")
        #expect(try workbook.tables().sharedStrings == ["a & b", "<tag>", "caf\u{E9} \u{20AC}", "  spaced  ", "line\nbreak", "A"])
    }
}

/// A small seeded generator, so that the damaged parts are the same on every run.
struct SplitMix: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
