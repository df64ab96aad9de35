import Testing
import Spreadsheet

@Suite struct NumberFormatKindTests {
    @Test(arguments: [
        ("yyyy-mm-dd", NumberFormatKind.dateTime),
        ("d/m/yy h:mm", .dateTime),
        ("[$-409]mmmm d, yyyy", .dateTime),
        ("\"Day\" 0", .number),
        ("0.00E+00", .number),
        ("0.00e-00", .number),
        ("##0.0E+0", .number),
        ("#,##0.00;[Red]-#,##0.00", .number),
        ("[h]:mm:ss", .duration),
        ("[HH]", .duration),
        ("HH[M]", .duration),
        ("[mm]:ss", .duration),
        ("[ss].00", .duration),
        ("A/P", .dateTime),
        ("a/p", .dateTime),
        ("h AM/PM", .dateTime),
        ("mm:ss", .dateTime),
        ("0%", .number),
        ("General", .number),
        ("general", .number),
        ("@", .number),
        ("", .number),
        ("_-* #,##0_-", .number),
        ("yy", .dateTime),
        ("\"yes\";\"yes\";\"no\"", .number),
        ("[Red]0.00", .number),
        ("[>=100]0;0.0", .number),
        ("[$€-x]#,##0.00", .number),
        ("[$€-407] #,##0.00", .number),
        ("#,##0 \"days\"", .number),
        ("0\\d", .number),
        ("0_h", .number),
        ("0*s", .number),
        ("0;yyyy", .number),
        ("yyyy;0", .dateTime),
        ("[Blue][h]:mm", .duration),
        ("[hm]0", .number),
        ("[]0", .number),
        ("\"a;b\" dd", .dateTime),
        ("[;]0", .number),
        ("Dd", .dateTime),
        ("\"Total: \"0 \"€\"", .number),
    ])
    func classifiesCustomCodes(code: String, expected: NumberFormatKind) {
        #expect(NumberFormatKind.classify(formatCode: code) == expected, "\(code)")
    }

    @Test func builtInDatesAndTimes() {
        for id in [14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 47] {
            #expect(NumberFormatKind.builtIn(id) == .dateTime, "id \(id)")
        }
    }

    @Test func builtInElapsedTimeIsDuration() {
        #expect(NumberFormatKind.builtIn(46) == .duration)
    }

    @Test func builtInEastAsianLocaleFormatsAreDates() {
        for id in Array(27...36) + Array(50...58) {
            #expect(NumberFormatKind.builtIn(id) == .dateTime, "id \(id)")
        }
    }

    @Test func builtInNumbers() {
        for id in [0, 1, 2, 3, 4, 9, 10, 11, 12, 13, 23, 26, 37, 40, 44, 48, 49, 59, 164, -1] {
            #expect(NumberFormatKind.builtIn(id) == .number, "id \(id)")
        }
    }
}
