import Foundation
import Spreadsheet
import Testing

/// Reads every workbook of the shared corpus (300 files saved by Excel, LibreOffice, Google Sheets,
/// Numbers and many libraries) and compares with openpyxl and python-calamine. Wherever the two agree,
/// the reader must agree too; the few places where it deliberately differs are listed, with the reason,
/// in `deliberateDifferences` and in Docs/CONFORMANCE.md.
@Suite(.serialized) struct ConformanceTests {
    /// Files the reader refuses on purpose, and the exit code of the error it must give.
    static let refusedOnPurpose: [String: Int32] = [
        // Cell references "0", "1", ... are not A1 references; guessing a position could move every value.
        "exceldatareader_Fillreport.xlsx": SpreadsheetError.invalidCell(file: "", sheet: "", cell: "", reason: "").exitCode,
        // Two zip entries for one part name: readers disagree on which is real, so none is picked.
        "poi_duplicate-filename.xlsx": SpreadsheetError.corruptArchive(file: "", part: nil, reason: "").exitCode,
        "poi_duplicate-filename-case-insensitive.xlsx": SpreadsheetError.corruptArchive(file: "", part: nil, reason: "").exitCode,
    ]

    /// Cells where both peers agree and the reader deliberately does not (see Docs/CONFORMANCE.md).
    static let deliberateDifferences: [String: String] = [
        // ECMA-376 ST_Xstring: any `_xHHHH_` is a UTF-16 code unit, and a surrogate pair of escapes is one
        // character. openpyxl decodes no escapes and calamine only `_x00HH_`, so both keep `_xC1EF_`.
        "phpspreadsheet_issue.4724.xlsx": "_xHHHH_ escapes beyond _x00HH_ are decoded as the standard says",
    ]

    @Test func everyCellWherePeersAgree() throws {
        let conformance = try SharedCorpus.conformance()
        let openpyxl = try SharedCorpus.truth("openpyxl")
        let calamine = try SharedCorpus.truth("calamine")
        let opened = try SharedCorpus.opened()
        let files = try FileManager.default.contentsOfDirectory(atPath: conformance.appendingPathComponent("xlsx").path).sorted()
        #expect(files.count == 300)

        var agreed = 0
        var mismatches: [String] = []
        var singlePeerChecked = 0
        for name in files {
            let key = "xlsx/" + name
            let url = conformance.appendingPathComponent(key)
            let ours: [SharedCorpus.Key: SharedCorpus.Value]
            do {
                ours = try SharedCorpus.read(url)
            } catch let error as SpreadsheetError {
                if let expected = Self.refusedOnPurpose[name] {
                    #expect(error.exitCode == expected, "\(name): refused with an unexpected error: \(error)")
                } else {
                    mismatches.append("\(name): could not be read: \(error)")
                }
                continue
            }
            #expect(Self.refusedOnPurpose[name] == nil, "\(name) should have been refused")
            let o = openpyxl[key] ?? [:], c = calamine[key] ?? [:]
            let peers = opened[key] ?? []
            if peers.count == 2 {
                guard Self.deliberateDifferences[name] == nil else { continue }
                for cell in Set(o.keys).union(c.keys).union(ours.keys) where o[cell] == c[cell] {
                    if ours[cell] == o[cell] {
                        agreed += 1
                    } else {
                        mismatches.append("\(name)!\(cell.sheet)!\(cell.ref): peers \(o[cell].map(String.init(describing:)) ?? "empty"), bcf \(ours[cell].map(String.init(describing:)) ?? "empty")")
                    }
                }
            } else if let only = peers.first {
                // One peer could not open the file: every cell the other reads must be read the same,
                // allowing for calamine's whitespace trimming and its lack of error cells.
                let truth = only == "openpyxl" ? o : c
                for (cell, value) in truth {
                    singlePeerChecked += 1
                    let mine = ours[cell]
                    if mine == value { continue }
                    if only == "calamine", case let .text(text)? = mine,
                       text.trimmingCharacters(in: .whitespacesAndNewlines) == (value.textValue ?? "") { continue }
                    // calamine hands `t="d"` cells over as their ISO text; the reader makes them dates.
                    if only == "calamine", case .time? = mine, let text = value.textValue,
                       SpreadsheetDate(isoText: text, system: .dates1900) != nil { continue }
                    mismatches.append("\(name)!\(cell.sheet)!\(cell.ref): \(only) \(value), bcf \(mine.map(String.init(describing:)) ?? "empty")")
                }
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) cells differ where the peers agree:\n\(mismatches.prefix(40).joined(separator: "\n"))")
        #expect(agreed > 740_000, "only \(agreed) cells agreed with both peers")
        #expect(singlePeerChecked > 1_000)
    }

    @Test(arguments: [
        ("exceldatareader_agile_AES256_SHA512_CBC_pwd_password.xlsx", 12),
        ("exceldatareader_standard_AES128_SHA1_ECB_pwd_password.xlsx", 12),
        ("closedxml___LoadPivotTables.xlsx", 11),
        ("exceldatareader_EmptyZipFile.xlsx", 11),
        ("poi_clusterfuzz-testcase-minimized-XLSX2CSVFuzzer-5025401116950528.xlsx", 14),
        ("calamine_issue252.xlsx", 14),
    ])
    func badFilesAreRefusedWithTheRightError(name: String, exitCode: Int32) throws {
        let url = try SharedCorpus.conformance().appendingPathComponent("bad/\(name)")
        do {
            _ = try SharedCorpus.read(url)
            Issue.record("\(name) was read but must be refused")
        } catch let error as SpreadsheetError {
            #expect(error.exitCode == exitCode, "\(name): \(error)")
            #expect(error.description.contains(url.path), "the message names the file: \(error)")
        }
    }

    @Test func encryptedWorkbookMessageTellsTheUserWhatToDo() throws {
        let url = try SharedCorpus.conformance().appendingPathComponent("bad/exceldatareader_agile_AES256_SHA512_CBC_pwd_password.xlsx")
        #expect(throws: SpreadsheetError.encryptedOrLegacy(file: url.path, encrypted: true)) {
            try Workbook(path: url.path)
        }
        let message = SpreadsheetError.encryptedOrLegacy(file: "f.xlsx", encrypted: true).description
        #expect(message.contains("password protected or in the old .xls format"))
        #expect(message.contains("save it as .xlsx"))
    }
}

private extension SharedCorpus.Value {
    var textValue: String? {
        if case let .text(text) = self { return text }
        return nil
    }
}
