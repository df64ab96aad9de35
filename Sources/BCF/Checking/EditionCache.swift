import Foundation

/// Something made once per edition and kept, for a checker shared by the threads of a round: one lock
/// guards the values, and a value is made once even when two threads ask for it together.
final class EditionCache<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [String: Value] = [:]

    func value(for edition: String, make: () -> Value) -> Value {
        lock.lock()
        defer { lock.unlock() }
        if let value = values[edition] { return value }
        let value = make()
        values[edition] = value
        return value
    }
}
