import Foundation
import Spreadsheet
import Testing

/// Two runs writing into one folder at once, and inputs that are only ever read.
@Suite struct ConcurrentOutputTests {
    private static func template(in folder: ScratchFolder) throws -> String {
        let path = folder.path + "/template.xlsx"
        let package = TestPackage.workbook(sheets: [("Input", #"<sheetData><row r="1"><c r="A1"><v>0</v></c></row></sheetData>"#)])
        try package.write(to: path)
        return path
    }

    @Test func twoWritersIntoOneFolderLeaveOnlyWholeFiles() throws {
        let folder = try ScratchFolder()
        defer { folder.remove() }
        let template = try Self.template(in: folder)
        let patcher = try WorkbookPatcher(path: template)
        // Two versions differing in a large text, so that a file mixing them or cut short would show.
        let versions: [[CellPatch]] = ["A", "B"].map { letter in
            [CellPatch(sheet: "Input", cell: .at("A1"), value: .text(letter + String(repeating: letter, count: 30_000))),
             CellPatch(sheet: "Input", cell: .at("B2"), value: .number(letter == "A" ? 1 : 2))]
        }
        let expected = try versions.map { try patcher.patchedWorkbook($0) }
        #expect(expected[0] != expected[1])
        try FileManager.default.createDirectory(atPath: folder.path + "/out", withIntermediateDirectories: true)
        let targets = (1...4).map { folder.path + "/out/area-\($0).xlsx" }
        let errors = ErrorList()
        // Two runs at once, each writing every target several times over.
        DispatchQueue.concurrentPerform(iterations: 2) { run in
            for _ in 0..<10 {
                for target in targets {
                    do { try patcher.write(versions[run], to: target, overwrite: true) } catch { errors.add(error) }
                }
            }
        }
        #expect(errors.all.isEmpty, "\(errors.all)")
        let left = try FileManager.default.contentsOfDirectory(atPath: folder.path + "/out").sorted()
        #expect(left == targets.map { ($0 as NSString).lastPathComponent }.sorted(), "no temporary files are left")
        for target in targets {
            let bytes = try Data(contentsOf: URL(fileURLWithPath: target))
            #expect(bytes == expected[0] || bytes == expected[1], "\(target) is one of the two complete versions")
            let workbook = try Workbook(path: target)
            var values: [CellValue?] = []
            try workbook.forEachCell(in: workbook.sheets[0]) { values.append($0.value); return true }
            #expect(values.count == 2)
        }
    }

    @Test func writersThatMayNotOverwriteNeverReplaceAFile() throws {
        let folder = try ScratchFolder()
        defer { folder.remove() }
        let template = try Self.template(in: folder)
        let patcher = try WorkbookPatcher(path: template)
        let target = folder.path + "/only.xlsx"
        let versions: [[CellPatch]] = [1.0, 2.0].map { [CellPatch(sheet: "Input", cell: .at("A1"), value: .number($0))] }
        let outcomes = ErrorList()
        let written = Counter()
        DispatchQueue.concurrentPerform(iterations: 2) { run in
            do {
                try patcher.write(versions[run], to: target, overwrite: false)
                written.increment()
            } catch {
                outcomes.add(error)
            }
        }
        #expect(written.value == 1, "exactly one run creates the file")
        #expect(outcomes.all.count == 1)
        if let error = outcomes.all.first as? PatchError, case .outputExists = error {} else {
            Issue.record("the other run is told the file exists: \(outcomes.all)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["only.xlsx", "template.xlsx"])
    }

    @Test func inputsAreOpenedReadOnlyAndLeftUnchanged() throws {
        let folder = try ScratchFolder()
        defer { folder.remove() }
        let template = try Self.template(in: folder)
        let before = try Data(contentsOf: URL(fileURLWithPath: template))
        let modifiedBefore = try FileManager.default.attributesOfItem(atPath: template)[.modificationDate] as? Date

        let workbook = try Workbook(path: template)
        try workbook.forEachCell(in: workbook.sheets[0]) { _ in true }
        #if os(Linux)
        // While the workbook is open, every descriptor on the file is read-only.
        let real = URL(fileURLWithPath: template).resolvingSymlinksInPath().path
        var found = 0
        for entry in try FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd") {
            guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/" + entry), target == real else { continue }
            let info = try String(contentsOfFile: "/proc/self/fdinfo/" + entry, encoding: .utf8)
            guard let line = info.split(separator: "\n").first(where: { $0.hasPrefix("flags:") }),
                  let flags = Int(line.dropFirst("flags:".count).trimmingCharacters(in: .whitespaces), radix: 8) else { continue }
            found += 1
            #expect(flags & Int(O_ACCMODE) == Int(O_RDONLY), "descriptor \(entry) on the input has flags \(String(flags, radix: 8))")
        }
        #expect(found >= 1, "the open workbook keeps its file open")
        #endif
        withExtendedLifetime(workbook) {}

        let patcher = try WorkbookPatcher(path: template)
        try patcher.write([CellPatch(sheet: "Input", cell: .at("A1"), value: .number(5))], to: folder.path + "/out.xlsx")
        #expect(throws: PatchError.self) { try patcher.write([], to: template, overwrite: true) }

        #expect(try Data(contentsOf: URL(fileURLWithPath: template)) == before)
        #expect(try FileManager.default.attributesOfItem(atPath: template)[.modificationDate] as? Date == modifiedBefore)
    }
}

private final class ErrorList: @unchecked Sendable {
    private let lock = NSLock()
    private var errors: [any Error] = []
    func add(_ error: any Error) { lock.lock(); errors.append(error); lock.unlock() }
    var all: [any Error] { lock.lock(); defer { lock.unlock() }; return errors }
}

private final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func increment() { lock.lock(); count += 1; lock.unlock() }
    var value: Int { lock.lock(); defer { lock.unlock() }; return count }
}
