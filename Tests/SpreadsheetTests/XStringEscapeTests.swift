import Testing
import Spreadsheet

@Suite struct XStringEscapeTests {
    @Test(arguments: [
        ("plain text", "plain text"),
        ("_x0041_", "A"),
        ("a_x0009_b", "a\tb"),
        ("_x000d__x000A_", "\r\n"),
        ("_x005F_", "_"),
        ("_x005f_x0041_", "_x0041_"),
        ("_x005F_x005F_", "_x005F_"),
        ("_xD83D__xDE00_", "😀"),
        ("_xd83d__xde00_!", "😀!"),
        ("_xD83D_", "_xD83D_"),
        ("_xDE00_", "_xDE00_"),
        ("_xD83D__x0041_", "_xD83D_A"),
        ("_xD83D_x0041_", "_xD83D_x0041_"),
        ("_x004_", "_x004_"),
        ("_x00411_", "_x00411_"),
        ("_x00G1_", "_x00G1_"),
        ("_X0041_", "_X0041_"),
        ("_x0041", "_x0041"),
        ("__x0041_", "_A"),
        ("_x0041__x0042_", "AB"),
        ("é_x00E9_€", "éé€"),
        ("_x0000_", "\u{0}"),
        ("_x", "_x"),
        ("x_", "x_"),
    ])
    func decodes(input: String, expected: String) {
        #expect(XStringEscape.decode(input) == expected)
    }

    @Test(arguments: [
        ("plain", "plain"),
        ("tab\tlf\ncr\r", "tab\tlf\ncr\r"),
        ("\u{1}", "_x0001_"),
        ("a\u{1F}b", "a_x001F_b"),
        ("\u{0}", "_x0000_"),
        ("_x0041_", "_x005F_x0041_"),
        ("_x004g_", "_x004g_"),
        ("snake_case_x", "snake_case_x"),
        ("\u{FFFE}\u{FFFF}", "_xFFFE__xFFFF_"),
        ("\u{FFFD}", "\u{FFFD}"),
        ("_x0001\u{1}", "_x005F_x0001_x0001_"),
        ("_x0041__", "_x005F_x0041__"),
    ])
    func encodes(input: String, expected: String) {
        #expect(XStringEscape.encode(input) == expected)
    }

    @Test(arguments: [
        "", "plain", "_", "__", "_x", "_x0041_", "_x005F_", "_x005F_x0041_", "__x0041__",
        "_xD83D__xDE00_", "_xD83D_", "😀 and _xFFFF_", "\u{1}\u{2}\u{1F}", "_x0001\u{1}",
        "_x0041_\u{1}", "a\u{0}b", "\u{FFFE}", "ünïcödé_x00E9_", "_x0041__x0042_", "_x0041",
    ])
    func encodeThenDecodeRoundTrips(text: String) {
        #expect(XStringEscape.decode(XStringEscape.encode(text)) == text)
    }

    @Test func roundTripsEveryControlCharacterNextToEscapeLookalikes() {
        for value in 0..<0x20 {
            let hex = (value < 16 ? "0" : "") + String(value, radix: 16, uppercase: true)
            let control = String(Unicode.Scalar(UInt8(value)))
            for text in ["_x00\(hex)" + control, "_x00\(hex)_" + control, control + "_x00\(hex)_"] {
                #expect(XStringEscape.decode(XStringEscape.encode(text)) == text)
            }
        }
    }

    @Test func encodedOutputContainsNoForbiddenXMLCharacters() {
        let encoded = XStringEscape.encode("a\u{1}b\u{B}c\u{FFFF}")
        let forbidden = encoded.unicodeScalars.filter {
            ($0.value < 0x20 && ![0x9, 0xA, 0xD].contains($0.value)) || $0.value == 0xFFFE || $0.value == 0xFFFF
        }
        #expect(forbidden.isEmpty)
    }
}
