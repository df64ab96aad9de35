/// Which epoch a workbook's date serials count from (`workbookPr/@date1904`).
public enum DateSystem: String, Sendable, Codable {
    case dates1900 = "1900"
    case dates1904 = "1904"
}

/// A date/time serial number as stored in a cell, with the calendar arithmetic
/// to turn it into fields and ISO 8601 text.
///
/// Calendar maths is integer days-from-civil arithmetic rather than Foundation's
/// `Calendar`, which is slower and depends on the process time zone and locale;
/// serials carry no time zone, so none is applied.
public struct SpreadsheetDate: Hashable, Sendable {
    /// Calendar fields in the proleptic Gregorian calendar.
    public struct Components: Hashable, Sendable {
        public var year: Int
        public var month: Int
        public var day: Int
        public var hour: Int
        public var minute: Int
        public var second: Int
        public var millisecond: Int

        public init(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0, millisecond: Int = 0) {
            self.millisecond = millisecond
            self.year = year
            self.month = month
            self.day = day
            self.hour = hour
            self.minute = minute
            self.second = second
        }
    }

    public let serial: Double
    public let system: DateSystem

    public init(serial: Double, system: DateSystem) {
        self.serial = serial
        self.system = system
    }

    /// The serial's calendar fields, with the time of day rounded to the nearest millisecond, the
    /// precision Excel keeps (so 23:59:59.9996 becomes 00:00:00 the next day).
    ///
    /// In the 1900 system serials from 61 count from 1899-12-30; serials from 1 to 59 are one day later
    /// (1 is 1900-01-01, 59 is 1900-02-28), undoing Excel's deliberate Lotus bug that counts a
    /// 1900-02-29; 60, that fictitious day, maps to 1900-02-28 as openpyxl does. Serials below 1 hold a
    /// time of day alone and take the zero date 1899-12-30, as LibreOffice, openpyxl and calamine give it
    /// (Excel shows "1900-01-00").
    ///
    /// In the 1904 system serial 0 is 1904-01-01 with no adjustment.
    ///
    /// `nil` for negative, non-finite, or post-9999-12-31 serials.
    public var components: Components? {
        guard serial.isFinite, serial >= 0, serial < 3_000_000 else { return nil }
        let wholeDays = serial.rounded(.down)
        // Separating the fraction first keeps the rounding exact; multiplying
        // the whole serial by 86 400 000 would lose sub-millisecond precision.
        let millisecondsInDay = Int(((serial - wholeDays) * 86_400_000).rounded())
        var day = Int(wholeDays) + millisecondsInDay / 86_400_000
        let milliseconds = millisecondsInDay % 86_400_000
        switch system {
        case .dates1900:
            if serial >= 1, serial < 60 { day += 1 }
            day += Self.epoch1900
        case .dates1904:
            day += Self.epoch1904
        }
        let date = Self.civil(fromDays: day)
        guard date.year <= 9999 else { return nil }
        let seconds = milliseconds / 1000
        return Components(
            year: date.year, month: date.month, day: date.day,
            hour: seconds / 3600, minute: seconds / 60 % 60, second: seconds % 60,
            millisecond: milliseconds % 1000)
    }

    /// `YYYY-MM-DDTHH:MM:SS`, the form `t="d"` cells and most tools use, with `.mmm` added only when the
    /// time has a fraction of a second, so that nothing Excel keeps is lost.
    public var isoText: String? {
        guard let c = components else { return nil }
        var text = ""
        text.reserveCapacity(23)
        Self.append(c.year, width: 4, to: &text)
        text.append("-")
        Self.append(c.month, width: 2, to: &text)
        text.append("-")
        Self.append(c.day, width: 2, to: &text)
        text.append("T")
        Self.append(c.hour, width: 2, to: &text)
        text.append(":")
        Self.append(c.minute, width: 2, to: &text)
        text.append(":")
        Self.append(c.second, width: 2, to: &text)
        if c.millisecond > 0 {
            text.append(".")
            Self.append(c.millisecond, width: 3, to: &text)
        }
        return text
    }

    private static func append(_ value: Int, width: Int, to text: inout String) {
        let digits = String(value)
        if digits.count < width {
            text.append(String(repeating: "0", count: width - digits.count))
        }
        text.append(digits)
    }
}

// MARK: - Calendar arithmetic

