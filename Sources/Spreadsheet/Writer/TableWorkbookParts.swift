import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The parts of a `TableWorkbookWriter` workbook other than its sheets, as libxlsxwriter writes them for
/// the same workbook: content types, relationships, the workbook with its sheets and the autofilters'
/// hidden names, the styles (plain, bold header, amount format), and the document properties.
struct TableWorkbookParts {
    /// Each sheet's name and autofilter's last column and row (nil for a sheet without columns).
    let sheets: [(name: String, filter: (column: Int, row: Int)?)]
    let amountFormat: String
    let hasSharedStrings: Bool

    private static let declaration = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    private static let spreadsheetML = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    private static let officeRelationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    private static let packageRelationshipsNamespace = "http://schemas.openxmlformats.org/package/2006/relationships"
    private static let contentType = "application/vnd.openxmlformats-officedocument."

    var contentTypes: [UInt8] {
        var xml = Self.declaration
            + "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
            + "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
            + "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
            + "<Override PartName=\"/docProps/app.xml\" ContentType=\"\(Self.contentType)extended-properties+xml\"/>"
            + "<Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>"
            + "<Override PartName=\"/xl/styles.xml\" ContentType=\"\(Self.contentType)spreadsheetml.styles+xml\"/>"
            + "<Override PartName=\"/xl/theme/theme1.xml\" ContentType=\"\(Self.contentType)theme+xml\"/>"
            + "<Override PartName=\"/xl/workbook.xml\" ContentType=\"\(Self.contentType)spreadsheetml.sheet.main+xml\"/>"
        for index in sheets.indices {
            xml += "<Override PartName=\"/xl/worksheets/sheet\(index + 1).xml\" ContentType=\"\(Self.contentType)spreadsheetml.worksheet+xml\"/>"
        }
        if hasSharedStrings {
            xml += "<Override PartName=\"/xl/sharedStrings.xml\" ContentType=\"\(Self.contentType)spreadsheetml.sharedStrings+xml\"/>"
        }
        return Array((xml + "</Types>").utf8)
    }

    var packageRelationships: [UInt8] {
        Array((Self.declaration + "<Relationships xmlns=\"\(Self.packageRelationshipsNamespace)\">"
            + "<Relationship Id=\"rId1\" Type=\"\(Self.officeRelationships)/officeDocument\" Target=\"xl/workbook.xml\"/>"
            + "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/>"
            + "<Relationship Id=\"rId3\" Type=\"\(Self.officeRelationships)/extended-properties\" Target=\"docProps/app.xml\"/>"
            + "</Relationships>").utf8)
    }

    var workbookRelationships: [UInt8] {
        var xml = Self.declaration + "<Relationships xmlns=\"\(Self.packageRelationshipsNamespace)\">"
        for index in sheets.indices {
            xml += "<Relationship Id=\"rId\(index + 1)\" Type=\"\(Self.officeRelationships)/worksheet\" Target=\"worksheets/sheet\(index + 1).xml\"/>"
        }
        xml += "<Relationship Id=\"rId\(sheets.count + 1)\" Type=\"\(Self.officeRelationships)/theme\" Target=\"theme/theme1.xml\"/>"
        xml += "<Relationship Id=\"rId\(sheets.count + 2)\" Type=\"\(Self.officeRelationships)/styles\" Target=\"styles.xml\"/>"
        if hasSharedStrings {
            xml += "<Relationship Id=\"rId\(sheets.count + 3)\" Type=\"\(Self.officeRelationships)/sharedStrings\" Target=\"sharedStrings.xml\"/>"
        }
        return Array((xml + "</Relationships>").utf8)
    }

    var workbook: [UInt8] {
        var xml = Self.declaration + "<workbook xmlns=\"\(Self.spreadsheetML)\" xmlns:r=\"\(Self.officeRelationships)\">"
            + "<fileVersion appName=\"xl\" lastEdited=\"4\" lowestEdited=\"4\" rupBuild=\"4505\"/>"
            + "<workbookPr defaultThemeVersion=\"124226\"/>"
            + "<bookViews><workbookView xWindow=\"240\" yWindow=\"15\" windowWidth=\"16095\" windowHeight=\"9660\"/></bookViews><sheets>"
        for (index, sheet) in sheets.enumerated() {
            xml += "<sheet name=\"\(Self.escaped(sheet.name))\" sheetId=\"\(index + 1)\" r:id=\"rId\(index + 1)\"/>"
        }
        xml += "</sheets>"
        // The autofilters' hidden names, in libxlsxwriter's order: by sheet name.
        let filtered = sheets.enumerated().compactMap { index, sheet in sheet.filter.map { (index, sheet.name, $0) } }
            .sorted { Array($0.1.utf8).lexicographicallyPrecedes(Array($1.1.utf8)) }
        if !filtered.isEmpty {
            xml += "<definedNames>"
            for (index, name, filter) in filtered {
                let range = "$A$1:$\(CellReference.columnName(filter.column))$\(filter.row)"
                xml += "<definedName name=\"_xlnm._FilterDatabase\" localSheetId=\"\(index)\" hidden=\"1\">"
                    + Self.escaped(Self.quotedSheetName(name) + "!" + range) + "</definedName>"
            }
            xml += "</definedNames>"
        }
        return Array((xml + "<calcPr calcId=\"124519\" fullCalcOnLoad=\"1\"/></workbook>").utf8)
    }

