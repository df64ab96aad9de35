import Foundation

/// Measures each tag, end tag, comment, processing instruction and CDATA section of a part on its way to
/// libxml2. libxml2's push parser holds an unfinished construct and looks for its end again with every
/// chunk, so one padded tag costs time in the square of its length; refusing a construct longer than
/// `ReadLimits.maxMarkupBytes` bounds that work per chunk, keeping a part's parse linear in its size, and
/// names the limit. The guard itself looks at each byte once, whatever the chunks.
///
/// UTF-16 parts are followed code unit by code unit (a quote or `>` is only one when its other byte is
/// zero); every other encoding a part may declare keeps ASCII bytes for ASCII characters.
struct MarkupLengthGuard {
    private enum State {
        case text
        /// After `<`, before the bytes that say what follows are all there: up to `<![CDATA[`.
        case opening
        case tag
        case comment
        case instruction
        case cdata
    }

    private enum Units { case undecided, bytes, utf16LittleEndian, utf16BigEndian }

    let maximum: Int
    private var units = Units.undecided
    private var state = State.text
    /// Units of the current construct so far.
    private var length = 0
    private var quote: UInt8 = 0
    /// How many of the terminator's first characters (`--`, `?`, `]]`) the last units were.
    private var run = 0
    private var opening: [UInt8] = []
    /// The first byte of a UTF-16 code unit that a chunk cut in two.
    private var pendingByte: UInt8?

    init(maximum: Int) {
        self.maximum = maximum
    }

    /// What kind of construct is too long, or nil while every one is within the limit.
    mutating func feed(_ bytes: UnsafeRawBufferPointer) -> String? {
        guard let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), bytes.count > 0 else { return nil }
        if units == .undecided { units = Self.units(of: bytes) }
        switch units {
        case .undecided, .bytes:
            var index = 0
            while index < bytes.count {
                switch state {
                case .text:
                    // Text is not markup: skip to the next `<` at memchr's speed.
                    guard let found = memchr(base + index, Int32(UInt8(ascii: "<")), bytes.count - index) else { return nil }
                    index = UnsafeRawPointer(found) - UnsafeRawPointer(base)
                case .tag:
                    // The bytes of a tag that change nothing but its length are counted in one go: up to
                    // the closing quote inside a value, else up to a quote or `>`.
                    var stop = index
                    if quote != 0 {
                        stop = memchr(base + index, Int32(quote), bytes.count - index).map { UnsafeRawPointer($0) - UnsafeRawPointer(base) } ?? bytes.count
                    } else {
                        while stop < bytes.count, base[stop] != UInt8(ascii: "\""), base[stop] != UInt8(ascii: "'"), base[stop] != UInt8(ascii: ">") {
                            stop += 1
                        }
                    }
                    length += stop - index
                    if length > maximum { return name }
                    index = stop
                    if index == bytes.count { return nil }
                default:
                    break
                }
                if let refused = step(base[index]) { return refused }
                index += 1
            }
        case .utf16LittleEndian, .utf16BigEndian:
            var index = 0
            if let first = pendingByte {
                pendingByte = nil
                if let refused = step(unit(first, base[0])) { return refused }
                index = 1
            }
            while index + 1 < bytes.count {
                if let refused = step(unit(base[index], base[index + 1])) { return refused }
                index += 2
            }
            if index < bytes.count { pendingByte = base[index] }
        }
        return nil
    }

    /// A UTF-16 code unit as the ASCII byte it stands for, or 0x80 for any other character.
    private func unit(_ first: UInt8, _ second: UInt8) -> UInt8 {
        let (low, high) = units == .utf16LittleEndian ? (first, second) : (second, first)
        return high == 0 && low < 0x80 ? low : 0x80
    }

    private static func units(of head: UnsafeRawBufferPointer) -> Units {
        guard head.count >= 2 else { return .bytes }
        switch (head[0], head[1]) {
        case (0xFF, 0xFE), (UInt8(ascii: "<"), 0): return .utf16LittleEndian
        case (0xFE, 0xFF), (0, UInt8(ascii: "<")): return .utf16BigEndian
        default: return .bytes
        }
    }

    private mutating func step(_ byte: UInt8) -> String? {
        switch state {
        case .text:
            if byte == UInt8(ascii: "<") {
                state = .opening
                opening.removeAll(keepingCapacity: true)
                opening.append(byte)
                length = 1
            }
            return nil
        case .opening:
            opening.append(byte)
            length += 1
            return classify()
        default:
            break
        }
        length += 1
        switch state {
        case .tag:
            if quote != 0 {
                if byte == quote { quote = 0 }
            } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                quote = byte
            } else if byte == UInt8(ascii: ">") {
                return finish()
            }
        case .comment:
            if byte == UInt8(ascii: ">"), run >= 2 { return finish() }
            run = byte == UInt8(ascii: "-") ? run + 1 : 0
        case .instruction:
            if byte == UInt8(ascii: ">"), run >= 1 { return finish() }
            run = byte == UInt8(ascii: "?") ? 1 : 0
        case .cdata:
            if byte == UInt8(ascii: ">"), run >= 2 { return finish() }
            run = byte == UInt8(ascii: "]") ? run + 1 : 0
        case .text, .opening:
            break
        }
        return length > maximum ? name : nil
    }

    /// Decides what the bytes after `<` open, once enough of them are there.
    private mutating func classify() -> String? {
        let comment = Self.commentOpening, cdata = Self.cdataOpening
        if opening[1] == UInt8(ascii: "?") {
            state = .instruction
        } else if opening[1] != UInt8(ascii: "!") {
            state = .tag
            quote = 0
            if opening[1] == UInt8(ascii: ">") { return finish() }
        } else if opening == comment {
            state = .comment
        } else if opening == cdata {
            state = .cdata
        } else if !comment.starts(with: opening), !cdata.starts(with: opening) {
            // A declaration (`<!DOCTYPE`, which libxml2 refuses) ends at `>` like a tag.
            state = .tag
            quote = 0
            if opening.last == UInt8(ascii: ">") { return finish() }
        } else {
            return nil
        }
        run = 0
        return nil
    }

    private static let commentOpening = Array("<!--".utf8)
    private static let cdataOpening = Array("<![CDATA[".utf8)

    private var name: String {
        switch state {
        case .comment: "comment"
        case .instruction: "processing instruction"
        case .cdata: "CDATA section"
        default: "tag"
        }
    }

    private mutating func finish() -> String? {
        let refused = length > maximum ? name : nil
        state = .text
        length = 0
        run = 0
        return refused
    }
}
