import Foundation
import Testing
@testable import BCF

/// The round's dataset writers that take each row's text as bytes where it lies (the database and the CSV
/// files) write what the values say, exactly as the writers that take whole strings did; and the byte-wise
/// tests of path keys agree with the letter-by-letter ones on every key.
@Suite struct DatasetWritingTests {
    /// Texts a CSV field or a database column must carry unchanged: quotes, commas, line ends (a CR LF
    /// pair is one Character), a comma with a combining accent, formula starts, signed numbers, NUL, emoji.
    static let awkward: [String] = [
        "", "plain", "a,b", "say \"no\"", "two\nlines", "crlf\r\nend", "cr\ronly", ",\u{301}accent", "=SUM(A1)", "+1", "-12.50",
        "-1e5", "-nan(A1)", "@home", "\tTab", "\rstart", "nul\u{0}inside", "🙂 £1,234", "Zoë", "'quoted", "-abc", "=a,b", "-1,5",
        "say \"x\", ok", "+44 \"1\"", "-", "1e", "-.5", "\t-1",
    ]

    static func table() -> DatasetTable {
        var table = DatasetTable("awkward", [.init(name: "id", type: "INTEGER"), .init(name: "text", type: "TEXT"),
                                             .init(name: "number", type: "REAL"), .init(name: "note", type: "TEXT")])
        for (index, text) in awkward.enumerated() {
            table.append([.integer(index - 3), .text(text), index % 3 == 0 ? .null : .real(Double(index) / 7 - 1), .text(awkward[(index + 5) % awkward.count])])
        }
        var part = EncodedRows()
        for (index, text) in awkward.reversed().enumerated() {
            part.append([.integer(1_000_000 * index), .text(text), .real(-Double(index) * 1e20)])
        }
        table.append(part, suffix: [.text("E08000035, Leeds")])
        return table
    }

    @Test("packed rows read back as the values that went in, with their suffix")
    func packedRowsRoundTrip() throws {
        let table = Self.table()
        var whole: [[SQLiteValue]] = []
        try table.forEachRow { whole.append($0) }
        var packed: [[SQLiteValue]] = []
        try table.forEachPackedRow { row in packed.append(row.map(\.sqliteValue)) }
        #expect(packed == whole)
        #expect(packed.count == Self.awkward.count * 2)
        let last = Self.awkward.count - 1
        let expectedLast: [SQLiteValue] = [.integer(1_000_000 * last), .text(""), .real(-Double(last) * 1e20), .text("E08000035, Leeds")]
        #expect(packed.last == expectedLast)
    }

    @Test("each CSV field is CSVText.field of its value, integers and reals as Swift writes them")
    func csvFields() throws {
        let table = Self.table()
        var expected = table.columns.map { CSVText.field($0.name) }.joined(separator: ",") + "\r\n"
        try table.forEachRow { row in
            expected += row.map { value -> String in
                switch value {
                case let .integer(number): return String(number)
                case let .real(number): return CSVText.field("\(number)")
                case let .text(text): return CSVText.field(text)
                case .null: return ""
                }
            }.joined(separator: ",") + "\r\n"
        }
        var written = Data()
        try RoundDataset.writeCSV(table) { written.append($0) }
        #expect(String(decoding: written, as: UTF8.self) == expected)
        #expect(expected.contains("\"a,b\"") && expected.contains("'=SUM(A1)") && expected.contains(",-12.50,"))
    }

    @Test("the database holds each packed value as it went in: NUL inside a text, empty text apart from NULL")
    func databaseValues() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let table = Self.table()
        let path = folder.appendingPathComponent("awkward.sqlite").path
        try RoundDataset.writeDatabase([table], to: path)
        let database = try SQLiteDatabase(path: path)
        let stored = try database.rows("SELECT * FROM awkward")
        var whole: [[SQLiteValue]] = []
        try table.forEachRow { whole.append($0) }
        #expect(stored == whole)
        #expect(try database.rows("SELECT count(*) FROM awkward WHERE text = ''") == [[.integer(2)]])
        #expect(try database.rows("SELECT length(CAST(text AS BLOB)) FROM awkward WHERE id = 13") == [[.integer(10)]])
        try database.close()
    }

    /// The letter-by-letter tests the byte-wise ones stand for.
    static func isYearByLetters(_ key: String) -> Bool {
        let parts = key.split(separator: "-")
        return parts.count == 2 && parts[0].count == 4 && parts[1].count == 2 && parts.allSatisfy { $0.allSatisfy(\.isNumber) }
    }

    static func isQuarterByLetters(_ key: String) -> Bool {
        let characters = Array(key)
        return characters.count == 2 && (characters[0] == "q" || characters[0] == "Q") && "1234".contains(characters[1])
    }

    static func snakeCaseByLetters(_ key: String) -> String {
        var out = ""
        for character in key {
            if character.isUppercase, !out.isEmpty { out += "_" }
            out += character.lowercased()
        }
        return out
    }

    static let keys = [
        "2017-18", "2018-19", "-2017-18", "2017--18", "2017-18-", "2017-18-19", "2017-1", "201-18", "2017_18", "20a7-18", "", "-", "q1", "Q4",
        "q5", "q0", "Q", "q12", "qq", "é1", "q1\u{301}", "٢٠١٧-١٨", "2017-١٨", "１２３４-５６", "nhsOutOfHospital", "ASCFunding", "already_snake",
        "nonElectiveAdmissions", "Ünïcode", "DFG", "aBc", "x.y", "ΣigmaCase", "ǅungla", "month12",
    ]

    @Test("year and quarter keys and snake case, by bytes, as by letters")
    func keyTests() {
        for key in Self.keys {
            #expect(YearKeys.isYear(key) == Self.isYearByLetters(key), "isYear \(key)")
            #expect(YearKeys.isYear(Substring(key)) == Self.isYearByLetters(key), "isYear substring \(key)")
            #expect(DatasetBuilder.isQuarter(key) == Self.isQuarterByLetters(key), "isQuarter \(key)")
            #expect(DatasetBuilder.snakeCase(key) == Self.snakeCaseByLetters(key), "snakeCase \(key)")
        }
        #expect(YearKeys.isYear("2017-18") && !YearKeys.isYear("2017-18-19") && DatasetBuilder.isQuarter("Q3"))
        #expect(DatasetBuilder.snakeCase("nhsOutOfHospital") == "nhs_out_of_hospital")
    }

    @Test("a whole file written atomically lands under its name, with no temporary file left beside it")
    func atomicFile() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("E08000035 Leeds.md").path
        try AtomicFile.write(Data("first".utf8), to: path)
        try AtomicFile.write(Data("second".utf8), to: path)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "second")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["E08000035 Leeds.md"])
        #expect(throws: (any Error).self) { try AtomicFile.write(Data(), to: folder.appendingPathComponent("missing/letter.md").path) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["E08000035 Leeds.md"])
    }
}

