import Foundation

/// Something made once per edition and kept, for a catalogue or a checker shared by the threads of a
/// round: each edition has its own lock, so a value is made once even when two threads ask for it
/// together, and the values of two editions can be made at once. A value that fails to be made is not kept.
final class EditionCache<Value: Sendable>: @unchecked Sendable {
    private final class Slot: @unchecked Sendable {
        let lock = NSLock()
        var value: Value?
    }

    private let lock = NSLock()
    private var slots: [String: Slot] = [:]

    func value(for edition: String, make: () throws -> Value) rethrows -> Value {
        let slot = self.slot(edition)
        slot.lock.lock()
        defer { slot.lock.unlock() }
        if let value = slot.value { return value }
        let value = try make()
        slot.value = value
        return value
    }

    /// The editions whose value has been made, in id order.
    var editions: [String] {
        lock.lock()
        let slots = self.slots
        lock.unlock()
        return slots.filter { _, slot in
            slot.lock.lock()
            defer { slot.lock.unlock() }
            return slot.value != nil
        }.keys.sorted()
    }

    private func slot(_ edition: String) -> Slot {
        lock.lock()
        defer { lock.unlock() }
        if let slot = slots[edition] { return slot }
        let slot = Slot()
        slots[edition] = slot
        return slot
    }
}
