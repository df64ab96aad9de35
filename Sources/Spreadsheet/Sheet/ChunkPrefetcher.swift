import Foundation

/// Inflates a part on a thread of its own, a few chunks ahead of the parser, so that decompression and
/// XML parsing run on two cores at once. Memory stays bounded: at most `capacity` chunks wait.
///
/// Every chunk starts with `headroom` spare bytes before the inflated ones, where the scanner puts the
/// unfinished construct the last chunk ended with: the chunk is then scanned where it lies, never copied
/// on the parsing thread.
///
/// Unchecked: `queue`, `cancelled` and `running` are shared by the two threads and only ever read or
/// written with `condition` locked; `inlineStream` is only used on the caller's thread.
final class ChunkPrefetcher: @unchecked Sendable {
    static let headroom = 4096

    private enum Item {
        case chunk([UInt8])
        case end
        case failure(any Error)
    }

    private final class StreamBox: @unchecked Sendable {
        var stream: PartStream?
        init(_ stream: PartStream) { self.stream = stream }
    }

    private let condition = NSCondition()
    private var queue: [Item] = []
    private var cancelled = false
    private var running = true
    private let capacity = 4

    /// Set when the part is inflated on the caller's thread instead.
    private var inlineStream: PartStream?

    /// Parts of up to this many inflated bytes are inflated inline: starting a thread costs more than
    /// the overlap gains on the few hundred kilobytes of a template's sheet.
    static let inlineLimit = 1 << 20

    init(stream: PartStream) {
        if let size = stream.declaredSize, size <= Self.inlineLimit {
            inlineStream = stream
            running = false
            return
        }
        let box = StreamBox(stream)
        Thread.detachNewThread { [self] in
            self.run(box)
        }
    }

    deinit { cancel() }

    /// The next inflated chunk after its headroom, or nil at the end of the part; rethrows what inflating threw.
    func next() throws -> [UInt8]? {
        if let inlineStream { return try inlineStream.next().map(Self.withHeadroom) }
        condition.lock()
        while queue.isEmpty { condition.wait() }
        let item = queue.removeFirst()
        condition.broadcast()
        condition.unlock()
        switch item {
        case let .chunk(bytes): return bytes
        case .end: return nil
        case let .failure(error): throw error
        }
    }

    private static func withHeadroom(_ bytes: UnsafeRawBufferPointer) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: headroom + bytes.count) { storage, count in
            guard let base = storage.baseAddress else { return }
            base.initialize(repeating: 0, count: headroom)
            if let source = bytes.baseAddress {
                (base + headroom).initialize(from: source.assumingMemoryBound(to: UInt8.self), count: bytes.count)
            }
            count = headroom + bytes.count
        }
    }

    /// Stops the thread and waits for it, so that the part is closed before anything else happens.
    func cancel() {
        if inlineStream != nil {
            inlineStream = nil
            return
        }
        condition.lock()
        cancelled = true
        condition.broadcast()
        while running { condition.wait() }
        condition.unlock()
    }

    private func run(_ box: StreamBox) {
        defer {
            // The part is closed on this thread, under the archive's lock, before the reader may go on.
            box.stream = nil
            condition.lock()
            running = false
            condition.broadcast()
            condition.unlock()
        }
        guard let stream = box.stream else { return }
        while true {
            let item: Item
            do {
                if let chunk = try stream.next() {
                    item = .chunk(Self.withHeadroom(chunk))
                } else {
                    item = .end
                }
            } catch {
                item = .failure(error)
            }
            condition.lock()
            while queue.count >= capacity, !cancelled { condition.wait() }
            if cancelled {
                condition.unlock()
                return
            }
            queue.append(item)
            condition.broadcast()
            condition.unlock()
            if case .chunk = item { continue }
            return
        }
    }
}
