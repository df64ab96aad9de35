import CISAL

/// Deflates a part for a zip entry as its bytes are made, with Intel's ISA-L (`libisal`) at its level 1
/// (as `PartDeflater` does whole parts), handing each compressed chunk to `sink` as it comes and keeping
/// the part's CRC-32 and sizes, so that a part of any length is deflated in a fixed amount of memory.
///
/// A stream either ends the part (`finish()`, whose last block is the deflate stream's final one) or
/// ends byte-aligned and open (`flush()`, ISA-L's sync flush), so that another stream's blocks may follow
/// it in the same zip entry: how a sheet's beginning, known only once its rows are written, is put in
/// front of them.
final class StreamingDeflater {
    private let stream: UnsafeMutablePointer<isal_zstream>
    private let levelBuffer: UnsafeMutablePointer<UInt8>
    private let levelBufferSize: Int
    private let output: UnsafeMutablePointer<UInt8>
    private let outputCapacity = 1 << 16
    private let sink: (UnsafeRawBufferPointer) throws -> Void
    /// CRC-32 of the bytes taken so far (zip's, the same as gzip's).
    private(set) var crc: UInt32 = 0
    private(set) var inputSize = 0
    private(set) var compressedSize = 0
    private var ended = false

    init(sink: @escaping (UnsafeRawBufferPointer) throws -> Void) {
        self.sink = sink
        levelBufferSize = Int(bcf_isal_level1_buffer_size())
        levelBuffer = .allocate(capacity: levelBufferSize)
        output = .allocate(capacity: outputCapacity)
        // Allocated rather than made as a Swift value: the stream holds some 80 KB of state.
        stream = .allocate(capacity: 1)
        isal_deflate_init(stream)
        stream.pointee.level = 1
        stream.pointee.level_buf = levelBuffer
        stream.pointee.level_buf_size = UInt32(levelBufferSize)
    }

    deinit {
        stream.deallocate()
        levelBuffer.deallocate()
        output.deallocate()
    }

    /// Deflates `bytes`; some of the output may wait in the stream for more input.
    func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard !bytes.isEmpty else { return }
        try run(bytes, flush: NO_FLUSH, end: false)
    }

    /// Ends the part: the rest of the output, ending with the deflate stream's final block.
    func finish() throws {
        try run(UnsafeRawBufferPointer(start: nil, count: 0), flush: NO_FLUSH, end: true)
    }

    /// Ends this stream's output byte-aligned, without a final block, for another stream's to follow.
    func flush() throws {
        try run(UnsafeRawBufferPointer(start: nil, count: 0), flush: SYNC_FLUSH, end: false)
    }

    private func run(_ bytes: UnsafeRawBufferPointer, flush: Int32, end: Bool) throws {
        precondition(!ended, "a finished deflate stream is written to")
        if let base = bytes.baseAddress {
            crc = crc32_gzip_refl(crc, base.assumingMemoryBound(to: UInt8.self), UInt64(bytes.count))
            inputSize += bytes.count
        }
        stream.pointee.next_in = UnsafeMutablePointer(mutating: bytes.baseAddress?.assumingMemoryBound(to: UInt8.self))
        stream.pointee.avail_in = UInt32(bytes.count)
        stream.pointee.flush = UInt16(flush)
        stream.pointee.end_of_stream = end ? 1 : 0
        while true {
            stream.pointee.next_out = output
            stream.pointee.avail_out = UInt32(outputCapacity)
            guard isal_deflate(stream) == COMP_OK else { throw Failure.deflate }
            let produced = outputCapacity - Int(stream.pointee.avail_out)
            if produced > 0 {
                try sink(UnsafeRawBufferPointer(start: output, count: produced))
                compressedSize += produced
            }
            // A full output buffer may leave more to come; otherwise the input is taken, and an end or a
            // flush is complete once the stream says so.
            if stream.pointee.avail_out == 0 { continue }
            if end {
                if stream.pointee.internal_state.state == ZSTATE_END { ended = true; return }
            } else if flush == SYNC_FLUSH {
                if stream.pointee.avail_in == 0, stream.pointee.internal_state.state == ZSTATE_NEW_HDR { return }
            } else if stream.pointee.avail_in == 0 {
                return
            }
        }
    }

    enum Failure: Error {
        case deflate
    }
}

/// CRC-32 arithmetic that ISA-L does not offer.
enum CRC32 {
    /// The CRC-32 of two byte strings one after the other, from the CRC of each and the second's length
    /// (zlib's `crc32_combine`): a sheet's beginning is deflated after its rows, but comes first.
    static func combine(_ first: UInt32, _ second: UInt32, secondLength: Int) -> UInt32 {
        guard secondLength > 0 else { return first }
        // Operators in GF(2) that append one zero bit, then two, four and so on, applied to `first`
        // for each bit of the length.
        var odd = [UInt32](repeating: 0, count: 32)
        var even = [UInt32](repeating: 0, count: 32)
        odd[0] = 0xEDB8_8320
        var row: UInt32 = 1
        for index in 1..<32 {
            odd[index] = row
            row <<= 1
        }
        square(into: &even, odd)
        square(into: &odd, even)
        var crc = first
        var length = secondLength
        while true {
            square(into: &even, odd)
            if length & 1 != 0 { crc = times(even, crc) }
            length >>= 1
            if length == 0 { break }
            square(into: &odd, even)
            if length & 1 != 0 { crc = times(odd, crc) }
            length >>= 1
            if length == 0 { break }
        }
        return crc ^ second
    }

    private static func times(_ matrix: [UInt32], _ vector: UInt32) -> UInt32 {
        var sum: UInt32 = 0
        var vector = vector
        var index = 0
        while vector != 0 {
            if vector & 1 != 0 { sum ^= matrix[index] }
            vector >>= 1
            index += 1
        }
        return sum
    }

    private static func square(into square: inout [UInt32], _ matrix: [UInt32]) {
        for index in 0..<32 { square[index] = times(matrix, matrix[index]) }
    }
}
