import CZip
import Foundation

/// Builds a zip archive in memory from another one held in memory, through libzip: entries that do not
/// change are copied with their compressed bytes as they are (`zip_source_zip` with `ZIP_FL_COMPRESSED`,
/// same compression method, same CRC, no inflating or deflating), changed ones are deflated afresh.
///
/// Every call opens its own libzip handles over memory that nobody writes, so calls may run on several
/// threads at once.
enum ZipAssembly {
    struct Entry: Sendable {
        /// The name exactly as stored in the zip (no normalising), for writing it back unchanged.
        let rawName: String
        /// The name as OPC reads it (`\` as `/`, no leading `/`), for matching parts.
        let partName: String
        let isStored: Bool
        let modified: time_t
    }

    enum Content {
        /// The entry at this index of the source archive, copied compressed.
        case copy(Int)
        /// New bytes for the entry, deflated.
        case bytes([UInt8])
    }

    struct Item {
        let entry: Entry
        let content: Content
    }

    /// The entries of an archive, in the order of its central directory.
    static func entries(of archive: Data, file: String) throws -> [Entry] {
        try withArchive(archive, file: file) { handle in
            let count = zip_get_num_entries(handle, 0)
            var entries: [Entry] = []
            for index in 0..<max(count, 0) {
                guard let raw = zip_get_name(handle, zip_uint64_t(index), zip_flags_t(ZIP_FL_ENC_RAW)) else {
                    throw PatchError.archiveFailed(file: file, part: nil, reason: "zip entry \(index) has no name")
                }
                let name = String(cString: raw)
                var stat = zip_stat_t()
                zip_stat_init(&stat)
                guard zip_stat_index(handle, zip_uint64_t(index), 0, &stat) == 0 else {
                    throw PatchError.archiveFailed(file: file, part: name, reason: lastError(handle))
                }
                let method = stat.valid & zip_uint64_t(ZIP_STAT_COMP_METHOD) != 0 ? Int32(stat.comp_method) : ZIP_CM_DEFLATE
                let modified = stat.valid & zip_uint64_t(ZIP_STAT_MTIME) != 0 ? stat.mtime : 0
                entries.append(Entry(rawName: name, partName: ZipArchive.normalised(name),
                                     isStored: method == ZIP_CM_STORE, modified: modified))
            }
            return entries
        }
    }

    /// A new archive holding `items` in order, copied from `source` or deflated at `level` (1-9).
    static func assemble(_ items: [Item], from source: Data, level: UInt32, file: String) throws -> Data {
        try withArchive(source, file: file) { sourceHandle in
            var error = zip_error_t()
            zip_error_init(&error)
            defer { zip_error_fini(&error) }
            guard let buffer = zip_source_buffer_create(nil, 0, 0, &error) else {
                throw PatchError.archiveFailed(file: file, part: nil, reason: String(cString: zip_error_strerror(&error)))
            }
            // One reference for the archive, one kept here to read the result after zip_close.
            zip_source_keep(buffer)
            guard let output = zip_open_from_source(buffer, ZIP_TRUNCATE, &error) else {
                zip_source_free(buffer)
                zip_source_free(buffer)
                throw PatchError.archiveFailed(file: file, part: nil, reason: String(cString: zip_error_strerror(&error)))
            }
            var closed = false
            defer {
                if !closed { zip_discard(output) }
                zip_source_free(buffer)
            }
            for item in items {
                let index: zip_int64_t
                switch item.content {
                case let .copy(sourceIndex):
                    guard let entrySource = zip_source_zip(output, sourceHandle, zip_uint64_t(sourceIndex),
                                                           zip_flags_t(ZIP_FL_COMPRESSED), 0, 0) else {
                        throw PatchError.archiveFailed(file: file, part: item.entry.partName, reason: lastError(output))
                    }
                    index = zip_file_add(output, item.entry.rawName, entrySource, zip_flags_t(ZIP_FL_ENC_GUESS))
                    guard index >= 0 else {
                        zip_source_free(entrySource)
                        throw PatchError.archiveFailed(file: file, part: item.entry.partName, reason: lastError(output))
                    }
                    // A stored entry stays stored; otherwise libzip adopts the source's method and copies.
                    if item.entry.isStored {
                        zip_set_file_compression(output, zip_uint64_t(index), ZIP_CM_STORE, 0)
                    }
                case let .bytes(bytes):
                    guard let copy = malloc(max(bytes.count, 1)) else {
                        throw PatchError.archiveFailed(file: file, part: item.entry.partName, reason: "out of memory")
                    }
                    bytes.withUnsafeBytes { raw in
                        if let base = raw.baseAddress { memcpy(copy, base, raw.count) }
                    }
                    guard let entrySource = zip_source_buffer(output, copy, zip_uint64_t(bytes.count), 1) else {
                        free(copy)
                        throw PatchError.archiveFailed(file: file, part: item.entry.partName, reason: lastError(output))
                    }
                    index = zip_file_add(output, item.entry.rawName, entrySource, zip_flags_t(ZIP_FL_ENC_GUESS))
                    guard index >= 0 else {
                        zip_source_free(entrySource)
                        throw PatchError.archiveFailed(file: file, part: item.entry.partName, reason: lastError(output))
                    }
                    zip_set_file_compression(output, zip_uint64_t(index), ZIP_CM_DEFLATE, level)
                }
                if item.entry.modified != 0 {
                    zip_file_set_mtime(output, zip_uint64_t(index), item.entry.modified, 0)
                }
            }
            guard zip_close(output) == 0 else {
                throw PatchError.archiveFailed(file: file, part: nil, reason: lastError(output))
            }
            closed = true
            return try readAll(buffer, file: file)
        }
    }

