import Testing

@testable import PatchBayCore

/// A mapping's `jsonText`: top-level members whose text is read as JSON.
@Suite struct JSONTextMembersTests {
    private static let rules = #"[{"name": "r", "externalId": "$.id", "set": {"email": "$.raw.e", "firstName": "$.raw.name.first"}}]"#

    private static func mapping(_ extra: String = #""jsonText": ["raw"]"#) throws -> Mapping {
        try MappingFixture.load(MappingFixture.text(rules: rules, extra: extra))
    }

    private static func located(_ extra: String) -> [String] {
        MappingFixture.problems(MappingFixture.text(rules: rules, extra: extra)).map { "\($0.location) \($0.message)" }
    }

    @Test func aNamedMemberIsReadAsTheJSONItHolds() throws {
        let events = try Self.mapping().evaluate(
            MappingFixture.delivery(#"{"id": "1", "raw": "{\"e\": \"a@example.com\", \"name\": {\"first\": \"Jo\"}}"}"#))
        #expect(events.count == 1)
        #expect(events[0].errors.isEmpty)
        #expect(events[0].updates.map(\.data) == [JSONObject([(key: "email", value: "a@example.com"), (key: "firstName", value: "Jo")])])
    }

    @Test func anAbsentMemberStaysAbsent() throws {
        let events = try Self.mapping().evaluate(MappingFixture.delivery(#"{"id": "1"}"#))
        #expect(events[0].updates.isEmpty)
        #expect(events[0].errors.isEmpty)
    }

    @Test func textThatIsNotJSONOrAValueThatIsNotTextIsAMalformedBody() throws {
        let mapping = try Self.mapping()
        #expect(
            throws: DeliveryError.malformedBody(
                message: #"member "raw" is not JSON text: unexpected character 'e', expected a value at line 1, column 1 of its value"#, offset: 0)
        ) {
            try mapping.evaluate(MappingFixture.delivery(#"{"id": "1", "raw": "e=a@example.com"}"#))
        }
        #expect(throws: DeliveryError.malformedBody(message: #"member "raw" is an object, expected JSON text (a string)"#, offset: 0)) {
            try mapping.evaluate(MappingFixture.delivery(#"{"id": "1", "raw": {"e": "a@example.com"}}"#))
        }
        // Without the option the member is plain text, and the path into it finds nothing.
        let plain = try Self.mapping(#""body": "json""#)
        #expect(try plain.evaluate(MappingFixture.delivery(#"{"id": "1", "raw": "{\"e\": \"a@example.com\"}"}"#))[0].updates.isEmpty)
    }

    @Test func theLoaderReportsEachProblemWhereItIs() {
        #expect(Self.located(#""jsonText": "raw""#) == ["$['jsonText'] is string"])
        #expect(Self.located(#""jsonText": []"#) == ["$['jsonText'] is empty"])
        #expect(
            Self.located(#""jsonText": ["raw", 1, "raw", ""]"#) == [
                "$['jsonText'][1] is number", #"$['jsonText'][2] names "raw" again"#, "$['jsonText'][3] is empty",
            ])
        #expect(
            Self.located(#""body": "json-batch", "jsonText": ["raw"]"#) == [
                "$['jsonText'] names members of the body's top-level object, but a json-batch body is an array"
            ])
        #expect(
            MappingFixture.problems(MappingFixture.text(rules: Self.rules, extra: #""jsonText": 1"#)).allSatisfy { $0.file == "mappings/test.json" })
    }

    @Test func snsStillReadsOnlyAMessageHoldingAnObjectOrArray() throws {
        let envelope = JSONObject([
            (key: "Type", value: "Notification"), (key: "Message", value: "plain text, not JSON"), (key: "Other", value: "{\"a\": 1}"),
        ])
        #expect(JSONTextMembers(names: ["Message"]).decodingContainers(envelope) == envelope)
        let ses = JSONObject([(key: "Message", value: "{\"notificationType\": \"Bounce\"}")])
        #expect(
            JSONTextMembers(names: ["Message"]).decodingContainers(ses)
                == JSONObject([(key: "Message", value: .object(JSONObject([(key: "notificationType", value: "Bounce")])))]))
        #expect(JSONTextMembers(names: ["Message"]).decodingContainers(JSONObject([(key: "Message", value: "42")]))["Message"] == "42")
    }
}
