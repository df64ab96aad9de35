// libFuzzer target: reads a BCF edition from the input bytes with the project's Templates/ catalog
// (loaded once) and runs the checker on the reading. The input's length picks whether the edition is
// recognised from the workbook or forced, so that every edition's cell reading is reached from any
// workbook. Thrown errors are expected; only crashes, hangs, leaks and sanitizer reports are failures.
import BCF
import Foundation
import Spreadsheet

/// Templates/ (BCF_TEMPLATES, set by scripts/fuzz.sh, or found from this file's place in the repository).
private let templatesDirectory: URL = {
    if let path = ProcessInfo.processInfo.environment["BCF_TEMPLATES"] { return URL(fileURLWithPath: path) }
    return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Templates")
}()

private let catalog: DefinitionCatalog = {
    do { return try DefinitionCatalog(directory: templatesDirectory) } catch {
        fatalError("cannot load the definitions in \(templatesDirectory.path): \(error)")
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

// SwiftPM links an executable with `main` set to `FuzzEdition_main` (its entry point under test discovery),
// so libFuzzer's own main is not used: this entry hands the command line to libFuzzer's driver.
@_silgen_name("LLVMFuzzerRunDriver")
private func runFuzzerDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ test: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt
) -> CInt

@_cdecl("FuzzEdition_main")
public func fuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var argc = argc
    var argv = argv
    return runFuzzerDriver(&argc, &argv) { data, size in fuzz(data, size) }
}
