// libFuzzer target: opens the input bytes as a patch template (WorkbookPatcher takes a path, so the
// bytes are written to a temporary file), sets one text and one number cell on its first worksheet,
// writes the output and reads the patched sheet back. Thrown errors are expected; only crashes, hangs,
// leaks and sanitizer reports are failures.
import Foundation
import FuzzSupport
import Spreadsheet

private let folder: URL = {
    let url = FileManager.default.temporaryDirectory
        .appendingPathComponent("bcf-fuzz-patch-\(ProcessInfo.processInfo.processIdentifier)")
    try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}()
private let inputPath = folder.appendingPathComponent("template.xlsx").path
private let outputPath = folder.appendingPathComponent("patched.xlsx").path

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard FileManager.default.createFile(atPath: inputPath, contents: Data(bytes: data, count: size)) else {
        fatalError("cannot write \(inputPath)")
    }
    guard let patcher = try? WorkbookPatcher(path: inputPath) else { return 0 }
    guard let sheet = patcher.sheets.first(where: { $0.kind == .worksheet }) ?? patcher.sheets.first else { return 0 }
    // The cells depend on the input so that cells before, inside and after the existing rows are all met.
    let row = 1 + size % 40
    let column = 1 + (size / 40) % 8
    let patches = [
        CellPatch(sheet: sheet.name, cell: CellReference(row: row, column: column), value: .text("fuzz <&> \"text\"")),
        CellPatch(sheet: sheet.name, cell: CellReference(row: 2, column: 2 + column), value: .number(1234.5)),
    ]
    do {
        try patcher.write(patches, to: outputPath, overwrite: true)
    } catch {
        return 0
    }
    // What the patcher wrote must read back (a thrown error here is a bug to look at, but not a crash).
    if let written = try? Workbook(path: outputPath), let patched = try? written.sheet(named: sheet.name) {
        try? written.forEachCell(in: patched) { _ in true }
    }
    return 0
}

@_cdecl("FuzzPatch_main")
public func fuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runLibFuzzer(argc, argv, fuzz)
}
