import CZip
import Foundation

/// A read-only view of a zip container through libzip: the central directory is read once, part names are
/// looked up the way OPC says (case-insensitively, `\` taken as `/`), and every part is inflated as a
/// stream whose size is counted on the bytes actually produced.
final class ZipArchive {
    let fileName: String
    let limits: ReadLimits
    private let handle: OpaquePointer
    private var foldedIndex: [String: [Int]] = [:]
    private(set) var partNames: [String] = []
    private var inflatedTotal = 0
    /// libzip allows several entries open at once but not from several threads at once; a sheet's
    /// chunks are inflated on a prefetch thread, so every call into an open archive takes this lock.
    let lock = NSLock()

    private static let oleMagic: [UInt8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]

    convenience init(path: String, limits: ReadLimits) throws {
        // Opened without blocking and checked before anything is read: a FIFO among the files would
        // otherwise wait for a writer for ever, and a device would be read without end.
        let descriptor = Foundation.open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw SpreadsheetError.fileNotReadable(file: path, reason: SystemErrorText.reason(errno))
        }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            let reason = SystemErrorText.reason(errno)
            close(descriptor)
            throw SpreadsheetError.fileNotReadable(file: path, reason: reason)
        }
        switch status.st_mode & S_IFMT {
        case S_IFREG:
            break
        case S_IFDIR:
            close(descriptor)
            throw SpreadsheetError.fileNotReadable(file: path, reason: "it is a folder, not a workbook file")
        default:
            close(descriptor)
            throw SpreadsheetError.fileNotReadable(file: path, reason: "it is not a regular file (a FIFO, device or socket), so it is not read")
        }
        var head = [UInt8](repeating: 0, count: 8)
        let count = max(pread(descriptor, &head, 8, 0), 0)
        if count == 8, head == Self.oleMagic {
            close(descriptor)
            let bytes = (try? Data(contentsOf: URL(fileURLWithPath: path), options: .mappedIfSafe)) ?? Data()
            throw SpreadsheetError.encryptedOrLegacy(file: path, encrypted: Self.isEncryptedPackage(bytes))
        }
        var code: Int32 = 0
        // libzip owns the descriptor once the archive is open.
        guard let handle = zip_fdopen(descriptor, ZIP_RDONLY, &code) else {
            close(descriptor)
            throw Self.openError(file: path, code: code, head: Array(head.prefix(count)))
        }
        try self.init(handle: handle, fileName: path, limits: limits)
    }

    convenience init(bytes: Data, name: String, limits: ReadLimits) throws {
        // As for a file: nothing at all is an empty file, not an empty archive.
        if bytes.isEmpty { throw SpreadsheetError.notAWorkbook(file: name, reason: "the file is empty") }
        if bytes.count >= 8, Array(bytes.prefix(8)) == Self.oleMagic {
            throw SpreadsheetError.encryptedOrLegacy(file: name, encrypted: Self.isEncryptedPackage(bytes))
        }
        // libzip reads the buffer lazily and frees it with the archive, so it gets its own malloc'd copy.
        // (Empty data never gets here: libzip would never take over a buffer of length 0, and it would leak.)
        guard let buffer = malloc(bytes.count) else {
            throw SpreadsheetError.fileNotReadable(file: name, reason: "out of memory")
        }
        bytes.withUnsafeBytes { raw in
            if let base = raw.baseAddress { memcpy(buffer, base, raw.count) }
        }
        var error = zip_error_t()
        zip_error_init(&error)
        defer { zip_error_fini(&error) }
        guard let source = zip_source_buffer_create(buffer, zip_uint64_t(bytes.count), 1, &error) else {
            free(buffer)
            throw SpreadsheetError.fileNotReadable(file: name, reason: String(cString: zip_error_strerror(&error)))
        }
        guard let handle = zip_open_from_source(source, ZIP_RDONLY, &error) else {
            zip_source_free(source)
            throw Self.openError(file: name, code: zip_error_code_zip(&error), head: Array(bytes.prefix(8)))
        }
        try self.init(handle: handle, fileName: name, limits: limits)
    }

    private init(handle: OpaquePointer, fileName: String, limits: ReadLimits) throws {
        self.handle = handle
        self.fileName = fileName
        self.limits = limits
        // Every stored property is set from here on, so a throw releases self and `deinit` discards the
        // handle: discarding it here as well would free libzip's archive twice.
        let count = zip_get_num_entries(handle, 0)
        guard count > 0 else {
            throw SpreadsheetError.notAWorkbook(file: fileName, reason: "the zip archive is empty")
        }
        guard count <= limits.maxParts else {
            throw SpreadsheetError.limitExceeded(file: fileName, part: nil, limit: "the number of zip entries (\(count))", maximum: limits.maxParts)
        }
        partNames.reserveCapacity(Int(count))
        for index in 0..<Int(count) {
            guard let raw = zip_get_name(handle, zip_uint64_t(index), zip_flags_t(ZIP_FL_ENC_GUESS)) else { continue }
            let name = Self.normalised(String(cString: raw))
            partNames.append(name)
            foldedIndex[name.lowercased(), default: []].append(index)
        }
    }

    deinit { zip_discard(handle) }

    /// OPC part names are case-insensitive, so two entries whose names differ only by case (or not at all)
    /// are the same part twice: different readers would pick different ones, so the archive is refused
    /// rather than one picked silently.
    func index(of part: String) throws -> Int? {
        let name = Self.normalised(part)
        guard let candidates = foldedIndex[name.lowercased()] else { return nil }
        guard candidates.count == 1 else {
            throw SpreadsheetError.corruptArchive(file: fileName, part: part, reason: "\(candidates.count) zip entries have this name (ignoring letter case)")
        }
        return candidates[0]
    }

    func contains(_ part: String) throws -> Bool { try index(of: part) != nil }

    /// A whole part, for parts known to be small (and for tests that compare packages part by part).
    func data(of part: String) throws -> Data {
        let stream = try open(part)
        var data = Data()
        while let chunk = try stream.next() { data.append(contentsOf: chunk) }
        return data
    }

    /// Opens a part for inflating chunk by chunk.
    func open(_ part: String) throws -> PartStream {
        guard let index = try index(of: part) else {
            throw SpreadsheetError.missingPart(file: fileName, part: part, neededFor: "reading")
        }
        lock.lock()
        defer { lock.unlock() }
        var stat = zip_stat_t()
        zip_stat_init(&stat)
        let known = zip_stat_index(handle, zip_uint64_t(index), 0, &stat) == 0 ? stat.valid : 0
        // A deflated entry that is not encrypted is inflated by ISA-L from its compressed bytes; any other
        // (stored, another method, encrypted) is left to libzip.
        let deflated = known & zip_uint64_t(ZIP_STAT_COMP_METHOD) != 0 && stat.comp_method == ZIP_CM_DEFLATE
            && known & zip_uint64_t(ZIP_STAT_ENCRYPTION_METHOD) != 0 && stat.encryption_method == ZIP_EM_NONE
        guard let file = zip_fopen_index(handle, zip_uint64_t(index), deflated ? zip_flags_t(ZIP_FL_COMPRESSED) : 0) else {
            let error = zip_get_error(handle)
            let code = error.map { zip_error_code_zip($0) } ?? 0
            if code == ZIP_ER_NOPASSWD || code == ZIP_ER_ENCRNOTSUPP {
                throw SpreadsheetError.encryptedOrLegacy(file: fileName, encrypted: true)
            }
            let reason = error.map { String(cString: zip_error_strerror($0)) } ?? "cannot open entry"
            throw SpreadsheetError.corruptArchive(file: fileName, part: part, reason: reason)
        }
        let declared = known & zip_uint64_t(ZIP_STAT_SIZE) != 0 ? Int(clamping: stat.size) : nil
        // libzip reads no more compressed bytes than the directory gives, so the ratio against this size
        // is never above the real one; an entry claiming nothing is judged as if it held one byte.
        let compressed = known & zip_uint64_t(ZIP_STAT_COMP_SIZE) != 0 ? max(Int(clamping: stat.comp_size), 1) : nil
        let inflater = deflated ? DeflateStream(file: file, crc: known & zip_uint64_t(ZIP_STAT_CRC) != 0 ? stat.crc : nil) : nil
        return PartStream(archive: self, part: part, file: file, inflater: inflater, declaredSize: declared, compressedSize: compressed)
    }

    /// Counts inflated bytes against the workbook-wide limit; called by every part stream.
    fileprivate func account(_ count: Int, part: String) throws {
        inflatedTotal += count
        if inflatedTotal > limits.maxWorkbookBytes {
            throw SpreadsheetError.limitExceeded(file: fileName, part: part, limit: "inflated size of the workbook", maximum: limits.maxWorkbookBytes)
        }
    }

    static func normalised(_ name: String) -> String {
        // Nearly every name has no backslash and no leading slash: it is kept as it is, without Foundation's
        // search and copy.
        if name.utf8.first != UInt8(ascii: "/"), !name.utf8.contains(UInt8(ascii: "\\")) { return name }
        // In ASCII (an OOXML part name always is) the same is done on bytes, without Foundation's search,
        // which costs some 16,000 instructions a name.
        if name.utf8.allSatisfy({ $0 < 0x80 }) {
            var bytes = Array(name.utf8)
            for index in bytes.indices where bytes[index] == UInt8(ascii: "\\") { bytes[index] = UInt8(ascii: "/") }
            let start = bytes.firstIndex { $0 != UInt8(ascii: "/") } ?? bytes.endIndex
            return String(decoding: bytes[start...], as: UTF8.self)
        }
        var name = name.replacingOccurrences(of: "\\", with: "/")
        while name.hasPrefix("/") { name.removeFirst() }
        return name
    }

    private static func openError(file: String, code: Int32, head: [UInt8]) -> SpreadsheetError {
        switch code {
        case ZIP_ER_NOZIP:
            let reason = head.isEmpty ? "the file is empty" : "the file is not a zip archive"
            return .notAWorkbook(file: file, reason: reason)
        case ZIP_ER_NOENT:
            // The file was opened a moment before: libzip says this of a directory entry it cannot resolve.
            return .corruptArchive(file: file, part: nil,
                                   reason: "the zip directory is inconsistent: an entry's size or offset cannot be resolved (such as 0xFFFFFFFF without the ZIP64 record it calls for)")
        case ZIP_ER_OPEN, ZIP_ER_READ:
            var error = zip_error_t()
            zip_error_init_with_code(&error, code)
            defer { zip_error_fini(&error) }
            return .fileNotReadable(file: file, reason: String(cString: zip_error_strerror(&error)))
        default:
            var error = zip_error_t()
            zip_error_init_with_code(&error, code)
            defer { zip_error_fini(&error) }
            return .corruptArchive(file: file, part: nil, reason: String(cString: zip_error_strerror(&error)))
        }
    }

    /// An OLE compound file holding an `EncryptedPackage` stream is an encrypted OOXML workbook; any other
    /// compound file is taken to be a legacy .xls. The stream name is stored as UTF-16LE in the directory.
    private static func isEncryptedPackage(_ bytes: Data) -> Bool {
        let needle = Array("EncryptedPackage".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })
        return bytes.range(of: Data(needle)) != nil
    }
}

