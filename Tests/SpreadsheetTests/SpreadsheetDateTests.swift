import Testing
@testable import Spreadsheet

@Suite struct SpreadsheetDateTests {
    private func iso(_ serial: Double, _ system: DateSystem = .dates1900) -> String? {
        SpreadsheetDate(serial: serial, system: system).isoText
    }

    @Test func lotusLeapYearBugFollowsOpenpyxl() {
        #expect(iso(0) == "1899-12-30T00:00:00")
        #expect(iso(1) == "1900-01-01T00:00:00")
        #expect(iso(31) == "1900-01-31T00:00:00")
        #expect(iso(59) == "1900-02-28T00:00:00")
        #expect(iso(60) == "1900-02-28T00:00:00")
        #expect(iso(61) == "1900-03-01T00:00:00")
        #expect(iso(0.5) == "1899-12-30T12:00:00")
        #expect(iso(1.5) == "1900-01-01T12:00:00")
        #expect(iso(60.5) == "1900-02-28T12:00:00")
    }

    @Test func knownModernSerials() {
        #expect(iso(25_569) == "1970-01-01T00:00:00")
        #expect(iso(36_526) == "2000-01-01T00:00:00")
        #expect(iso(44_197.5) == "2021-01-01T12:00:00")
        #expect(iso(43_890) == "2020-02-29T00:00:00")
        #expect(iso(2_958_465) == "9999-12-31T00:00:00")
    }

    @Test func system1904StartsAtItsEpochWithoutAdjustment() {
        #expect(iso(0, .dates1904) == "1904-01-01T00:00:00")
        #expect(iso(1, .dates1904) == "1904-01-02T00:00:00")
        #expect(iso(59, .dates1904) == "1904-02-29T00:00:00")
        // The same day is 1462 serials apart in the two systems.
        #expect(iso(44_197 - 1462, .dates1904) == iso(44_197))
    }

    @Test func componentsExposeEveryField() throws {
        // 2021-03-04 05:06:07
        let seconds: Double = 5 * 3600 + 6 * 60 + 7
        let serial: Double = 44_259 + seconds / 86_400
        let c = try #require(SpreadsheetDate(serial: serial, system: .dates1900).components)
        #expect(c == SpreadsheetDate.Components(year: 2021, month: 3, day: 4, hour: 5, minute: 6, second: 7))
    }

    @Test func timeRoundsToTheNearestMillisecond() {
        let base = 44_197.0
        #expect(iso(base + 1.4 / 86_400) == "2021-01-01T00:00:01.400")
        #expect(iso(base + 1.0004 / 86_400) == "2021-01-01T00:00:01")
        #expect(iso(base + 1.0006 / 86_400) == "2021-01-01T00:00:01.001")
        #expect(iso(base + 86_399.9996 / 86_400) == "2021-01-02T00:00:00")
        #expect(iso(base + 86_399.4 / 86_400) == "2021-01-01T23:59:59.400")
    }

    @Test func roundingUpBeforeSerial60StillShiftsLikeOpenpyxl() {
        // openpyxl adds the Lotus day based on the unrounded serial.
        #expect(iso(59.999_999_999) == "1900-03-01T00:00:00")
    }

    @Test func outOfRangeSerialsHaveNoComponents() {
        #expect(iso(-1) == nil)
        #expect(iso(-0.000_1) == nil)
        #expect(iso(2_958_466) == nil)
        #expect(iso(2_958_465 + 86_399.9996 / 86_400) == nil)
        #expect(iso(.nan) == nil)
        #expect(iso(.infinity) == nil)
        #expect(iso(1e300) == nil)
        #expect(iso(2_958_465 - 1462 + 1, .dates1904) == nil)
        #expect(iso(2_958_465 - 1462, .dates1904) == "9999-12-31T00:00:00")
    }

