/// One OPC relationship. Types are kept as the open strings they are: an unknown type is carried along,
/// never an error (CoreXLSX's closed enum failed on every new file in the wild).
public struct Relationship: Sendable, Equatable {
    public let id: String
    public let type: String
    /// The resolved part name for internal targets (no leading `/`), the raw target for external ones.
    public let target: String
    public let isExternal: Bool

    /// Transitional and Strict relationship types differ only in their prefix, so kinds are recognised
    /// by the last path segment.
    func hasKind(_ kind: String) -> Bool {
        type.hasSuffix("/" + kind)
    }
}

enum PartPath {
    /// The relationships part that belongs to `part`: `xl/workbook.xml` -> `xl/_rels/workbook.xml.rels`.
    static func relationshipsPart(for part: String) -> String {
        let folder = self.folder(of: part)
        let name = part.split(separator: "/").last.map(String.init) ?? part
        return folder.isEmpty ? "_rels/\(name).rels" : "\(folder)/_rels/\(name).rels"
    }

    static func folder(of part: String) -> String {
        guard let slash = part.lastIndex(of: "/") else { return "" }
        return String(part[..<slash])
    }

    /// Resolves a target the way OPC says: absolute targets from the package root, relative ones from the
    /// source part's folder, with `.` and `..` segments removed.
    static func resolve(_ target: String, from sourceFolder: String) -> String {
        resolvedASCII(target, from: sourceFolder) ?? resolvedAsText(target, from: sourceFolder)
    }

    /// `resolve` on the target's characters: for any target, and what the ASCII way must agree with.
    static func resolvedAsText(_ target: String, from sourceFolder: String) -> String {
        let cleaned = target.utf8.contains(UInt8(ascii: "\\")) ? target.replacingOccurrences(of: "\\", with: "/") : target
        let withoutFragment = cleaned.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? cleaned
        let joined = withoutFragment.hasPrefix("/") ? withoutFragment : (sourceFolder.isEmpty ? withoutFragment : sourceFolder + "/" + withoutFragment)
        var segments: [Substring] = []
        for segment in joined.split(separator: "/", omittingEmptySubsequences: true) {
            switch segment {
            case ".": continue
            case "..": if !segments.isEmpty { segments.removeLast() }
            default: segments.append(segment)
            }
        }
        return segments.joined(separator: "/")
    }

    /// `resolve` on the bytes of an ASCII target and folder without backslashes (every real one), where
    /// cutting at bytes is cutting at characters; nil for anything else. A workbook's every part is found
    /// through a relationship, and splitting and joining `String`s cost thousands of instructions each:
    /// here the segments are written straight into the result, and `..` cuts it back to its last `/`.
    private static func resolvedASCII(_ target: String, from sourceFolder: String) -> String? {
        var target = target, sourceFolder = sourceFolder
        return target.withUTF8 { target in sourceFolder.withUTF8 { folder in resolvedASCII(target, from: folder) } }
    }

    private static func resolvedASCII(_ target: UnsafeBufferPointer<UInt8>, from folder: UnsafeBufferPointer<UInt8>) -> String? {
        let isPlain: (UInt8) -> Bool = { $0 < 0x80 && $0 != UInt8(ascii: "\\") }
        guard target.allSatisfy(isPlain), folder.allSatisfy(isPlain) else { return nil }
        let end = target.firstIndex(of: UInt8(ascii: "#")) ?? target.count
        let fromFolder = (end == 0 || target[0] != UInt8(ascii: "/")) && !folder.isEmpty
        return String(unsafeUninitializedCapacity: folder.count + end + 1) { resolved in
            var written = 0
            func add(_ bytes: UnsafeBufferPointer<UInt8>, to end: Int) {
                var start = 0
                while start < end {
                    var stop = start
                    while stop < end, bytes[stop] != UInt8(ascii: "/") { stop += 1 }
                    let length = stop - start
                    if length == 2, bytes[start] == UInt8(ascii: "."), bytes[start + 1] == UInt8(ascii: ".") {
                        while written > 0, resolved[written - 1] != UInt8(ascii: "/") { written -= 1 }
                        written = max(0, written - 1)
                    } else if length > 0, !(length == 1 && bytes[start] == UInt8(ascii: ".")) {
                        if written > 0 {
                            resolved[written] = UInt8(ascii: "/")
                            written += 1
                        }
                        for index in start..<stop {
                            resolved[written] = bytes[index]
                            written += 1
                        }
                    }
                    start = stop + 1
                }
            }
            if fromFolder { add(folder, to: folder.count) }
            add(target, to: end)
            return written
        }
    }
}

