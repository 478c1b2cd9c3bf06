import Testing

@testable import PatchBayCore

@Suite struct TransformTests {
    @Test(arguments: [
        ("(415) 555-0123", "US", "+14155550123"),
        ("1-415-555-0123", "US", "+14155550123"),
        ("+1 415.555.0123", "US", "+14155550123"),
        ("011 44 20 7946 0958", "US", "+442079460958"),
        ("020 7946 0958", "GB", "+442079460958"),
        ("0044 20 7946 0958", "GB", "+442079460958"),
        ("030 123456", "DE", "+4930123456"),
        ("06 12 34 56 78", "FR", "+33612345678"),
        ("06 1234 5678", "IT", "+390612345678"),
        ("8 (912) 345-67-89", "RU", "+79123456789"),
        ("0412 345 678", "AU", "+61412345678"),
        ("090-1234-5678", "JP", "+819012345678"),
        ("+33 6 12 34 56 78", "US", "+33612345678"),
    ])
    func normalizesPhonesToE164(input: String, country: String, expected: String) throws {
        #expect(try Transform.e164(defaultCountry: CallingCountry.named(country)).apply(.string(input)) == .string(expected))
    }

    @Test func phoneWithoutCountryNeedsAnInternationalForm() throws {
        let transform = Transform.e164(defaultCountry: nil)
        #expect(try transform.apply("+1 415 555 0123") == "+14155550123")
        #expect(try transform.apply("0049 30 123456") == "+4930123456")
        #expect(throws: TransformFailure.self) { try transform.apply("415 555 0123") }
    }

    @Test(arguments: ["555-0123", "call me", "+1 415 555 0123 x12", "++1415", "+0 123 4567", "14155550123456789"])
    func rejectsWhatIsNotAPhoneNumber(input: String) {
        #expect(throws: TransformFailure.self) { try Transform.e164(defaultCountry: CallingCountry.named("US")).apply(.string(input)) }
    }

    @Test(
        arguments: [
            ("Jenny Rosen", "Jenny", "Rosen"),
            ("  Mary Ann  van Dyke ", "Mary", "Ann van Dyke"),
            ("Rosen, Jenny", "Jenny", "Rosen"),
            ("Cher", "Cher", nil),
            ("José Ñúñez", "José", "Ñúñez"),
        ] as [(String, String, String?)])
    func splitsFullNames(full: String, first: String, last: String?) throws {
        #expect(try Transform.firstName.apply(.string(full)) == .string(first))
        #expect(try Transform.lastName.apply(.string(full)) == last.map(JSONValue.string))
    }

    @Test func casesAndTrims() throws {
        #expect(try Transform.trim.apply("  Jo@Example.COM \n") == "Jo@Example.COM")
        #expect(try Transform.lowercase.apply("Jo@Example.COM") == "jo@example.com")
        #expect(try Transform.uppercase.apply("stop") == "STOP")
        #expect(try Transform.trim.apply(.number(JSONNumber(42))) == "42")
        #expect(throws: TransformFailure.self) { try Transform.trim.apply(["a"]) }
    }

    @Test func coercesBooleans() throws {
        for yes: JSONValue in [true, "TRUE", " yes ", "Y", "1", "on", 1] { #expect(try Transform.boolean.apply(yes) == true) }
        for no: JSONValue in [false, "false", "No", "n", "0", "OFF", 0] { #expect(try Transform.boolean.apply(no) == false) }
        #expect(throws: TransformFailure.self) { try Transform.boolean.apply("maybe") }
        #expect(throws: TransformFailure.self) { try Transform.boolean.apply(2) }
    }

    @Test func looksUpValuesAndLeavesUnknownOnesMissing() throws {
        let lookup = Transform.lookup(["subscribed": false, "unsubscribed": true, "1": "one"])
        #expect(try lookup.apply("unsubscribed") == true)
        #expect(try lookup.apply("pending") == nil)
        #expect(try lookup.apply(1) == "one")
    }

    @Test func missingPassesThroughUntilADefault() throws {
        #expect(try Transform.trim.apply(nil) == nil)
        #expect(try Transform.e164(defaultCountry: nil).apply(nil) == nil)
        #expect(try Transform.defaultValue("unknown").apply(nil) == "unknown")
        #expect(try Transform.defaultValue("unknown").apply("known") == "known")
    }
}
