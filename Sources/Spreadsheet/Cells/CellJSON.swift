/// The JSON-lines form of cells that `bcf cells` prints: one object per cell,
/// `{"sheet":"5. Income","ref":"C14","type":"n","value":1234.5}`, with `"formula"` added for formula cells.
/// Types: `n` number, `s` text, `b` boolean, `e` error, `d` date/time (ISO 8601 text); a formula with no
/// cached result has `"type":null,"value":null`.
public enum CellJSON {
    public static func append(_ cell: Cell, sheet: String, to out: inout [UInt8]) {
        out.append(contentsOf: #"{"sheet":"#.utf8)
        appendString(sheet, to: &out)
        out.append(contentsOf: #","ref":""#.utf8)
        out.append(contentsOf: cell.reference.description.utf8)
        out.append(contentsOf: #"","type":"#.utf8)
        switch cell.value {
        case nil:
            out.append(contentsOf: #"null,"value":null"#.utf8)
        case let .number(number)?:
            out.append(contentsOf: #""n","value":"#.utf8)
            appendNumber(number, to: &out)
        case let .text(text)?:
            out.append(contentsOf: #""s","value":"#.utf8)
            appendString(text, to: &out)
        case let .boolean(flag)?:
            out.append(contentsOf: #""b","value":"#.utf8)
            out.append(contentsOf: (flag ? "true" : "false").utf8)
        case let .error(literal)?:
            out.append(contentsOf: #""e","value":"#.utf8)
            appendString(literal, to: &out)
        case let .duration(days)?:
            out.append(contentsOf: #""d","value":"#.utf8)
            appendString(DurationText.iso8601(days: days), to: &out)
        case let .date(date)?:
            if let iso = date.isoText {
                out.append(contentsOf: #""d","value":"#.utf8)
                appendString(iso, to: &out)
            } else {
                out.append(contentsOf: #""n","value":"#.utf8)
                appendNumber(date.serial, to: &out)
            }
        }
        if let formula = cell.formula {
            out.append(contentsOf: #","formula":"#.utf8)
            appendString(formula, to: &out)
        }
        out.append(contentsOf: "}\n".utf8)
    }

    /// Integral values print without a fraction, everything else in Swift's shortest round-trip form,
    /// which is also valid JSON.
    public static func appendNumber(_ number: Double, to out: inout [UInt8]) {
        if number == number.rounded(), abs(number) < 1e15 {
            out.append(contentsOf: String(Int64(number)).utf8)
        } else {
            out.append(contentsOf: number.description.utf8)
        }
    }

    public static func appendString(_ text: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out.append(contentsOf: #"\""#.utf8)
            case UInt8(ascii: "\\"): out.append(contentsOf: #"\\"#.utf8)
            case 0x0A: out.append(contentsOf: #"\n"#.utf8)
            case 0x0D: out.append(contentsOf: #"\r"#.utf8)
            case 0x09: out.append(contentsOf: #"\t"#.utf8)
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                out.append(contentsOf: #"\u00"#.utf8)
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 0xF)])
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
