import Foundation
import Testing

@testable import PatchBayCore

@Suite struct HTTPDateTests {
    /// 1994-11-06T08:49:37Z, the example of RFC 9110 §5.6.7.
    let example = Date(timeIntervalSince1970: 784_111_777)
    let now = Date(timeIntervalSince1970: 1_700_000_000)  // 2023-11-14

    @Test func readsAllThreeForms() {
        #expect(HTTPDate.parse("Sun, 06 Nov 1994 08:49:37 GMT", now: now) == example)
        #expect(HTTPDate.parse("Sunday, 06-Nov-94 08:49:37 GMT", now: now) == example)
        #expect(HTTPDate.parse("Sun Nov  6 08:49:37 1994", now: now) == example)
    }

    @Test func handlesLeapDaysAndTheNextCentury() {
        // 2024-02-29T00:00:00Z and 2100-03-01T12:00:00Z, computed with Python's calendar.timegm.
        #expect(HTTPDate.parse("Thu, 29 Feb 2024 00:00:00 GMT", now: now) == Date(timeIntervalSince1970: 1_709_164_800))
        #expect(HTTPDate.parse("Mon, 01 Mar 2100 12:00:00 GMT", now: now) == Date(timeIntervalSince1970: 4_107_585_600))
    }

    @Test func twoDigitYearsFollowTheFiftyYearRule() {
        // Seen from 2023, "73" is 2073 (50 years ahead) but "74" is 1974.
        #expect(HTTPDate.parse("Sunday, 01-Jan-73 00:00:00 GMT", now: now) == Date(timeIntervalSince1970: 3_250_454_400))
        #expect(HTTPDate.parse("Tuesday, 01-Jan-74 00:00:00 GMT", now: now) == Date(timeIntervalSince1970: 126_230_400))
    }

    @Test(arguments: [
        "", "Sun, 06 Nov 1994 08:49:37 UTC", "Sun, 6 Nov 1994 08:49:37 GMT", "Sun, 06 Nov 94 08:49:37 GMT",
        "Sun, 31 Nov 1994 08:49:37 GMT", "Sun, 29 Feb 2023 08:49:37 GMT", "Sun, 06 Foo 1994 08:49:37 GMT",
        "Sun, 06 Nov 1994 24:00:00 GMT", "Sun, 06 Nov 1994 8:49:37 GMT", "Sun, 06 Nov 1994 08:49 GMT",
        "Sunday, 06-Nov-1994 08:49:37 GMT", "Sun Nov  6 08:49:37 94", "120", "Sun, +6 Nov 1994 08:49:37 GMT",
    ])
    func rejectsMalformedDates(_ text: String) {
        #expect(HTTPDate.parse(text, now: now) == nil)
    }
}
