import Foundation

/// A part read whole from its stream, with where each of the stream's chunks ended: the byte scanner
/// reads a copy of it, and when the part is outside the scanner's subset libxml2 is fed the same chunks
/// the stream gave, followed by the error the stream threw, if it threw one.
final class HeldPart {
    private var bytes: UnsafeMutableRawPointer
    private var capacity: Int
    private(set) var count = 0
    private var chunkEnds: [Int] = []
    /// Whether the stream reached its end within the limit.
    private(set) var complete = false
    /// What the stream threw while the part was read, to be thrown again where the stream threw it.
    private(set) var failure: (any Error)?

    /// Reads chunks until the stream ends, throws, or more than `limit` bytes are held.
    init(reading stream: PartStream, expected: Int, limit: Int) {
        capacity = max(min(expected, limit) + 1, 64)
        bytes = .allocate(byteCount: capacity, alignment: 16)
        do {
            while count <= limit {
                guard let chunk = try stream.next() else {
                    complete = true
                    return
                }
                append(chunk)
            }
        } catch {
            failure = error
        }
    }

    deinit { bytes.deallocate() }

    var chunkCount: Int { chunkEnds.count }

    func chunk(_ index: Int) -> UnsafeRawBufferPointer {
        let start = index == 0 ? 0 : chunkEnds[index - 1]
        return UnsafeRawBufferPointer(start: bytes + start, count: chunkEnds[index] - start)
    }

    /// Scans a copy of the whole part and delivers its events to `parser`'s handler; false, with nothing
    /// delivered, when the part was not read whole or is outside the scanner's subset.
    func scan(limits: ReadLimits, into parser: XMLStreamParser) throws -> Bool {
        guard complete, failure == nil else { return false }
        let copy = UnsafeMutablePointer<UInt8>.allocate(capacity: count + 1)
        defer { copy.deallocate() }
        copy.update(from: bytes.assumingMemoryBound(to: UInt8.self), count: count)
        return try WholePartScanner.read(copy, count: count, maxMarkupBytes: limits.maxMarkupBytes, maxDepth: limits.maxXMLDepth,
                                         into: parser)
    }

    private func append(_ chunk: UnsafeRawBufferPointer) {
        if count + chunk.count > capacity {
            var grown = capacity
            while count + chunk.count > grown { grown *= 2 }
            let moved = UnsafeMutableRawPointer.allocate(byteCount: grown, alignment: 16)
            moved.copyMemory(from: bytes, byteCount: count)
            bytes.deallocate()
            bytes = moved
            capacity = grown
        }
        if let source = chunk.baseAddress { memcpy(bytes + count, source, chunk.count) }
        count += chunk.count
        chunkEnds.append(count)
    }
}
