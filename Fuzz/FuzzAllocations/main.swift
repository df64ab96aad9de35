// libFuzzer target: reads the input bytes as an allocations table and as a metrics table of the
// planning editions that are pre-filled (2017-19 and 2019-20), as `bcf prefill` does, and as the JSON
// `bcf fill` reads. Thrown errors (each problem with its line) are expected; only crashes, hangs, leaks
// and sanitizer reports are failures.
import BCF
import Foundation
import FuzzSupport

private let editions: [TemplateDefinition] = {
    do {
        let catalog = try DefinitionCatalog(directory: fuzzTemplatesDirectory)
        return try ["planning-2017-19", "planning-2019-20"].map { try catalog.edition($0) }
    } catch {
        fatalError("cannot load the definitions in \(fuzzTemplatesDirectory.path): \(error)")
    }
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Data(bytes: data, count: size)
    _ = try? JSONValue.parse(bytes)
    guard let text = String(validating: bytes, as: UTF8.self) else { return 0 }
    for definition in editions {
        if let table = try? AllocationsTable(csv: text, file: "fuzz.csv", definition: definition) {
            for area in table.areas { _ = try? area.model(for: definition).cellPatches() }
            if let metrics = try? MetricsTable(csv: text, file: "fuzz.csv", definition: definition) {
                _ = try? table.adding(metrics, definition: definition)
            }
        } else {
            _ = try? MetricsTable(csv: text, file: "fuzz.csv", definition: definition)
        }
    }
    return 0
}

@_cdecl("FuzzAllocations_main")
public func fuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runLibFuzzer(argc, argv, fuzz)
}
