import Foundation
import Spreadsheet

/// A day, without time or time zone, as templates ask for dates ("when will the plan be signed off?").
/// Written and read as `YYYY-MM-DD`.
public struct CalendarDate: Hashable, Sendable, Comparable, Codable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// nil unless the day exists in the proleptic Gregorian calendar between years 1900 and 9999.
    public init?(year: Int, month: Int, day: Int) {
        guard (1900...9999).contains(year), (1...12).contains(month), day >= 1, day <= Self.daysIn(month: month, year: year) else {
            return nil
        }
        self.year = year
        self.month = month
        self.day = day
    }

    /// `2017-09-11`, or the day-first `11/09/2017` that the guidance asks submitters to type.
    public init?(text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let iso = trimmed.split(separator: "-", omittingEmptySubsequences: false)
        if iso.count == 3, iso[0].count == 4, let y = Int(iso[0]), let m = Int(iso[1]), let d = Int(iso[2]) {
            self.init(year: y, month: m, day: d)
            return
        }
        let dayFirst = trimmed.split(separator: "/", omittingEmptySubsequences: false)
        if dayFirst.count == 3, dayFirst[2].count == 4, let d = Int(dayFirst[0]), let m = Int(dayFirst[1]), let y = Int(dayFirst[2]) {
            self.init(year: y, month: m, day: d)
            return
        }
        return nil
    }

    public var description: String {
        String(format: "%04d-%02d-%02d", year, month, day)
    }

    /// The 1900-system serial number Excel stores for this day.
    public var serial: Double {
        SpreadsheetDate(isoText: description, system: .dates1900)?.serial ?? 0
    }

    public static func < (lhs: CalendarDate, rhs: CalendarDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let date = CalendarDate(text: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "\(text) is not a date YYYY-MM-DD"))
        }
        self = date
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}