extension SpreadsheetDate {
    /// Days from 1970-01-01 to serial day 0 of each system (before the Lotus
    /// adjustment for the 1900 system).
    /// 1899-12-30.
    static let epoch1900 = -25_569
    /// 1904-01-01.
    static let epoch1904 = -24_107

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's
    /// `days_from_civil`), exact for any year without floating point.
    static func days(fromCivilYear year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// Inverse of `days(fromCivilYear:month:day:)`.
    static func civil(fromDays days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    static func isLeapYear(_ year: Int) -> Bool {
        year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    }

    static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}

// MARK: - ISO 8601 input

extension SpreadsheetDate {
    /// Parses the ISO 8601 text of a `t="d"` cell into a serial.
    ///
    /// Accepts `2021-01-02`, `2021-01-02T03:04:05`, fractional seconds
    /// (`…:05.123`, any number of digits), a time alone (`03:04:05`, giving a
    /// serial below 1) and an optional trailing `Z`. Seconds may be omitted
    /// (`03:04`) and a space may stand for `T`, as some writers do. Other time
    /// zone offsets are rejected rather than silently dropped.
    ///
    /// The 1900 mapping is the inverse of `components`: dates from 1900-03-01
    /// count from 1899-12-30, 1900-01-01 to 1900-02-28 from 1899-12-31, so no
    /// real date lands on Excel's fictitious serial 60; 1899-12-30 is the zero
    /// date (serial 0). Other dates before 1900 (1900 system) or 1904-01-01
    /// (1904 system) have no serial and give `nil`, as do impossible dates
    /// such as 1900-02-29.
    public init?(isoText: String, system: DateSystem) {
        var text = isoText
        let serial: Double? = text.withUTF8 { Self.parseISO($0, system: system) }
        guard let serial else { return nil }
        self.init(serial: serial, system: system)
    }

    private static func parseISO(_ bytes: UnsafeBufferPointer<UInt8>, system: DateSystem) -> Double? {
        var reader = DigitReader(bytes: bytes)
        // A time alone starts "HH:", a date "YYYY-".
        let isTimeOnly = bytes.count > 2 && bytes[2] == UInt8(ascii: ":")
        var day = 0
        if !isTimeOnly {
            guard let year = reader.number(digits: 4), reader.expect(UInt8(ascii: "-")),
                  let month = reader.number(digits: 2), reader.expect(UInt8(ascii: "-")),
                  let dayOfMonth = reader.number(digits: 2),
                  (1...12).contains(month),
                  (1...daysInMonth(year: year, month: month)).contains(dayOfMonth),
                  let serialDay = serialDay(year: year, month: month, day: dayOfMonth, system: system)
            else { return nil }
            day = serialDay
            if reader.isAtEnd || reader.peek(UInt8(ascii: "Z")) {
                return reader.finish() ? Double(day) : nil
            }
            guard reader.expect(UInt8(ascii: "T")) || reader.expect(UInt8(ascii: " ")) else { return nil }
        }
        guard let seconds = reader.timeOfDay(), reader.finish() else { return nil }
        return Double(day) + seconds / 86_400
    }

    /// Serial day number of a date, or `nil` before the system's first day.
    private static func serialDay(year: Int, month: Int, day: Int, system: DateSystem) -> Int? {
        let days = days(fromCivilYear: year, month: month, day: day)
        switch system {
        case .dates1904:
            let serial = days - epoch1904
            return serial >= 0 ? serial : nil
        case .dates1900:
            let serial = days - epoch1900
            // Before 1900-03-01 Excel's phantom 1900-02-29 has not happened yet; 1899-12-30 is the
            // zero date, and 1899-12-31 has no serial of its own.
            if serial >= 61 || serial == 0 { return serial }
            return serial >= 2 ? serial - 1 : nil
        }
    }
}

/// A cursor over ASCII date/time text with fixed-width number fields.
private struct DigitReader {
    let bytes: UnsafeBufferPointer<UInt8>
    var index = 0

    var isAtEnd: Bool { index == bytes.count }

    func peek(_ byte: UInt8) -> Bool { index < bytes.count && bytes[index] == byte }

    mutating func expect(_ byte: UInt8) -> Bool {
        guard peek(byte) else { return false }
        index += 1
        return true
    }

    /// Reads exactly `digits` decimal digits.
    mutating func number(digits: Int) -> Int? {
        guard bytes.count - index >= digits else { return nil }
        var value = 0
        for _ in 0..<digits {
            guard let digit = CellReference.digitValue(bytes[index]) else { return nil }
            value = value * 10 + digit
            index += 1
        }
        return value
    }

    /// Reads `HH:MM[:SS[.fff…]]` and returns seconds since midnight.
    mutating func timeOfDay() -> Double? {
        guard let hour = number(digits: 2), expect(UInt8(ascii: ":")),
              let minute = number(digits: 2), hour < 24, minute < 60
        else { return nil }
        var seconds = Double(hour * 3600 + minute * 60)
        guard expect(UInt8(ascii: ":")) else { return seconds }
        guard let second = number(digits: 2), second < 60 else { return nil }
        seconds += Double(second)
        if expect(UInt8(ascii: ".")) {
            var scale = 0.1
            let fractionStart = index
            while index < bytes.count, let digit = CellReference.digitValue(bytes[index]) {
                seconds += Double(digit) * scale
                scale /= 10
                index += 1
            }
            guard index > fractionStart else { return nil }
        }
        return seconds
    }

    /// Consumes an optional `Z` and requires nothing after it.
    mutating func finish() -> Bool {
        _ = expect(UInt8(ascii: "Z"))
        return isAtEnd
    }
}
