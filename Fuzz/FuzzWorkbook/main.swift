// libFuzzer target: opens a workbook from the input bytes and reads everything the reader offers:
// every cell of every sheet (rendered as the JSON the CLI prints), a look-up of chosen cells (which skips
// the others as it parses), custom properties, merged ranges, defined names. Thrown errors are expected for most inputs; only crashes, hangs, leaks and
// sanitizer reports are failures. Built by scripts/fuzz.sh, never by the normal `swift build`.
import Foundation
import FuzzSupport
import Spreadsheet

/// Cells of a form's shape: a few columns of a few rows, so that most cells of a fuzzed sheet are skipped.
private let chosen: Set<CellReference> = Set((1...40).flatMap { row in [2, 3, 14].map { CellReference(row: row, column: $0) } })

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Data(bytes: data, count: size)
    guard let workbook = try? Workbook(data: bytes, name: "fuzz.xlsx") else { return 0 }
    _ = try? workbook.customProperties()
    _ = workbook.definedNames.count
    var out: [UInt8] = []
    for sheet in workbook.sheets {
        _ = try? workbook.mergedRanges(in: sheet)
        _ = try? workbook.cells(at: chosen, in: sheet)
        try? workbook.forEachCell(in: sheet) { cell in
            out.removeAll(keepingCapacity: true)
            CellJSON.append(cell, sheet: sheet.name, to: &out)
            return true
        }
    }
    return 0
}

@_cdecl("FuzzWorkbook_main")
public func fuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runLibFuzzer(argc, argv, fuzz)
}
