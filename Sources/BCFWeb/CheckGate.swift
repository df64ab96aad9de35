import Foundation

/// Bounds the checks running at once. A check is CPU work that cannot be interrupted, so it runs on a
/// thread of its own; a slot is given back only when that work has really ended, even if the request
/// that asked for it was answered earlier because it took too long.
actor CheckGate {
    private let slots: Int
    private let queueLength: Int
    private var running = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(slots: Int, queueLength: Int) {
        self.slots = max(1, slots)
        self.queueLength = max(0, queueLength)
    }

    /// Takes a slot, waiting in the queue for one; false when the queue is full too.
    func enter() async -> Bool {
        if running < slots {
            running += 1
            return true
        }
        guard waiting.count < queueLength else { return false }
        // The slot is handed over by `leave`, so `running` does not change here.
        await withCheckedContinuation { waiting.append($0) }
        return true
    }

    func leave() {
        if waiting.isEmpty { running -= 1 } else { waiting.removeFirst().resume() }
    }

    /// Runs `work` in a slot on a thread of its own. nil: no slot (the queue is full). `.timedOut`: the
    /// work did not finish within `seconds` (it goes on, holding its slot, and its result is dropped).
    func run<T: Sendable>(seconds: Int, _ work: @escaping @Sendable () -> T) async -> GateOutcome<T>? {
        guard await enter() else { return nil }
        return await withCheckedContinuation { continuation in
            let once = ResumeOnce(continuation)
            DispatchQueue.global().async {
                let result = work()
                // The slot is free before the answer goes out, so a client that sends its next check
                // on receiving this one finds it free.
                Task {
                    await self.leave()
                    once.resume(.done(result))
                }
            }
            Task {
                try? await Task.sleep(for: .seconds(seconds))
                once.resume(.timedOut)
            }
        }
    }
}

enum GateOutcome<T: Sendable>: Sendable {
    case done(T)
    case timedOut
}

/// A continuation resumed by whichever of two racers comes first.
private final class ResumeOnce<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var continuation: CheckedContinuation<T, Never>?

    init(_ continuation: CheckedContinuation<T, Never>) { self.continuation = continuation }

    func resume(_ value: T) {
        lock.lock()
        let pending = continuation
        continuation = nil
        lock.unlock()
        pending?.resume(returning: value)
    }
}
