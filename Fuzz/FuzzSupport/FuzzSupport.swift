// What the libFuzzer targets share: the driver entry, and where the project's Templates/ are.
import Foundation

@_silgen_name("LLVMFuzzerRunDriver")
private func runFuzzerDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ test: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt
) -> CInt

/// SwiftPM links an executable with `main` set to `<Product>_main` (its entry point under test
/// discovery), so libFuzzer's own main is not used: each target's `<Product>_main` hands the command
/// line to libFuzzer's driver through this.
public func runLibFuzzer(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?,
                         _ test: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt) -> CInt {
    var argc = argc
    var argv = argv
    return runFuzzerDriver(&argc, &argv, test)
}

/// Templates/: $BCF_TEMPLATES (set by scripts/fuzz.sh), or found from this file's place in the repository.
public let fuzzTemplatesDirectory: URL = {
    if let path = ProcessInfo.processInfo.environment["BCF_TEMPLATES"] { return URL(fileURLWithPath: path) }
    return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Templates")
}()
