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

    @inline(__always)
    static func find(_ base: UnsafePointer<UInt8>, from start: Int, to end: Int) -> Found {
        var index = start
        var quote: UInt8 = 0
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
