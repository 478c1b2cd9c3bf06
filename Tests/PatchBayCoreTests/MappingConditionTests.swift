import Testing

@testable import PatchBayCore

@Suite struct MappingConditionTests {
    /// Whether a rule with `condition` fires for the event `body`.
    private func fires(_ condition: String, _ body: String, headers: [(name: String, value: String)] = []) throws -> Bool {
        // A fixed key: an event without one fails, and a failed event has no update.
        let mapping = try MappingFixture.load(
            #"{"source": "test", "verify": {"scheme": "none"}, "key": {"const": "k"}, "rules": [{"name": "r", "when": \#(condition), "externalId": {"const": "c"}, "set": {"email": {"const": "e@x.y"}}}]}"#
        )
        return try !mapping.evaluate(MappingFixture.delivery(body, headers: headers)).flatMap(\.updates).isEmpty
    }

    @Test func equalsComparesJSONValuesExactly() throws {
        #expect(try fires(#"{"path": "$.type", "equals": "customer.created"}"#, #"{"type": "customer.created"}"#))
        #expect(try !fires(#"{"path": "$.type", "equals": "customer.created"}"#, #"{"type": "Customer.Created"}"#))
        #expect(try fires(#"{"path": "$.type", "equals": "customer.created", "ignoreCase": true}"#, #"{"type": "Customer.Created"}"#))
        #expect(try fires(#"{"path": "$.n", "equals": 1}"#, #"{"n": 1.0}"#))
        #expect(try !fires(#"{"path": "$.n", "equals": 1}"#, #"{"n": "1"}"#))
        #expect(try fires(#"{"path": "$.flag", "equals": true}"#, #"{"flag": true}"#))
        #expect(try !fires(#"{"path": "$.missing", "equals": null}"#, #"{}"#))
    }

    @Test func oneOfMatchesAnyCandidate() throws {
        let condition = #"{"path": "$.event", "oneOf": ["unsubscribe", "spamreport"]}"#
        #expect(try fires(condition, #"{"event": "spamreport"}"#))
        #expect(try !fires(condition, #"{"event": "open"}"#))
        #expect(try !fires(condition, #"{}"#))
    }

    @Test func existsTestsPresence() throws {
        #expect(try fires(#"{"path": "$.a", "exists": true}"#, #"{"a": 0}"#))
        #expect(try !fires(#"{"path": "$.a", "exists": true}"#, #"{"a": null}"#))
        #expect(try fires(#"{"path": "$.a", "exists": false}"#, #"{"b": 1}"#))
        #expect(try !fires(#"{"path": "$.a", "exists": false}"#, #"{"a": "x"}"#))
    }

    @Test func prefixAndRegexTestText() throws {
        #expect(try fires(#"{"header": "X-Topic", "prefix": "customers/"}"#, "{}", headers: [("x-topic", "customers/update")]))
        #expect(try !fires(#"{"header": "X-Topic", "prefix": "customers/"}"#, "{}", headers: [("x-topic", "orders/create")]))
        #expect(try !fires(#"{"header": "X-Topic", "prefix": "customers/"}"#, "{}"))
        #expect(try fires(#"{"path": "$.t", "prefix": "CUS", "ignoreCase": true}"#, #"{"t": "customer"}"#))
        #expect(try fires(#"{"path": "$.body", "regex": "^\\s*stop\\s*$", "ignoreCase": true}"#, #"{"body": " Stop "}"#))
        #expect(try !fires(#"{"path": "$.body", "regex": "^stop$"}"#, #"{"body": "please stop"}"#))
        #expect(try fires(#"{"path": "$.body", "regex": "stop"}"#, #"{"body": "please stop"}"#))
        #expect(try fires(#"{"path": "$.id", "regex": "^7\\d+$"}"#, #"{"id": 706405506930370084}"#))
    }

    @Test func numericComparisonsReadNumbersAndNumericText() throws {
        #expect(try fires(#"{"path": "$.n", "gt": 5}"#, #"{"n": 6}"#))
        #expect(try !fires(#"{"path": "$.n", "gt": 5}"#, #"{"n": 5}"#))
        #expect(try fires(#"{"path": "$.n", "ge": 5, "lt": 10}"#, #"{"n": "5"}"#))
        #expect(try !fires(#"{"path": "$.n", "ge": 5, "lt": 10}"#, #"{"n": 10}"#))
        #expect(try fires(#"{"path": "$.n", "le": 18446744073709551616}"#, #"{"n": 18446744073709551615}"#))
        #expect(try !fires(#"{"path": "$.n", "lt": 1}"#, #"{"n": "soon"}"#))
    }

    @Test func combinatorsNest() throws {
        let condition =
            #"{"all": [{"path": "$.type", "equals": "contact.propertyChange"}, {"any": [{"path": "$.name", "equals": "email"}, {"not": {"path": "$.value", "exists": true}}]}]}"#
        #expect(try fires(condition, #"{"type": "contact.propertyChange", "name": "email", "value": "x"}"#))
        #expect(try fires(condition, #"{"type": "contact.propertyChange", "name": "phone"}"#))
        #expect(try !fires(condition, #"{"type": "contact.propertyChange", "name": "phone", "value": "1"}"#))
        #expect(try !fires(condition, #"{"type": "contact.creation", "name": "email"}"#))
    }

    @Test func valueSubjectsApplyTransformsFirst() throws {
        let condition = #"{"value": {"path": "$.Body", "transform": ["trim", "uppercase"]}, "oneOf": ["STOP", "QUIT"]}"#
        #expect(try fires(condition, #"{"Body": "  quit\n"}"#))
        #expect(try !fires(condition, #"{"Body": "quit now"}"#))
    }

    @Test func filterQueriesPickFromArrays() throws {
        let condition = #"{"path": "$.answers[?@.ref=='consent'].boolean", "equals": true}"#
        #expect(try fires(condition, #"{"answers": [{"ref": "email", "email": "a@b.c"}, {"ref": "consent", "boolean": true}]}"#))
        #expect(try !fires(condition, #"{"answers": [{"ref": "consent", "boolean": false}]}"#))
    }
}