/// The round's output set, written as many jobs on both cores, holds what each writer writes alone.
@Suite struct RoundOutputJobsTests {
    @Test("every output of RoundOutput.write equals its writer's output alone; each letter names its area's marked copy")
    func outputsEqualTheWritersAlone() throws {
        let round = try GeneratedRound.shared.get()
        let (result, catalog) = try RoundTests.run(round)
        let out = try temporaryFolder().appendingPathComponent("round")
        try RoundOutput(folder: out.path, input: round.folder.path).write(result, catalog: catalog, submissionsFolder: round.folder.path)
        let alone = try temporaryFolder()
        try RoundDataset.writeDatabase(result, catalog: catalog, to: alone.appendingPathComponent("round.sqlite").path)
        try RoundDataset.writeCSV(result, catalog: catalog, into: alone.appendingPathComponent("csv").path)
        try RoundReportWorkbook.write(result, catalog: catalog, to: alone.appendingPathComponent("report.xlsx").path)

        let dumps = try [out, alone].map { try ExternalTool.run("sqlite3", [$0.appendingPathComponent("round.sqlite").path, ".dump"]) }
        #expect(dumps[0] == dumps[1])
        #expect(dumps[0].contains("INSERT INTO cell_values"))
        let tables = try FileManager.default.contentsOfDirectory(atPath: alone.appendingPathComponent("csv").path).sorted()
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.appendingPathComponent("csv").path).sorted() == tables)
        #expect(tables.count == RoundDataset.tableNames.count)
        for table in tables {
            #expect(try Data(contentsOf: out.appendingPathComponent("csv/\(table)")) == Data(contentsOf: alone.appendingPathComponent("csv/\(table)")), "\(table)")
        }
        #expect(try Data(contentsOf: out.appendingPathComponent("report.xlsx")) == Data(contentsOf: alone.appendingPathComponent("report.xlsx")))

        let feedback = out.appendingPathComponent("feedback")
        let files = try FileManager.default.contentsOfDirectory(atPath: feedback.path)
        let planned = RoundAnnotatedCopies.planned(result)
        #expect(planned.count > 20)
        #expect(Set(files.filter { $0.hasSuffix(".xlsx") }) == Set(planned.map(\.name)), "every planned copy made, no other")
        let copies = Dictionary(uniqueKeysWithValues: planned.map { ($0.submission.id, $0.name) })
        let letters = RoundFeedback.letters(result, catalog: catalog, annotatedCopies: copies)
        #expect(letters.count == files.filter { $0.hasSuffix(".md") }.count)
        for (file, text) in letters {
            #expect(try String(contentsOf: feedback.appendingPathComponent(file), encoding: .utf8) == text, "\(file)")
        }
    }

    @Test("a marked copy is named after its area unless the file names it, and after nothing when the area is not known")
    func markedCopyNames() {
        let leeds = Area(code: "E08000035", name: "Leeds")
        #expect(RoundAnnotatedCopies.copyName(file: "plans/final v3.xlsx", area: leeds) == "E08000035 Leeds - final v3 (marked).xlsx")
        #expect(RoundAnnotatedCopies.copyName(file: "LEEDS plan.xlsx", area: leeds) == "LEEDS plan (marked).xlsx")
        #expect(RoundAnnotatedCopies.copyName(file: "Area BCF plan (copy).xlsx", area: nil) == "Area BCF plan (copy) (marked).xlsx")
        #expect(RoundAnnotatedCopies.copyName(file: "final.xlsx", area: Area(code: nil, name: "Leeds")) == "Leeds - final (marked).xlsx")
    }
}