/// One part being inflated. The byte count is checked against the limits on what is actually produced,
/// so a zip header that understates the size gains a bomb nothing.
final class PartStream {
    let part: String
    private let archive: ZipArchive
    private let file: OpaquePointer
    /// Set for a deflated entry, which `file` reads compressed.
    private let inflater: DeflateStream?
    private let buffer: UnsafeMutableRawBufferPointer
    private var total = 0
    /// The inflated size the zip directory claims: good enough to choose how to read, never trusted as a limit.
    let declaredSize: Int?

    /// The compressed size from the zip directory, for the compression-ratio limit.
    private let compressedSize: Int?
    /// Inflated bytes beyond which the part breaks the compression-ratio limit (past the floor).
    private let ratioCeiling: Int

    fileprivate init(archive: ZipArchive, part: String, file: OpaquePointer, inflater: DeflateStream?, declaredSize: Int?,
                     compressedSize: Int? = nil, chunkSize: Int = 1 << 17) {
        self.archive = archive
        self.part = part
        self.file = file
        self.inflater = inflater
        self.declaredSize = declaredSize
        self.compressedSize = compressedSize
        let (product, overflow) = (compressedSize ?? Int.max).multipliedReportingOverflow(by: max(archive.limits.maxCompressionRatio, 1))
        ratioCeiling = overflow ? Int.max : max(product, ReadLimits.compressionRatioFloor)
        self.buffer = .allocate(byteCount: chunkSize, alignment: 16)
    }

