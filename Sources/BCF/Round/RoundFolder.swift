import Foundation
import Spreadsheet
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One thing found under a round's folder, before anything is read.
public struct RoundFolderEntry: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// A regular file, or a link to one: it is read.
        case candidate
        /// Something that may hold a return but is not read (a folder that cannot be listed, a link to a
        /// folder or to nothing, a pipe): a row of the round with this reason.
        case refused(String)
        /// Plainly not a return (an Office lock file, a covering note, a hidden file, a round's own
        /// outputs): listed apart with this reason.
        case ignored(String)
    }

    /// The path under the round's folder as shown: bytes that are not UTF-8 are written `\xFF`; a folder
    /// ends with `/`.
    public let relative: String
    /// The path's bytes, to open it by (a name that is not UTF-8 is still opened).
    public let path: [UInt8]
    public let kind: Kind
}

/// The walk of a round's folder: every entry becomes a candidate, a refused row or an ignored file, and
/// none is passed over in silence. Links to files are followed, links to folders are not (so that the
/// walk neither loops nor leaves the folder); a folder is walked once even when mounted twice.
public enum RoundFolder {
    /// The file the round leaves in its output folder, by which a later walk knows it and leaves it out.
    public static let outputMarker = ".bcf-round-output"

    /// Extensions of files that are plainly not returns (a return is an .xlsx workbook).
    static let notReturns: Set<String> = [
        "txt", "msg", "eml", "pdf", "doc", "docx", "rtf", "odt", "ppt", "pptx", "png", "jpg", "jpeg", "gif", "bmp", "tif", "tiff",
        "htm", "html", "csv", "json", "md", "log", "ini", "db", "lnk", "url",
    ]

    /// Every entry under `folder`, sorted by path. `folder` may be a link to a folder. `excluding` is a
    /// folder left out (the round's output folder, when it lies inside).
    public static func walk(_ folder: String, excluding: String? = nil) throws -> [RoundFolderEntry] {
        guard let resolved = realpath(folder, nil) else {
            throw RoundError.folderUnreadable(folder: folder, reason: errorText(errno))
        }
        let root = Array(UnsafeBufferPointer(start: UnsafeRawPointer(resolved).assumingMemoryBound(to: UInt8.self), count: strlen(resolved)))
        free(resolved)
        var status = stat()
        guard stat(cPath(root), &status) == 0 else { throw RoundError.folderUnreadable(folder: folder, reason: errorText(errno)) }
        guard status.st_mode & S_IFMT == S_IFDIR else { throw RoundError.folderUnreadable(folder: folder, reason: "it is not a folder") }
        var excluded: FileID?
        if let excluding {
            var outStatus = stat()
            if stat(excluding, &outStatus) == 0 { excluded = FileID(outStatus) }
        }
        var walk = Walk(excluded: excluded)
        walk.visited.insert(FileID(status))
        guard let directory = opendir(cPath(root)) else {
            throw RoundError.folderUnreadable(folder: folder, reason: errorText(errno))
        }
        walk.list(directory, path: root, relative: [])
        return walk.entries.sorted { $0.relative < $1.relative }
    }

    /// What a file's name says it is: a candidate, or ignored with the reason.
    static func classify(name: String) -> RoundFolderEntry.Kind {
        if name.hasPrefix("~$") {
            return .ignored("an Office lock file (left while the workbook was open), not a return")
        }
        if ["thumbs.db", "desktop.ini"].contains(name.lowercased()) {
            return .ignored("a file the operating system makes, not a return")
        }
        let dot = name.lastIndex(of: ".")
        let ext = dot.map { name[name.index(after: $0)...].lowercased() } ?? ""
        if notReturns.contains(ext) {
            return .ignored("a .\(ext) file, not a workbook (returns are .xlsx workbooks)")
        }
        return .candidate
    }

    /// A path's bytes as text: UTF-8 as it is, every byte that is not UTF-8 as `\xFF`.
    static func display(_ bytes: [UInt8]) -> String {
        var out = ""
        var index = 0
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        while true {
            switch parser.parseScalar(from: &iterator) {
            case let .valid(encoded):
                out.unicodeScalars.append(Unicode.UTF8.decode(encoded))
                index += encoded.count
            case let .error(length):
                for byte in bytes[index..<(index + length)] { out += "\\x" + String(byte, radix: 16, uppercase: true).leftPadded(2) }
                index += length
            case .emptyInput:
                return out
            }
        }
    }

    static func errorText(_ code: Int32) -> String {
        SystemErrorText.reason(code)
    }

    static func cPath(_ bytes: [UInt8]) -> [CChar] {
        bytes.map { CChar(bitPattern: $0) } + [0]
    }

    struct FileID: Hashable {
        let device: UInt64
        let inode: UInt64
        init(_ status: stat) {
            device = UInt64(status.st_dev)
            inode = UInt64(status.st_ino)
        }
    }

    private struct Walk {
        let excluded: FileID?
        var visited: Set<FileID> = []
        var entries: [RoundFolderEntry] = []

        mutating func list(_ directory: OpaquePointer, path: [UInt8], relative: [UInt8]) {
            defer { closedir(directory) }
            while let entry = readdir(directory) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { buffer in Array(buffer.prefix { $0 != 0 }) }
                if name == [0x2E] || name == [0x2E, 0x2E] { continue }
                visit(path: path + [0x2F] + name, relative: relative.isEmpty ? name : relative + [0x2F] + name, name: name)
            }
        }

        private mutating func visit(path: [UInt8], relative: [UInt8], name: [UInt8]) {
            let shown = RoundFolder.display(relative)
            func add(_ kind: RoundFolderEntry.Kind, folder: Bool = false) {
                entries.append(RoundFolderEntry(relative: folder ? shown + "/" : shown, path: path, kind: kind))
            }
            var status = stat()
            guard lstat(RoundFolder.cPath(path), &status) == 0 else {
                add(.refused("cannot be examined: \(RoundFolder.errorText(errno))"))
                return
            }
            let type = status.st_mode & S_IFMT
            if name.first == 0x2E {
                add(.ignored(type == S_IFDIR ? "a hidden folder, not searched" : "a hidden file, not a return"), folder: type == S_IFDIR)
                return
            }
            switch type {
            case S_IFDIR:
                let id = FileID(status)
                if id == excluded || access(RoundFolder.cPath(path + [0x2F] + Array(RoundFolder.outputMarker.utf8)), F_OK) == 0 {
                    add(.ignored("the output folder of a round, not read as submissions"), folder: true)
                } else if !visited.insert(id).inserted {
                    add(.ignored("a folder already searched under another name"), folder: true)
                } else if let directory = opendir(RoundFolder.cPath(path)) {
                    list(directory, path: path, relative: relative)
                } else {
                    add(.refused("the folder cannot be opened: \(RoundFolder.errorText(errno)); nothing in it was read"), folder: true)
                }
            case S_IFREG:
                add(RoundFolder.classify(name: RoundFolder.display(name)))
            case S_IFLNK:
                var target = stat()
                guard stat(RoundFolder.cPath(path), &target) == 0 else {
                    add(.refused("a link to something that cannot be opened (\(RoundFolder.errorText(errno)))"))
                    return
                }
                switch target.st_mode & S_IFMT {
                case S_IFREG: add(RoundFolder.classify(name: RoundFolder.display(name)))
                case S_IFDIR: add(.refused("a link to a folder, not followed: put the files themselves in the round's folder"), folder: true)
                default: add(.refused("a link to something that is not a file"))
                }
            default:
                add(.refused("not a regular file (a pipe, socket or device), not read"))
            }
        }
    }
}

extension String {
    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
