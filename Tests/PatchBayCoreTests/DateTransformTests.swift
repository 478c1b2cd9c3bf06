import Testing

@testable import PatchBayCore

@Suite struct DateTransformTests {
    @Test(arguments: [
        (DateFormat.unixSeconds, JSONValue.number(JSONNumber(1_699_335_116)), "2023-11-07T05:31:56Z"),
        (.unixSeconds, "1700000000", "2023-11-14T22:13:20Z"),
        (.unixSeconds, .number(JSONNumber(text: "1700000000.25")!), "2023-11-14T22:13:20.25Z"),
        (.unixSeconds, .number(JSONNumber(0)), "1970-01-01T00:00:00Z"),
        (.unixSeconds, .number(JSONNumber(-1)), "1969-12-31T23:59:59Z"),
        (.unixSeconds, .number(JSONNumber(951_782_400)), "2000-02-29T00:00:00Z"),
        (.unixMillis, .number(JSONNumber(1_700_000_000_123)), "2023-11-14T22:13:20.123Z"),
        (.unixMillis, .number(JSONNumber(1_700_000_000_000)), "2023-11-14T22:13:20Z"),
        (.unixMillis, .number(JSONNumber(-1)), "1969-12-31T23:59:59.999Z"),
        (.iso8601, "2023-11-07T05:31:56Z", "2023-11-07T05:31:56Z"),
        (.iso8601, "2023-11-07T07:31:56.120+02:00", "2023-11-07T05:31:56.12Z"),
        (.iso8601, "2023-11-07T00:31:56-0500", "2023-11-07T05:31:56Z"),
        (.iso8601, "2021-06-01T12:00:00.123456789Z", "2021-06-01T12:00:00.123456789Z"),
        (.iso8601, "2023-11-07 05:31", "2023-11-07T05:31:00Z"),
        (.iso8601, "2024-02-29", "2024-02-29T00:00:00Z"),
        (.iso8601, "2019-12-31T23:30:00-01:00", "2020-01-01T00:30:00Z"),
        (.sqlDateTime, "2009-03-26 21:35:57", "2009-03-26T21:35:57Z"),
    ])
    func convertsToRFC3339(format: DateFormat, input: JSONValue, expected: String) throws {
        #expect(try Transform.date(format).apply(input) == .string(expected))
    }

    @Test(arguments: [
        (DateFormat.unixSeconds, JSONValue.string("soon")),
        (.unixSeconds, .string("1.")),
        (.unixSeconds, .bool(true)),
        (.unixSeconds, .number(JSONNumber(text: "1e9")!)),
        (.unixSeconds, .number(JSONNumber(text: "999999999999999999")!)),
        (.iso8601, .string("2023-02-29")),
        (.iso8601, .string("2023-13-01T00:00:00Z")),
        (.iso8601, .string("2023-11-07T24:00:00Z")),
        (.iso8601, .string("2023-11-07T05:31:56Zjunk")),
        (.iso8601, .number(JSONNumber(1_700_000_000))),
        (.sqlDateTime, .string("2009-03-26T21:35:57")),
        (.sqlDateTime, .string("2009-03-26 21:35")),
    ])
    func rejectsWhatIsNotADate(format: DateFormat, input: JSONValue) {
        #expect(throws: TransformFailure.self) { try Transform.date(format).apply(input) }
    }

    @Test func civilDatesRoundTripAcrossCenturies() {
        for days in stride(from: -800_000, through: 800_000, by: 997) {
            let date = CivilDate.date(days: days)
            #expect(CivilDate.days(year: date.year, month: date.month, day: date.day) == days)
        }
        #expect(CivilDate.days(year: 1970, month: 1, day: 1) == 0)
        #expect(CivilDate.days(year: 2000, month: 3, day: 1) == 11_017)
    }

    @Test func strictRFC3339RequiresSecondsAndZone() {
        #expect(ISO8601Reader.read("2023-11-07T05:31:56Z", strict: true) != nil)
        #expect(ISO8601Reader.read("2023-11-07T05:31:56+01:00", strict: true) != nil)
        #expect(ISO8601Reader.read("2023-11-07T05:31:56", strict: true) == nil)
        #expect(ISO8601Reader.read("2023-11-07", strict: true) == nil)
        #expect(ISO8601Reader.read("2023-11-07T05:31Z", strict: true) == nil)
    }

    @Test func timestampsOrderByInstant() throws {
        let early = try DateFormat.iso8601.timestamp(from: "2023-11-07T06:00:00+02:00")
        let late = try DateFormat.unixSeconds.timestamp(from: .number(JSONNumber(1_699_336_800)))
        #expect(early < late)
    }
}
