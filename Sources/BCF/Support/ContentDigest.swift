import Crypto

/// The SHA-256 of a file's bytes as 64 lower-case hexadecimal digits, so that each submission in a round
/// is identified by its content (swift-crypto's SHA-256; Foundation on Linux has no digest API).
enum ContentDigest {
    static func hex<Bytes: Collection>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        var hasher = Hasher()
        hasher.update(Array(bytes))
        return hasher.finalize()
    }

    /// A digest computed piece by piece, so that a file is hashed while it is read rather than held whole.
    struct Hasher: Sendable {
        private var digest = Crypto.SHA256()

        mutating func update(_ bytes: UnsafeRawBufferPointer) {
            digest.update(bufferPointer: bytes)
        }

        mutating func update(_ bytes: [UInt8]) {
            digest.update(data: bytes)
        }

        /// The digest as 64 lower-case hexadecimal digits.
        mutating func finalize() -> String {
            let hexDigits = Array("0123456789abcdef".utf8)
            var text: [UInt8] = []
            text.reserveCapacity(64)
            for byte in digest.finalize() {
                text.append(hexDigits[Int(byte >> 4)])
                text.append(hexDigits[Int(byte & 0x0f)])
            }
            return String(decoding: text, as: UTF8.self)
        }
    }
}
