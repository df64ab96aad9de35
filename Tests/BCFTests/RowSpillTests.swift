import Foundation
import Testing
@testable import BCF

/// A round's packed rows moved to the scratch file as files are checked come back as they went in, from
/// several writers at once, and the file leaves nothing behind in its folder.
@Suite struct RowSpillTests {
    static func rows(_ seed: Int) -> [[SQLiteValue]] {
        (0..<(seed % 7 + 1)).map { row in
            [.integer(seed), .text("path.\(row) 🙂 \(String(repeating: "x", count: seed % 300))"), .null,
             .real(Double(row) / 3), .integer(-row * 1_000_003), .text("")]
        }
    }

    static func read(_ encoded: EncodedRows, appending suffix: [SQLiteValue] = []) throws -> [[SQLiteValue]] {
        var out: [[SQLiteValue]] = []
        try encoded.forEach(appending: suffix) { out.append($0) }
        return out
    }

    @Test("spilled rows read back equal, with their suffix, whatever order they were spilled in")
    func roundTrip() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = try RowSpillFile(in: folder.path)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty, "the scratch file is unlinked at once")
        let parts = PartSlots(count: 200)
        DispatchQueue.concurrentPerform(iterations: 200) { index in
            var encoded = EncodedRows()
            for row in Self.rows(index) { encoded.append(row) }
            do {
                try encoded.spill(to: file)
                parts.set(index, encoded)
            } catch {
                parts.set(index, nil)
            }
        }
        for index in 0..<200 {
            let encoded = try #require(parts.value(index), "part \(index) was spilled")
            #expect(encoded.count == Self.rows(index).count)
            #expect(try Self.read(encoded) == Self.rows(index), "part \(index)")
            #expect(try Self.read(encoded, appending: [.text("E08000035"), .null]) == Self.rows(index).map { $0 + [.text("E08000035"), .null] })
        }
    }

    @Test("rows never spilled, and empty rows, read back unchanged")
    func inMemory() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        var kept = EncodedRows()
        for row in Self.rows(12) { kept.append(row) }
        #expect(try Self.read(kept) == Self.rows(12))
        var empty = EncodedRows()
        try empty.spill(to: RowSpillFile(in: folder.path))
        #expect(try Self.read(empty).isEmpty)
    }

    @Test("a folder that cannot hold the scratch file is named in the error")
    func unwritableFolder() throws {
        let missing = "/nonexistent-\(UUID().uuidString)"
        do {
            _ = try RowSpillFile(in: missing)
            Issue.record("made a scratch file in \(missing)")
        } catch {
            #expect("\(error)".contains(missing), "\(error)")
        }
    }
}

private final class PartSlots: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [EncodedRows?]
    init(count: Int) { slots = Array(repeating: nil, count: count) }
    func set(_ index: Int, _ rows: EncodedRows?) { lock.lock(); slots[index] = rows; lock.unlock() }
    func value(_ index: Int) -> EncodedRows? { lock.lock(); defer { lock.unlock() }; return slots[index] }
}
