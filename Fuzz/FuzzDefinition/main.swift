// libFuzzer target: writes the input bytes as a template definition (.yaml) into a temporary folder
// with Templates/lists beside it, and compiles the folder with DefinitionCatalog. Inputs that extend
// another edition get a copy of Templates/quarterly-2018-19.yaml (the edition others extend) beside
// them. Thrown errors are expected; only crashes, hangs, leaks and sanitizer reports are failures.
import BCF
import Foundation
import FuzzSupport

/// Two folders, each with lists/: `alone` holds only the fuzzed file, `withBase` also the base edition.
private let folders: (alone: URL, withBase: URL) = {
    let manager = FileManager.default
    let root = manager.temporaryDirectory.appendingPathComponent("bcf-fuzz-definition-\(ProcessInfo.processInfo.processIdentifier)")
    let alone = root.appendingPathComponent("alone"), withBase = root.appendingPathComponent("with-base")
    do {
        for folder in [alone, withBase] {
            try? manager.removeItem(at: folder)
            try manager.createDirectory(at: folder, withIntermediateDirectories: true)
            try manager.copyItem(at: fuzzTemplatesDirectory.appendingPathComponent("lists"), to: folder.appendingPathComponent("lists"))
        }
        try manager.copyItem(at: fuzzTemplatesDirectory.appendingPathComponent("quarterly-2018-19.yaml"),
                             to: withBase.appendingPathComponent("base.yaml"))
    } catch {
        fatalError("cannot prepare \(root.path): \(error)")
    }
    return (alone, withBase)
}()

private let extendsKey = Data("extends".utf8)

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Data(bytes: data, count: size)
    let folder = bytes.range(of: extendsKey) == nil ? folders.alone : folders.withBase
    let file = folder.appendingPathComponent("fuzz.yaml")
    guard FileManager.default.createFile(atPath: file.path, contents: bytes) else { fatalError("cannot write \(file.path)") }
    if let catalog = try? DefinitionCatalog(directory: folder) {
        _ = catalog.editions.count
    }
    return 0
}

@_cdecl("FuzzDefinition_main")
public func fuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runLibFuzzer(argc, argv, fuzz)
}
