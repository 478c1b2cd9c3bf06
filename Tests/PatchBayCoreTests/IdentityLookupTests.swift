import Foundation
import Testing

@testable import PatchBayCore

/// Rules whose customer is found by looking an email or phone up: how they
/// are written, what they map to, and how a lookup resolves.
@Suite struct IdentityLookupTests {
    static func email(_ text: String) -> IdentityAddress { try! IdentityAddress(.email, text) }
    static func phone(_ text: String) -> IdentityAddress { try! IdentityAddress(.phone, text) }

    private func events(_ rules: String, extra: String = "", _ body: String) throws -> [MappedEvent] {
        try MappingFixture.load(MappingFixture.text(rules: rules, extra: extra)).evaluate(MappingFixture.delivery(body))
    }

    @Test func alternativesAreLookedUpInOrderAndAPathAfterThemIsTheFallback() throws {
        let rules = """
            [{"name": "unsub", "externalId": {"first": [{"lookup": "email", "path": "$.email"}, {"lookup": "phone", "path": "$.phone"}, "$.ref"]},
              "set": {"emailOptOut": true}}]
            """
        let event = try #require(try events(rules, #"{"id": "1", "email": " Ann@Example.COM ", "phone": "+1 (555) 000-1234", "ref": "cus_9"}"#).first)
        #expect(event.updates.isEmpty)
        #expect(
            event.lookups.map(\.lookup) == [
                IdentityLookup(
                    addresses: [Self.email("ann@example.com"), Self.phone("+15550001234")], fallback: "cus_9", whenUnresolved: .wait,
                    whenSeveral: .all)
            ])
        // Missing alternatives are skipped; with none left, the event has an error.
        let onlyPhone = try events(rules, #"{"id": "1", "phone": "+15550001234"}"#)[0]
        #expect(onlyPhone.lookups.map(\.lookup.addresses) == [[Self.phone("+15550001234")]])
        #expect(try events(rules, #"{"id": "1"}"#)[0].errors.map(\.description).first?.contains("externalId missing") == true)
    }

