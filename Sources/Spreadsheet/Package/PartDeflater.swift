import CISAL

/// Deflates a part for a zip entry with Intel's ISA-L (`libisal`) at its level 1, with the part's CRC-32.
/// Measured on a worksheet of the planning template, this takes about a seventh of the instructions of
/// zlib at its default level 6 (behind libzip) for a compressed part about a fifth larger.
enum PartDeflater {
    struct Deflated {
        /// The bytes to store: raw deflate data, or the part itself when deflating would not make it smaller.
        let bytes: [UInt8]
        let isDeflated: Bool
        let crc: UInt32
    }

    /// One level buffer per call, so that calls may run on several threads at once.
    static func deflate(_ part: [UInt8]) -> Deflated {
        let crc = part.withUnsafeBufferPointer { crc32_gzip_refl(0, $0.baseAddress, UInt64($0.count)) }
        // Room for the part and a little more: what does not fit this is stored as it is.
        let capacity = part.count + part.count / 16 + 1024
        guard part.count < Int(UInt32.max) - capacity else { return Deflated(bytes: part, isDeflated: false, crc: crc) }
        let levelBufferSize = Int(bcf_isal_level1_buffer_size())
        let levelBuffer = UnsafeMutablePointer<UInt8>.allocate(capacity: levelBufferSize)
        defer { levelBuffer.deallocate() }
        // Allocated, not made as a Swift value: the stream holds some 80 KB of state, which a Swift
        // initialiser would zero only for isal_deflate_stateless_init to set it again.
        let stream = UnsafeMutablePointer<isal_zstream>.allocate(capacity: 1)
        defer { stream.deallocate() }
        var deflated = false
        let output = [UInt8](unsafeUninitializedCapacity: capacity) { buffer, initialized in
            isal_deflate_stateless_init(stream)
            stream.pointee.level = 1
            stream.pointee.level_buf = levelBuffer
            stream.pointee.level_buf_size = UInt32(levelBufferSize)
            stream.pointee.end_of_stream = 1
            stream.pointee.flush = UInt16(NO_FLUSH)
            stream.pointee.avail_out = UInt32(capacity)
            stream.pointee.next_out = buffer.baseAddress
            let status = part.withUnsafeBufferPointer { input -> Int32 in
                stream.pointee.next_in = UnsafeMutablePointer(mutating: input.baseAddress)
                stream.pointee.avail_in = UInt32(input.count)
                return isal_deflate_stateless(stream)
            }
            deflated = status == COMP_OK
            initialized = deflated ? Int(stream.pointee.total_out) : 0
        }
        guard deflated, output.count < part.count else { return Deflated(bytes: part, isDeflated: false, crc: crc) }
        return Deflated(bytes: output, isDeflated: true, crc: crc)
    }
}