    var styles: [UInt8] {
        let font = "<sz val=\"11\"/><color theme=\"1\"/><name val=\"Calibri\"/><family val=\"2\"/><scheme val=\"minor\"/></font>"
        return Array((Self.declaration + "<styleSheet xmlns=\"\(Self.spreadsheetML)\">"
            + "<numFmts count=\"1\"><numFmt numFmtId=\"164\" formatCode=\"\(Self.escaped(amountFormat))\"/></numFmts>"
            + "<fonts count=\"2\"><font>" + font + "<font><b/>" + font + "</fonts>"
            + "<fills count=\"2\"><fill><patternFill patternType=\"none\"/></fill><fill><patternFill patternType=\"gray125\"/></fill></fills>"
            + "<borders count=\"1\"><border><left/><right/><top/><bottom/><diagonal/></border></borders>"
            + "<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>"
            + "<cellXfs count=\"3\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>"
            + "<xf numFmtId=\"0\" fontId=\"1\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyFont=\"1\"/>"
            + "<xf numFmtId=\"164\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/></cellXfs>"
            + "<cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/></cellStyles>"
            + "<dxfs count=\"0\"/><tableStyles count=\"0\" defaultTableStyle=\"TableStyleMedium9\" defaultPivotStyle=\"PivotStyleLight16\"/>"
            + "</styleSheet>").utf8)
    }

    /// Created and modified at `created` (UTC), as libxlsxwriter dates a workbook when it closes it.
    func coreProperties(created: time_t) -> [UInt8] {
        var clock = created
        var parts = tm()
        gmtime_r(&clock, &parts)
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let stamp = "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T"
            + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))Z"
        return Array((Self.declaration
            + "<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\""
            + " xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\""
            + " xmlns:dcmitype=\"http://purl.org/dc/dcmitype/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">"
            + "<dc:creator></dc:creator><cp:lastModifiedBy></cp:lastModifiedBy>"
            + "<dcterms:created xsi:type=\"dcterms:W3CDTF\">\(stamp)</dcterms:created>"
            + "<dcterms:modified xsi:type=\"dcterms:W3CDTF\">\(stamp)</dcterms:modified></cp:coreProperties>").utf8)
    }

    var appProperties: [UInt8] {
        var xml = Self.declaration
            + "<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\""
            + " xmlns:vt=\"http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes\">"
            + "<Application>Microsoft Excel</Application><DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop>"
            + "<HeadingPairs><vt:vector size=\"2\" baseType=\"variant\"><vt:variant><vt:lpstr>Worksheets</vt:lpstr></vt:variant>"
            + "<vt:variant><vt:i4>\(sheets.count)</vt:i4></vt:variant></vt:vector></HeadingPairs>"
            + "<TitlesOfParts><vt:vector size=\"\(sheets.count)\" baseType=\"lpstr\">"
        for sheet in sheets { xml += "<vt:lpstr>\(Self.escaped(sheet.name))</vt:lpstr>" }
        xml += "</vt:vector></TitlesOfParts><Company></Company><LinksUpToDate>false</LinksUpToDate>"
            + "<SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged><AppVersion>12.0000</AppVersion></Properties>"
        return Array(xml.utf8)
    }

    /// A sheet name as a formula refers to it: quoted (with its apostrophes doubled) unless it is letters,
    /// underscores and dots alone, which cannot be mistaken for a cell, a number or an operator.
    static func quotedSheetName(_ name: String) -> String {
        let plain = name.utf8.allSatisfy { byte in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte | 0x20) || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".")
        }
        return plain ? name : "'" + name.replacingOccurrences(of: "'", with: "''") + "'"
    }

    private static func escaped(_ text: String) -> String {
        let bytes = XMLBytes(capacity: text.utf8.count + 16)
        bytes.appendEscaped(text)
        return String(decoding: bytes.bytes, as: UTF8.self)
    }
}
