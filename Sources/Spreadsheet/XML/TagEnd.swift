/// Finding the `>` that ends a start tag, skipping any inside quoted attribute values: shared by the
/// worksheet scanner (reading) and the byte cursor (patching), which must agree on where a tag ends.
enum TagEnd {
    enum Found {
        /// The index of the closing `>`.
        case at(Int)
        /// A `<` inside the tag, which well-formed XML never has.
        case strayOpening
        /// The bytes end before the tag does.
        case unfinished
    }

    /// How far a search has gone: the next byte to look at and the quote open there. A search that ran out
    /// of bytes continues from here when more arrive, so a long tag is scanned once, not once per chunk.
    struct Progress {
        var position: Int
        var quote: UInt8 = 0
    }

    @inline(__always)
    static func find(_ base: UnsafePointer<UInt8>, from start: Int, to end: Int) -> Found {
        var progress = Progress(position: start)
        return find(base, continuing: &progress, to: end)
    }

    @inline(__always)
    static func find(_ base: UnsafePointer<UInt8>, continuing progress: inout Progress, to end: Int) -> Found {
        var index = progress.position
        var quote = progress.quote
        defer {
            progress.position = index
            progress.quote = quote
        }
        while index < end {
            let byte = base[index]
            if quote != 0 {
                if byte == quote { quote = 0 }
            } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                quote = byte
            } else if byte == UInt8(ascii: ">") {
                return .at(index)
            } else if byte == UInt8(ascii: "<") {
                return .strayOpening
            }
            index += 1
        }
        return .unfinished
    }
}