/// Reads a `.rels` part.
final class RelationshipsHandler: XMLEventHandler {
    unowned(unsafe) var parser: XMLStreamParser?
    private let sourceFolder: String
    private(set) var relationships: [Relationship] = []

    init(sourceFolder: String) { self.sourceFolder = sourceFolder }

    func startElement(_ name: XMLName, attributes: XMLAttributes) {
        guard name.is("Relationship") else { return }
        guard let id = attributes.string("Id"), let type = attributes.string("Type"),
              let target = attributes.string("Target") else { return }
        let external = attributes.string("TargetMode")?.caseInsensitiveCompare("External") == .orderedSame
        relationships.append(Relationship(
            id: id, type: type,
            target: external ? target : PartPath.resolve(target, from: sourceFolder),
            isExternal: external))
    }
}

/// Reads `[Content_Types].xml`: the overrides by part name, and the defaults by extension.
final class ContentTypesHandler: XMLEventHandler {
    unowned(unsafe) var parser: XMLStreamParser?
    private(set) var overrides: [String: String] = [:]
    private(set) var defaults: [String: String] = [:]

    func startElement(_ name: XMLName, attributes: XMLAttributes) {
        if name.is("Override"), let part = attributes.value("PartName"), let type = attributes.string("ContentType") {
            overrides[Self.key(ofPartName: part)] = type
        } else if name.is("Default"), let ext = attributes.string("Extension"), let type = attributes.string("ContentType") {
            defaults[ext.lowercased()] = type
        }
    }

    /// `ZipArchive.normalised(_:)` of the name, in lower case: made in one pass over the bytes when they
    /// are ASCII (every real part name), where the two steps would make three strings.
    static func key(ofPartName bytes: UnsafeBufferPointer<UInt8>) -> String {
        guard bytes.allSatisfy({ $0 < 0x80 }) else { return ZipArchive.normalised(String(decoding: bytes, as: UTF8.self)).lowercased() }
        var start = 0
        while start < bytes.count, bytes[start] == UInt8(ascii: "/") || bytes[start] == UInt8(ascii: "\\") { start += 1 }
        return String(unsafeUninitializedCapacity: bytes.count - start) { key in
            for index in start..<bytes.count {
                let byte = bytes[index]
                key[index - start] = byte == UInt8(ascii: "\\") ? UInt8(ascii: "/")
                    : byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte + 32 : byte
            }
            return bytes.count - start
        }
    }

    func contentType(of part: String) -> String? {
        let key = part.lowercased()
        if let type = overrides[key] { return type }
        guard let dot = key.lastIndex(of: ".") else { return nil }
        return defaults[String(key[key.index(after: dot)...])]
    }
}

extension ZipArchive {
    /// The relationships of `part`; an absent `.rels` part simply means none.
    func relationships(of part: String) throws -> [Relationship] {
        let relsPart = PartPath.relationshipsPart(for: part)
        guard try contains(relsPart) else { return [] }
        let handler = RelationshipsHandler(sourceFolder: PartPath.folder(of: part))
        try parse(relsPart, with: handler)
        return handler.relationships
    }

    func packageRelationships() throws -> [Relationship] {
        guard try contains("_rels/.rels") else { return [] }
        let handler = RelationshipsHandler(sourceFolder: "")
        try parse("_rels/.rels", with: handler)
        return handler.relationships
    }
}
