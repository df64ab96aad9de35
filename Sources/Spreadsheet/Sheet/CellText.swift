import Foundation

/// The bytes of one cell's value, formula or inline text as they arrive. One buffer serves the whole sheet
/// and is emptied for each cell by setting its count: an array's uniqueness checks and generic appends
/// cost more than the parsing itself over millions of cells.
final class CellText {
    private var storage: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private(set) var count = 0

    init(capacity: Int) {
        self.capacity = max(capacity, 16)
        storage = .allocate(capacity: self.capacity)
    }

    deinit { storage.deallocate() }

    var isEmpty: Bool { count == 0 }

    /// The bytes so far, valid until the next change.
    var bytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: storage, count: count) }

    func removeAll() { count = 0 }

    func append(_ more: UnsafeBufferPointer<UInt8>) {
        guard let source = more.baseAddress, !more.isEmpty else { return }
        reserve(count + more.count)
        (storage + count).update(from: source, count: more.count)
        count += more.count
    }

    /// Calls `body` with the bytes followed by a NUL, for C functions.
    func withCString<Result>(_ body: (UnsafePointer<CChar>) -> Result) -> Result {
        reserve(count + 1)
        storage[count] = 0
        return UnsafeRawPointer(storage).withMemoryRebound(to: CChar.self, capacity: count + 1) { body($0) }
    }

    private func reserve(_ needed: Int) {
        guard needed > capacity else { return }
        let grown = Swift.max(needed, capacity * 2)
        let larger = UnsafeMutablePointer<UInt8>.allocate(capacity: grown)
        larger.update(from: storage, count: count)
        storage.deallocate()
        storage = larger
        capacity = grown
    }
}
