import Foundation

/// Inflates a part on a thread of its own, a few chunks ahead of the parser, so that decompression and
/// XML parsing run on two cores at once. Memory stays bounded: at most `capacity` chunks wait.
final class ChunkPrefetcher: @unchecked Sendable {
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

    /// The next inflated chunk, or nil at the end of the part; rethrows what inflating threw.
    func next() throws -> [UInt8]? {
        if let inlineStream { return try inlineStream.next().map { Array($0) } }
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
                    item = .chunk(Array(chunk))
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
