// libFuzzer target: reads a BCF edition from the input bytes with the project's Templates/ catalog
// (loaded once) and runs the checker on the reading. The input's length picks whether the edition is
// recognised from the workbook or forced, so that every edition's cell reading is reached from any
// workbook. Thrown errors are expected; only crashes, hangs, leaks and sanitizer reports are failures.
import BCF
import Foundation
import FuzzSupport
import Spreadsheet

private let catalog: DefinitionCatalog = {
    do { return try DefinitionCatalog(directory: fuzzTemplatesDirectory) } catch {
        fatalError("cannot load the definitions in \(fuzzTemplatesDirectory.path): \(error)")
    }
}()

private let checker: Checker = {
    do { return try Checker(catalog: catalog) } catch { fatalError("cannot make the checker: \(error)") }
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Data(bytes: data, count: size)
    let choice = size % (catalog.editions.count + 1)
    let edition = choice == 0 ? nil : catalog.editions[choice - 1].id
    guard let reading = try? checker.reader.read(data: bytes, name: "fuzz.xlsx", edition: edition) else { return 0 }
    let result = checker.check(reading)
    _ = result.issues.count
    return 0
}

@_cdecl("FuzzEdition_main")
public func fuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runLibFuzzer(argc, argv, fuzz)
}