    @Test func aPathBeforeTheLookupsWinsWhenPresent() throws {
        let rules =
            #"[{"name": "r", "externalId": {"first": ["$.customer_id", {"lookup": "email", "path": "$.email"}]}, "set": {"emailOptOut": true}}]"#
        let direct = try events(rules, #"{"id": "1", "customer_id": "cus_1", "email": "a@b.c"}"#)[0]
        #expect(direct.updates.map(\.externalId) == ["cus_1"])
        #expect(direct.lookups.isEmpty)
        #expect(try events(rules, #"{"id": "1", "email": "a@b.c"}"#)[0].lookups.count == 1)
    }

    @Test func anAddressThatIsNoneStopsTheEventNamingTheRule() throws {
        let rules = #"[{"name": "sms", "externalId": {"lookup": "phone", "path": "$.from"}, "set": {"smsOptOut": true}}]"#
        let event = try events(rules, #"{"id": "1", "from": "5550001234"}"#)[0]
        #expect(event.lookups.isEmpty)
        #expect(
            event.errors.map(\.description) == [
                #"rule "sms": phone to look up at "$.from": "5550001234" has no country code and no default country is set"#
            ])
        let email = try events(
            #"[{"name": "e", "externalId": {"lookup": "email", "path": "$.e"}, "set": {"emailOptOut": true}}]"#, #"{"id": "1", "e": "no-at-sign"}"#)[
                0]
        #expect(email.errors.map(\.description) == [#"rule "e": email to look up at "$.e": "no-at-sign" is not an email address"#])
    }

    @Test func policiesComeFromTheRuleThenTheMappingAndSeveralDefaultsByTheFieldsSet() throws {
        let rules = """
            [{"name": "consent", "externalId": {"lookup": "email", "path": "$.e"}, "set": {"emailOptOut": true, "email": "$.e"}},
             {"name": "profile", "externalId": {"lookup": "email", "path": "$.e"}, "set": {"firstName": "$.n"}},
             {"name": "own", "externalId": {"lookup": "email", "path": "$.e"}, "whenUnresolved": "ignore", "whenSeveral": "all", "set": {"firstName": "$.n"}}]
            """
        let lookups = try events(rules, #"{"id": "1", "e": "a@b.c", "n": "Ann"}"#)[0].lookups.map(\.lookup)
        #expect(lookups.map(\.whenSeveral) == [.all, .wait, .all])
        #expect(lookups.map(\.whenUnresolved) == [.wait, .wait, .ignore])
        let mappingWide = try events(rules, extra: #""whenUnresolved": "useValue""#, #"{"id": "1", "e": "a@b.c", "n": "Ann"}"#)[0]
        #expect(mappingWide.lookups.map(\.lookup.whenUnresolved) == [.useValue, .useValue, .ignore])
    }

    @Test func malformedLookupsAndMisplacedPoliciesAreReportedWithTheirLocation() {
        let problems = MappingFixture.problems(
            MappingFixture.text(
                rules: """
                    [{"name": "a", "externalId": {"lookup": "fax", "path": "$.f"}, "set": {"emailOptOut": true}},
                     {"name": "b", "externalId": "$.id", "whenUnresolved": "wait", "set": {"emailOptOut": true}},
                     {"name": "c", "externalId": {"lookup": "email", "path": "$.e"}, "whenSeveral": "some", "set": {"emailOptOut": true}}]
                    """, extra: #""whenUnresolved": "later""#))
        #expect(
            problems.map { "\($0.location) \($0.message)" } == [
                #"$['whenUnresolved'] unknown whenUnresolved choice "later""#,
                #"$['rules'][0]['externalId']['lookup'] unknown identity kind "fax""#,
                #"$['rules'][1]['whenUnresolved'] the rule's externalId looks nothing up"#,
                #"$['rules'][2]['whenSeveral'] unknown whenSeveral choice "some""#,
            ])
    }

    @Test func aLookupResolvesToTheFirstAddressNamingACustomerOrAsItsPoliciesSay() {
        let ann = Self.email("ann@example.com")
        let home = Self.phone("+15550001111")
        let index: [IdentityAddress: [String]] = [home: ["cus_b", "cus_a"]]
        func resolve(_ lookup: IdentityLookup) -> LookupResolution { lookup.resolve { index[$0] ?? [] } }
        #expect(resolve(IdentityLookup(addresses: [ann, home])) == .customers(["cus_a", "cus_b"]))
        #expect(resolve(IdentityLookup(addresses: [ann, home], whenSeveral: .wait)) == .waitForOne(home))
        #expect(resolve(IdentityLookup(addresses: [ann])) == .waitForAny)
        #expect(resolve(IdentityLookup(addresses: [ann], fallback: "cus_x")) == .customers(["cus_x"]))
        #expect(resolve(IdentityLookup(addresses: [ann], whenUnresolved: .ignore)) == .ignored)
        #expect(resolve(IdentityLookup(addresses: [ann], whenUnresolved: .useValue)) == .customers(["ann@example.com"]))
    }

    @Test func addressesAreNormalizedOrRefused() {
        #expect(Self.email(" Ann.O'Neil+news@Example.COM\t").value == "ann.o'neil+news@example.com")
        #expect(Self.email("Ünal@Bücher.de").value == "ünal@bücher.de")
        for text in [
            "a b@example.com", "a\u{1}b@example.com", "a\u{7F}@example.com", "a\u{85}b@example.com", "a\u{2003}b@example.com", "a@@b", "@b", "a@",
        ] {
            #expect(throws: TransformFailure.self, "\(text.debugDescription)") { try IdentityAddress(.email, text) }
        }
        #expect(Self.phone("+44 (0)20 7946 0958").value.hasPrefix("+44"))
    }

    @Test func aSourceThatLearnsIdentitiesTeachesTheAddressesItsUpdatesSet() throws {
        let rules = #"[{"name": "c", "externalId": "$.id", "set": {"email": "$.email", "phone": "$.phone", "firstName": "$.n"}}]"#
        let learned = try events(
            rules, extra: #""learnIdentities": true"#, #"{"id": "cus_1", "email": "Ann@Example.com", "phone": "+1 555 000 2222", "n": "Ann"}"#)[0]
        #expect(
            learned.identities == [
                LearnedIdentity(tenant: nil, externalId: "cus_1", address: Self.email("ann@example.com")),
                LearnedIdentity(tenant: nil, externalId: "cus_1", address: Self.phone("+15550002222")),
            ])
        #expect(try events(rules, #"{"id": "cus_1", "email": "a@b.c"}"#)[0].identities.isEmpty)
        // An address that is none is not learned; the update is still sent.
        let odd = try events(rules, extra: #""learnIdentities": true"#, #"{"id": "cus_1", "email": "not an email"}"#)[0]
        #expect(odd.identities.isEmpty)
        #expect(odd.updates.count == 1)
    }

    @Test func embeddedTestsResolveWithTheIdentitiesTheyDeclareAndShowWaitingUpdates() throws {
        let mapping = try MappingFixture.load(
            MappingFixture.text(
                rules: #"[{"name": "unsub", "externalId": {"lookup": "email", "path": "$.e"}, "set": {"emailOptOut": true}}]"#,
                extra:
                    #""tests": [{"name": "known", "identities": [{"externalId": "cus_1", "email": "a@b.c"}], "body": {"id": "1", "e": "A@B.C"}, "expect": [{"externalId": "cus_1", "data": {"emailOptOut": true}}]}, {"name": "unknown", "body": {"id": "2", "e": "z@b.c"}, "expect": [{"waiting": true, "data": {"emailOptOut": true}}]}, {"name": "wrong", "body": {"id": "3", "e": "z@b.c"}, "expect": [{"externalId": "z@b.c", "data": {"emailOptOut": true}}]}]"#
            ))
        let results = mapping.runTests()
        #expect(results.map(\.passed) == [true, true, false])
        #expect(results[2].failure?.contains(#"+ {"waiting":true,"data":{"emailOptOut":true}}"#) == true)
        // A fixture given to the run resolves for every test.
        let fixture = [try IdentityRecord(tenant: nil, externalId: "z@b.c", email: "z@b.c", phone: nil)]
        #expect(mapping.runTests(assuming: fixture).map(\.passed) == [true, false, true])
    }

    @Test func theShippedSwitchKeysCustomersByTheAddressAsBefore() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("mappings/sendgrid.json")
        var text = try String(contentsOf: url, encoding: .utf8)
        text = text.replacingOccurrences(of: #""source": "sendgrid","#, with: #""source": "sendgrid", "whenUnresolved": "useValue","#)
        let mapping = try MappingFixture.load(text)
        let event = try mapping.evaluate(MappingFixture.delivery(#"[{"email": "Ex@Test.com", "event": "unsubscribe", "sg_event_id": "s1"}]"#))[0]
        #expect(IdentityDirectory().resolve(event).updates.map(\.externalId) == ["ex@test.com"])
    }
}

/// Identity records from CSV and NDJSON lines, each refusal with its reason.
@Suite struct IdentityLineReaderTests {
    /// Each line's record (`nil` for a header or blank line), or why it is refused.
    private func read(_ lines: [String]) -> [Result<IdentityRecord?, Refusal>] {
        var reader = IdentityLineReader()
        return lines.map { line in
            Result { try reader.read(Array(line.utf8)) }.mapError { Refusal(reason: "\($0)") }
        }
    }

    private struct Refusal: Error, Equatable {
        let reason: String
    }

    @Test func csvWithAHeaderInAnyOrderAndQuotedFields() throws {
        let results = read([
            "\u{FEFF}tenant,phone,externalId,email",
            #"t1,"+1 (555) 000-3333","cus,""1""", Bo@Example.com "#,
            "",
            ",,cus_2,c@example.com\r",
        ])
        #expect(try results[0].get() == nil)
        #expect(try results[1].get() == IdentityRecord(tenant: "t1", externalId: #"cus,"1""#, email: "bo@example.com", phone: "+15550003333"))
        #expect(try results[2].get() == nil)
        #expect(try results[3].get() == IdentityRecord(tenant: nil, externalId: "cus_2", email: "c@example.com", phone: nil))
    }

    @Test func everyRefusalSaysWhy() {
        let results = read([
            "externalId,email,phone",
            ",a@example.com,",
            "cus_1,,",
            "cus_1,no-at,",
            "cus_1,,12",
            "cus_1,a@example.com",
            #"cus_1,"a@example.com,"#,
            "..,a@example.com,",
        ])
        let reasons = results.dropFirst().map { result -> String in
            if case .failure(let refusal) = result { return refusal.reason }
            return "accepted"
        }
        #expect(
            reasons == [
                "externalId is missing",
                "neither an email nor a phone is given",
                #"email: "no-at" is not an email address"#,
                reasons[3].hasPrefix("phone: ") ? reasons[3] : "a phone refusal",
                "2 field(s) where the header names 3",
                "a quoted field is not closed on its line",
                #"externalId is "..", which URL normalisers resolve as a path step"#,
            ])
    }

    @Test func ndjsonIsRecognisedByItsFirstLine() {
        let results = read([
            #"{"externalId": "cus_1", "email": "A@example.com", "tenant": null}"#,
            #"{"externalId": "cus_2", "phone": "+447700900123"}"#,
            "not json",
            #"{"externalId": "cus_3", "Email": "x@example.com"}"#,
            #"{"externalId": 4, "email": "x@example.com"}"#,
        ])
        #expect(
            (try? results[0].get()) == IdentityRecord?.some(try! IdentityRecord(tenant: nil, externalId: "cus_1", email: "a@example.com", phone: nil))
        )
        #expect((try? results[1].get())??.addresses == [try! IdentityAddress(.phone, "+447700900123")])
        let failures = results.dropFirst(2).map { result -> String in
            if case .failure(let refusal) = result { return refusal.reason }
            return "accepted"
        }
        #expect(
            failures == [
                "not a JSON object",
                #"unknown member "Email", expected externalId, email, phone, tenant"#,
                "externalId is a number, expected a string",
            ])
    }

    @Test func aHeaderWithoutTheNeededColumnsMakesTheInputUnreadable() {
        for header in ["email,phone", "externalId,tenant", "externalId,email,fax", "externalId,email,email"] {
            var reader = IdentityLineReader()
            #expect(throws: IdentityFileError.self) { try reader.read(Array(header.utf8)) }
        }
    }
}