    /// Runs `body` with a read-only libzip handle over `archive`'s bytes (not copied: they must not change,
    /// and `Data` held by a constant never does).
    private static func withArchive<T>(_ archive: Data, file: String, _ body: (OpaquePointer) throws -> T) throws -> T {
        try archive.withUnsafeBytes { raw -> T in
            var error = zip_error_t()
            zip_error_init(&error)
            defer { zip_error_fini(&error) }
            guard let source = zip_source_buffer_create(raw.baseAddress, zip_uint64_t(raw.count), 0, &error) else {
                throw PatchError.archiveFailed(file: file, part: nil, reason: String(cString: zip_error_strerror(&error)))
            }
            guard let handle = zip_open_from_source(source, ZIP_RDONLY, &error) else {
                zip_source_free(source)
                throw PatchError.archiveFailed(file: file, part: nil, reason: String(cString: zip_error_strerror(&error)))
            }
            defer { zip_discard(handle) }
            return try body(handle)
        }
    }

    private static func readAll(_ source: OpaquePointer, file: String) throws -> Data {
        guard zip_source_open(source) == 0 else {
            throw PatchError.archiveFailed(file: file, part: nil, reason: "cannot reopen the archive written in memory")
        }
        defer { zip_source_close(source) }
        guard zip_source_seek(source, 0, SEEK_END) == 0 else {
            throw PatchError.archiveFailed(file: file, part: nil, reason: "cannot measure the archive written in memory")
        }
        let size = zip_source_tell(source)
        guard size >= 0, zip_source_seek(source, 0, SEEK_SET) == 0 else {
            throw PatchError.archiveFailed(file: file, part: nil, reason: "cannot measure the archive written in memory")
        }
        var data = Data(count: Int(size))
        let read = data.withUnsafeMutableBytes { raw -> zip_int64_t in
            guard let base = raw.baseAddress else { return 0 }
            var total: zip_int64_t = 0
            while total < size {
                let count = zip_source_read(source, base + Int(total), zip_uint64_t(size - total))
                if count <= 0 { break }
                total += count
            }
            return total
        }
        guard read == size else {
            throw PatchError.archiveFailed(file: file, part: nil, reason: "cannot read the archive written in memory")
        }
        return data
    }

    private static func lastError(_ handle: OpaquePointer) -> String {
        guard let error = zip_get_error(handle) else { return "unknown libzip error" }
        return String(cString: zip_error_strerror(error))
    }
}