    @Test(arguments: [
        ("2021-01-02", 44_198, 0),
        ("2021-01-02T03:04:05", 44_198, 11_045),
        ("2021-01-02T03:04:05Z", 44_198, 11_045),
        ("2021-01-02Z", 44_198, 0),
        ("2021-01-02 03:04", 44_198, 11_040),
        ("03:04:05", 0, 11_045),
        ("12:00:00Z", 0, 43_200),
        ("1900-01-01", 1, 0),
        ("1900-02-28", 59, 0),
        ("1900-03-01", 61, 0),
        ("1899-12-30", 0, 0),
    ] as [(String, Int, Int)])
    func parsesISOText1900(text: String, day: Int, seconds: Int) throws {
        let date = try #require(SpreadsheetDate(isoText: text, system: .dates1900))
        let expected = Double(day) + Double(seconds) / 86_400
        #expect(abs(date.serial - expected) < 1e-9, "\(text)")
        #expect(date.system == .dates1900)
    }

    @Test func parsesFractionalSeconds() throws {
        let date = try #require(SpreadsheetDate(isoText: "2021-01-02T03:04:05.123", system: .dates1900))
        let expected: Double = 44_198 + 11_045.123 / 86_400
        #expect(abs(date.serial - expected) < 1e-9)
        #expect(date.isoText == "2021-01-02T03:04:05.123")
        let late = try #require(SpreadsheetDate(isoText: "2021-01-02T23:59:59.9996", system: .dates1900))
        #expect(late.isoText == "2021-01-03T00:00:00")
    }

    @Test func parsesISOText1904() throws {
        #expect(SpreadsheetDate(isoText: "1904-01-01", system: .dates1904)?.serial == 0)
        #expect(SpreadsheetDate(isoText: "1904-01-03", system: .dates1904)?.serial == 2)
        #expect(SpreadsheetDate(isoText: "1903-12-31", system: .dates1904) == nil)
    }

    @Test(arguments: [
        "", "2021", "2021-1-2", "2021-01-02T", "2021-01-02T3:04:05", "2021-13-01", "2021-00-10",
        "2021-02-29", "1900-02-29", "2021-04-31", "2021-01-00", "2021-01-02T24:00:00",
        "2021-01-02T10:60:00", "2021-01-02T10:00:60", "2021-01-02T10:00:00.", "2021-01-02T10:00:00+01:00",
        "2021-01-02x", "1899-12-31", "1899-12-29", "0001-01-01", "03:04:05 ", "Z", "2021-01-02ZZ",
    ])
    func rejectsMalformedISOText(text: String) {
        #expect(SpreadsheetDate(isoText: text, system: .dates1900) == nil, "\(text)")
    }

    @Test func isoTextRoundTripsThroughSerials() throws {
        for serial in stride(from: 0.0, through: 2_958_465, by: 997.25) {
            for system in [DateSystem.dates1900, .dates1904] {
                let original = SpreadsheetDate(serial: serial, system: system)
                guard let text = original.isoText else { continue }
                let parsed = try #require(SpreadsheetDate(isoText: text, system: system))
                // Serial 60 is the only one with no date of its own.
                #expect(abs(parsed.serial - serial) < 1e-6 || (system == .dates1900 && serial == 60), "\(text)")
            }
        }
    }

    @Test func civilArithmeticMatchesKnownDays() {
        #expect(SpreadsheetDate.days(fromCivilYear: 1970, month: 1, day: 1) == 0)
        #expect(SpreadsheetDate.days(fromCivilYear: 2000, month: 3, day: 1) == 11_017)
        #expect(SpreadsheetDate.days(fromCivilYear: 1899, month: 12, day: 30) == SpreadsheetDate.epoch1900)
        #expect(SpreadsheetDate.days(fromCivilYear: 1904, month: 1, day: 1) == SpreadsheetDate.epoch1904)
        for days in stride(from: -800_000, through: 3_000_000, by: 1_234) {
            let date = SpreadsheetDate.civil(fromDays: days)
            #expect(SpreadsheetDate.days(fromCivilYear: date.year, month: date.month, day: date.day) == days)
        }
    }

    @Test func dateSystemRawValuesMatchTheAttributeSpelling() {
        #expect(DateSystem(rawValue: "1900") == .dates1900)
        #expect(DateSystem(rawValue: "1904") == .dates1904)
    }
}
