import CISAL
import CZip

/// Inflates a deflated zip entry with Intel's ISA-L (`libisal`), which on this project's machines inflates
/// a worksheet in well under half the time zlib takes behind libzip. libzip still reads the archive: it
/// hands over the entry's compressed bytes, and the CRC-32 the entry's header records is checked here at
/// the end, as libzip checks it on the entries it inflates itself.
final class DeflateStream {
    private let file: OpaquePointer
    private let state: UnsafeMutablePointer<inflate_state>
    private let input: UnsafeMutableRawBufferPointer
    private let expectedCRC: UInt32?
    private var inputEnded = false
    private var finished = false

    /// `crc` is the entry's CRC-32 from the zip directory, when the directory gives one.
    init(file: OpaquePointer, crc: UInt32?, inputSize: Int = 1 << 16) {
        self.file = file
        expectedCRC = crc
        state = .allocate(capacity: 1)
        isal_inflate_init(state)
        // Raw deflate, as zip stores it, with the gzip CRC-32 (the same as zip's) kept over the output.
        state.pointee.crc_flag = UInt32(ISAL_GZIP_NO_HDR)
        input = .allocate(byteCount: inputSize, alignment: 16)
    }

    deinit {
        state.deallocate()
        input.deallocate()
    }

    enum Failure: Error {
        case read(String)
        case damaged
        case truncated
        case crcMismatch

        var reason: String {
            switch self {
            case let .read(message): message
            case .damaged: "the compressed data is damaged"
            case .truncated: "the compressed data ends before the part does"
            case .crcMismatch: "CRC error: the inflated part does not match the checksum the archive records"
            }
        }
    }

    /// Inflates into `output` and returns how many bytes were written; 0 only at the end of the entry.
    /// Called with the archive's lock held (it reads from libzip).
    func read(into output: UnsafeMutableRawBufferPointer) throws(Failure) -> Int {
        guard !finished, let outputBase = output.baseAddress else { return 0 }
        state.pointee.next_out = outputBase.assumingMemoryBound(to: UInt8.self)
        state.pointee.avail_out = UInt32(clamping: output.count)
        while true {
            if state.pointee.avail_in == 0, !inputEnded {
                let count = zip_fread(file, input.baseAddress, zip_uint64_t(input.count))
                if count < 0 { throw .read(String(cString: zip_error_strerror(zip_file_get_error(file)))) }
                if count == 0 {
                    inputEnded = true
                } else {
                    state.pointee.next_in = input.baseAddress?.assumingMemoryBound(to: UInt8.self)
                    state.pointee.avail_in = UInt32(count)
                }
            }
            let status = isal_inflate(state)
            guard status >= 0 else { throw .damaged }
            let produced = output.count - Int(state.pointee.avail_out)
            if state.pointee.block_state == ISAL_BLOCK_FINISH {
                finished = true
                if let expectedCRC, state.pointee.crc != expectedCRC { throw .crcMismatch }
                return produced
            }
            if produced == output.count { return produced }
            if state.pointee.avail_in == 0 {
                if produced > 0 { return produced }
                // Every compressed byte is in, nothing more comes out, and the last block has not ended.
                if inputEnded { throw .truncated }
            }
        }
    }
}
