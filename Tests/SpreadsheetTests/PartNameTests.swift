import Foundation
@testable import Spreadsheet
import Testing

/// Part names from zip entries and `[Content_Types].xml` are normalised on their bytes when they are
/// ASCII: the result must be Foundation's, which the code used for every name before.
@Suite("Part names")
struct PartNameTests {
    static func foundationNormalised(_ name: String) -> String {
        var name = name.replacingOccurrences(of: "\\", with: "/")
        while name.hasPrefix("/") { name.removeFirst() }
        return name
    }

    @Test("backslashes become slashes and leading slashes go, as Foundation's replacing did", arguments: [
        "/xl/workbook.xml", "xl/workbook.xml", "\\xl\\worksheets\\sheet1.xml", "//xl/styles.xml", "/", "//", "\\", "\\\\a",
        "/\\/a\\b", "", "a\\", "/[Content_Types].xml", "/docProps/custom.xml", "/xl/é.xml", "\\é\\a", "/\u{301}a", "é/",
    ])
    func sameAsFoundation(name: String) {
        #expect(ZipArchive.normalised(name) == Self.foundationNormalised(name))
        #expect(ZipArchive.normalised(name).utf8.elementsEqual(Self.foundationNormalised(name).utf8))
    }

    @Test("a content type's part name is keyed as normalising and lower-casing its text would key it", arguments: [
        "/xl/workbook.xml", "/XL/Worksheets/Sheet1.XML", "\\xl\\styles.xml", "//xl/a.xml", "/", "", "/[Content_Types].xml",
        "/xl/É.xml", "\\É\\A", "/\u{301}A", "/a\\B\\c", "/Z@[`{",
    ])
    func contentTypeKeys(name: String) {
        let key = Array(name.utf8).withUnsafeBufferPointer(ContentTypesHandler.key(ofPartName:))
        #expect(key.utf8.elementsEqual(ZipArchive.normalised(name).lowercased().utf8), "\(name.debugDescription)")
    }
}

/// Relationship targets are resolved on their bytes when they are ASCII: the part must be the one the
/// `String` way gives (`PartPath.resolvedAsText`, which takes every target the ASCII way does not).
@Suite("Relationship targets")
struct RelationshipTargetTests {
    @Test("targets as workbooks write them, and odd ones", arguments: [
        "worksheets/sheet1.xml", "/xl/workbook.xml", "../media/image1.png", "./styles.xml", "a/../../b", "a#fragment", "#x", "",
        "/", "a//b", "..", ".", "x/./y/../z", "../../../../a", "sheet\\1.xml", "é/a.xml", "a/é/../b", "http://example.com/a#b",
    ])
    func sameAsStrings(target: String) {
        for folder in ["", "xl", "xl/worksheets", "a/b/c", "é"] {
            #expect(PartPath.resolve(target, from: folder) == PartPath.resolvedAsText(target, from: folder), "\(target) from \(folder)")
        }
    }

    @Test("random targets of slashes, dots, fragments and names")
    func randomTargets() {
        var generator = SystemRandomNumberGenerator()
        let pieces = ["a", "bc", ".", "..", "/", "//", "#", "x.xml", "é", "\\"]
        for _ in 0..<5_000 {
            let target = (0..<Int.random(in: 0...8, using: &generator)).map { _ in pieces[Int.random(in: 0..<pieces.count, using: &generator)] }.joined()
            let folder = ["", "xl", "xl/worksheets", "a/../b"][Int.random(in: 0..<4, using: &generator)]
            #expect(PartPath.resolve(target, from: folder) == PartPath.resolvedAsText(target, from: folder), "\(target) from \(folder)")
        }
    }
}
