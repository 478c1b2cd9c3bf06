import Foundation

/// Parses HTTP dates (RFC 9110 §5.6.7): the preferred IMF-fixdate
/// (`Sun, 06 Nov 1994 08:49:37 GMT`) and the obsolete RFC 850 (`Sunday, 06-Nov-94 08:49:37 GMT`)
/// and asctime (`Sun Nov  6 08:49:37 1994`) forms. The weekday is not checked against the date.
public enum HTTPDate {
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// The instant `text` names, or nil when it is not an HTTP date. `now` settles the century
    /// of an RFC 850 two-digit year: a year more than 50 years ahead of `now` is taken as past.
    public static func parse(_ text: String, now: Date) -> Date? {
        let parts = text.split(separator: " ")
        switch parts.count {
        case 6 where parts[0].hasSuffix(",") && parts[5] == "GMT":
            return make(day: parts[1], digits: 2...2, month: parts[2], year: fourDigitYear(parts[3]), time: parts[4])
        case 4 where parts[0].hasSuffix(",") && parts[3] == "GMT":
            let date = parts[1].split(separator: "-", omittingEmptySubsequences: false)
            guard date.count == 3, date[2].count == 2, let year = Int(date[2]) else { return nil }
            return make(day: date[0], digits: 2...2, month: date[1], year: fullYear(twoDigit: year, now: now), time: parts[2])
        case 5 where !parts[0].hasSuffix(","):
            return make(day: parts[2], digits: 1...2, month: parts[1], year: fourDigitYear(parts[4]), time: parts[3])
        default:
            return nil
        }
    }

    private static func make(
        day dayText: Substring, digits: ClosedRange<Int>, month monthText: Substring, year: Int?, time: Substring
    ) -> Date? {
        guard let year, digits.contains(dayText.count), let day = number(dayText),
            let month = months.firstIndex(of: String(monthText)).map({ $0 + 1 }),
            (1...daysIn(month: month, year: year)).contains(day)
        else { return nil }
        let clock = time.split(separator: ":", omittingEmptySubsequences: false)
        guard clock.count == 3, clock.allSatisfy({ $0.count == 2 }),
            let hour = number(clock[0]), let minute = number(clock[1]), let second = number(clock[2]),
            hour < 24, minute < 60, second <= 60
        else { return nil }
        let days = daysSinceEpoch(year: year, month: month, day: day)
        return Date(timeIntervalSince1970: Double(((days * 24 + hour) * 60 + minute) * 60 + second))
    }

    private static func number(_ text: Substring) -> Int? {
        guard text.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) else { return nil }
        return Int(text)
    }

    private static func fourDigitYear(_ text: Substring) -> Int? {
        text.count == 4 ? number(text) : nil
    }

    private static func fullYear(twoDigit: Int, now: Date) -> Int {
        let currentYear = civilYear(daysSinceEpoch: Int((now.timeIntervalSince1970 / 86400).rounded(.down)))
        var year = currentYear - currentYear % 100 + twoDigit
        if year > currentYear + 50 { year -= 100 }
        return year
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
    private static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146097 + dayOfEra - 719468
    }

    /// The Gregorian year containing a day counted from 1970-01-01 (Hinnant's `civil_from_days`).
    private static func civilYear(daysSinceEpoch days: Int) -> Int {
        let z = days + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let dayOfEra = z - era * 146097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        return yearOfEra + era * 400 + (monthIndex >= 10 ? 1 : 0)
    }
}
