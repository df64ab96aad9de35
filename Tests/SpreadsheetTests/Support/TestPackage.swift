import CZip
import Foundation

/// Builds small .xlsx packages by hand, entry by entry, so that each reader quirk can be tested on
/// exactly the bytes that carry it.
struct TestPackage {
    struct Entry {
        let name: String
        let bytes: [UInt8]
        let stored: Bool
    }

    var entries: [Entry] = []

    static let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    static let relationshipsNS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

    mutating func add(_ name: String, _ text: String, stored: Bool = false) {
        entries.append(Entry(name: name, bytes: Array(text.utf8), stored: stored))
    }

    mutating func add(_ name: String, bytes: [UInt8], stored: Bool = false) {
        entries.append(Entry(name: name, bytes: bytes, stored: stored))
    }

    /// A complete workbook: one worksheet per (name, sheetData XML) pair, plus optional shared strings
    /// and styles, all wired through relationships.
    static func workbook(
        sheets: [(name: String, xml: String)],
        sharedStrings: [String]? = nil,
        styles: String? = nil,
        workbookExtra: String = "",
        workbookPr: String = ""
    ) -> TestPackage {
        var package = TestPackage()
        package.add("[Content_Types].xml", """
            <?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
            <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
            <Default Extension="xml" ContentType="application/xml"/>\
            <Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>
            """)
        package.add("_rels/.rels", """
            <?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
            <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>
            """)
        var sheetList = ""
        var rels = ""
        for (index, sheet) in sheets.enumerated() {
            sheetList += #"<sheet name="\#(sheet.name)" sheetId="\#(index + 1)" r:id="rId\#(index + 1)"/>"#
            rels += #"<Relationship Id="rId\#(index + 1)" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet\#(index + 1).xml"/>"#
            package.add("xl/worksheets/sheet\(index + 1).xml", #"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="\#(main)" xmlns:r="\#(relationshipsNS)">\#(sheet.xml)</worksheet>"#)
        }
        if let sharedStrings {
            rels += #"<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>"#
            let items = sharedStrings.map { "<si><t xml:space=\"preserve\">\($0)</t></si>" }.joined()
            package.add("xl/sharedStrings.xml", #"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="\#(main)" count="\#(sharedStrings.count)" uniqueCount="\#(sharedStrings.count)">\#(items)</sst>"#)
        }
        if let styles {
            rels += #"<Relationship Id="rIdT" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>"#
            package.add("xl/styles.xml", #"<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="\#(main)">\#(styles)</styleSheet>"#)
        }
        package.add("xl/workbook.xml", #"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="\#(main)" xmlns:r="\#(relationshipsNS)">\#(workbookPr)<sheets>\#(sheetList)</sheets>\#(workbookExtra)</workbook>"#)
        package.add("xl/_rels/workbook.xml.rels", #"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\#(rels)</Relationships>"#)
        return package
    }

    mutating func replace(_ name: String, with text: String) {
        entries.removeAll { $0.name == name }
        add(name, text)
    }

    /// The zip archive's bytes, written by libzip.
    func data() throws -> Data {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("bcf-test-\(UUID().uuidString).xlsx").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try write(to: path)
        return try Data(contentsOf: URL(fileURLWithPath: path))
    }

    func write(to path: String) throws {
        var code: Int32 = 0
        guard let archive = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &code) else {
            throw TestPackageError(description: "zip_open failed with \(code)")
        }
        for entry in entries {
            guard let copy = malloc(max(entry.bytes.count, 1)) else {
                zip_discard(archive)
                throw TestPackageError(description: "out of memory")
            }
            entry.bytes.withUnsafeBytes { raw in
                if let base = raw.baseAddress { memcpy(copy, base, raw.count) }
            }
            guard let source = zip_source_buffer(archive, copy, zip_uint64_t(entry.bytes.count), 1) else {
                free(copy)
                zip_discard(archive)
                throw TestPackageError(description: "zip_source_buffer failed")
            }
            let index = zip_file_add(archive, entry.name, source, zip_flags_t(ZIP_FL_ENC_UTF_8))
            guard index >= 0 else {
                zip_source_free(source)
                zip_discard(archive)
                throw TestPackageError(description: "zip_file_add failed for \(entry.name)")
            }
            if entry.stored { zip_set_file_compression(archive, zip_uint64_t(index), ZIP_CM_STORE, 0) }
        }
        guard zip_close(archive) == 0 else {
            throw TestPackageError(description: "zip_close failed")
        }
    }
}

struct TestPackageError: Error, CustomStringConvertible {
    let description: String
}