    deinit {
        archive.lock.lock()
        zip_fclose(file)
        archive.lock.unlock()
        buffer.deallocate()
    }

    /// The next chunk, valid until the next call; nil at the end of the part.
    func next() throws -> UnsafeRawBufferPointer? {
        archive.lock.lock()
        defer { archive.lock.unlock() }
        let read: Int64
        if let inflater {
            do {
                read = Int64(try inflater.read(into: buffer))
            } catch {
                throw SpreadsheetError.corruptArchive(file: archive.fileName, part: part, reason: error.reason)
            }
        } else {
            read = zip_fread(file, buffer.baseAddress, zip_uint64_t(buffer.count))
        }
        if read < 0 {
            let reason = String(cString: zip_error_strerror(zip_file_get_error(file)))
            throw SpreadsheetError.corruptArchive(file: archive.fileName, part: part, reason: reason)
        }
        if read == 0 { return nil }
        total += Int(read)
        if total > archive.limits.maxPartBytes {
            throw SpreadsheetError.limitExceeded(file: archive.fileName, part: part, limit: "inflated size of the part", maximum: archive.limits.maxPartBytes)
        }
        if total > ratioCeiling {
            throw SpreadsheetError.limitExceeded(file: archive.fileName, part: part,
                                                 limit: "compression ratio of the part (\(total) bytes inflated so far from \(compressedSize ?? 0) compressed)",
                                                 maximum: archive.limits.maxCompressionRatio)
        }
        try archive.account(Int(read), part: part)
        return UnsafeRawBufferPointer(rebasing: buffer[0..<Int(read)])
    }
}
