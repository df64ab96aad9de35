// libFuzzer target: builds a folder tree from the input bytes (files, sub-folders, links to files, to
// folders and to nothing, named pipes, names that are not UTF-8, Office lock files, hidden entries) and
// walks it as a round does. A failure is a crash, a hang (a pipe opened), an entry listed twice, or a
// regular file outside hidden folders that the walk leaves out.
import BCF
import Foundation
import FuzzSupport
#if canImport(Glibc)
import Glibc
#endif

private func cPath(_ bytes: [UInt8]) -> [CChar] { bytes.map { CChar(bitPattern: $0) } + [0] }

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    var template = Array((NSTemporaryDirectory() as NSString).appendingPathComponent("bcf-fuzz-folder-XXXXXX").utf8).map { CChar(bitPattern: $0) } + [0]
    guard let made = mkdtemp(&template), let real = realpath(made, nil) else { return 0 }
    // The walk names entries under the folder's real path.
    let root = Array(String(cString: real).utf8)
    free(real)
    defer { _ = try? FileManager.default.removeItem(atPath: String(cString: made)) }

    var current: [[UInt8]] = []
    var expected: Set<[UInt8]> = []
    var index = 0
    var created = 0
    while index + 2 <= bytes.count, created < 40 {
        let operation = bytes[index] % 7
        let length = Int(bytes[index + 1] % 24) + 1
        index += 2
        var name = Array(bytes[index..<min(index + length, bytes.count)]).filter { $0 != 0 && $0 != 0x2F }
        index += length
        if name.isEmpty || name == [0x2E] || name == [0x2E, 0x2E] { name = [0x61] }
        if operation == 5 { name = Array("~$".utf8) + name }
        let relative = (current + [name]).joined(separator: [0x2F]).map { $0 }
        let path = root + [0x2F] + relative
        let hidden = (current + [name]).contains { $0.first == 0x2E }
        created += 1
        switch operation {
        case 0, 5:
            let handle = open(cPath(path), O_WRONLY | O_CREAT | O_EXCL, 0o644)
            if handle >= 0 {
                _ = write(handle, name, name.count)
                close(handle)
                if !hidden { expected.insert(path) }
            }
        case 1:
            if mkdir(cPath(path), 0o755) == 0, current.count < 6 { current.append(name) }
        case 2:
            if !current.isEmpty { current.removeLast() }
        case 3:
            // A link to the root (a folder), to a file that may exist, or to nothing.
            let target: [UInt8] = name.count % 3 == 0 ? root : root + [0x2F] + name
            _ = symlink(cPath(target), cPath(path))
        case 4:
            _ = mkfifo(cPath(path), 0o644)
        default:
            _ = symlink(cPath(root + Array("/missing".utf8)), cPath(path))
        }
    }
    guard let entries = try? RoundFolder.walk(String(cString: made)) else { fatalError("the walk of a readable folder failed") }
    let paths = entries.map(\.path)
    if Set(paths).count != paths.count { fatalError("an entry is listed twice") }
    let listed = Set(paths)
    for path in expected where !listed.contains(path) {
        fatalError("a regular file was left out: \(String(decoding: path, as: UTF8.self))")
    }
    return 0
}

@_cdecl("FuzzRoundFolder_main")
public func fuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runLibFuzzer(argc, argv, fuzz)
}
