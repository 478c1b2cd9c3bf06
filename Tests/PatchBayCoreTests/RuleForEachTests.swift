import Testing

@testable import PatchBayCore

/// A rule's `forEach`: one update per element, with `@` reading the element
/// and `$` the whole event (the envelope whose key the event keeps).
@Suite struct RuleForEachTests {
    /// A complaint-like message: an envelope (`MessageId`, `type`) around a
    /// list of recipients.
    private static let complaints = MappingFixture.text(
        rules: """
            [{"name": "complaint", "forEach": "$.recipients[*]",
              "when": {"all": [{"path": "$.type", "equals": "complaint"}, {"not": {"path": "@.status", "equals": "kept"}}]},
              "externalId": "@.id",
              "set": {"email": {"path": "@.email", "transform": ["lowercase"]},
                      "customerDetailUrl": {"template": "https://feedback.example/{$.MessageId}/{@.id}"}, "emailOptOut": true}}]
            """
    ).replacingOccurrences(of: #""key": "$.id""#, with: #""key": "$.MessageId""#)

    private static func message(_ id: String, recipients: [(id: String, email: String)], type: String = "complaint") -> String {
        let list = recipients.map { #"{"id": "\#($0.id)", "email": "\#($0.email)"}"# }.joined(separator: ", ")
        return #"{"MessageId": "\#(id)", "type": "\#(type)", "recipients": [\#(list)]}"#
    }

    private static func rows(_ events: [MappedEvent]) -> [String] {
        events.flatMap(\.updates).map { "\($0.externalId) \(JSONValue.object($0.data).serialized())" }
    }

    @Test(arguments: 1...3) func eachElementIsOneUpdateReadingTheEnvelopeToo(count: Int) throws {
        let mapping = try MappingFixture.load(Self.complaints)
        let recipients = [(id: "c1", email: "Ana@Example.com"), (id: "c2", email: "ben@example.com"), (id: "c3", email: "cleo@example.org")]
        let events = try mapping.evaluate(MappingFixture.delivery(Self.message("m-1", recipients: Array(recipients.prefix(count)))))
        #expect(events.count == 1)
        #expect(events[0].key == "m-1")
        #expect(events[0].errors.isEmpty)
        let expected = [
            #"c1 {"email":"ana@example.com","customerDetailUrl":"https://feedback.example/m-1/c1","emailOptOut":true}"#,
            #"c2 {"email":"ben@example.com","customerDetailUrl":"https://feedback.example/m-1/c2","emailOptOut":true}"#,
            #"c3 {"email":"cleo@example.org","customerDetailUrl":"https://feedback.example/m-1/c3","emailOptOut":true}"#,
        ]
        #expect(Self.rows(events) == Array(expected.prefix(count)))
        #expect(events[0].updates.allSatisfy { $0.rule == "complaint" })
    }

    @Test func aRedeliveryHasTheSameKeyAndUpdatesAndAnotherMessageAnotherKey() throws {
        let mapping = try MappingFixture.load(Self.complaints)
        let recipients = [(id: "c1", email: "a@example.com"), (id: "c2", email: "b@example.com")]
        let first = try mapping.evaluate(MappingFixture.delivery(Self.message("m-1", recipients: recipients)))
        let redelivered = try mapping.evaluate(MappingFixture.delivery(Self.message("m-1", recipients: recipients)))
        let other = try mapping.evaluate(MappingFixture.delivery(Self.message("m-2", recipients: recipients)))
        // One key for the whole message, so the log refuses the redelivery as
        // a duplicate and none of its updates is sent twice.
        #expect(first.map(\.key) == ["m-1"])
        #expect(redelivered.map(\.key) == first.map(\.key))
        #expect(Self.rows(redelivered) == Self.rows(first))
        #expect(Set(Self.rows(first)).count == 2)
        #expect(other.map(\.key) == ["m-2"])
    }

    @Test func theConditionIsCheckedForEachElement() throws {
        let mapping = try MappingFixture.load(Self.complaints)
        let body =
            #"{"MessageId": "m-1", "type": "complaint", "recipients": [{"id": "c1", "email": "a@x.io", "status": "kept"}, {"id": "c2", "email": "b@x.io"}]}"#
        #expect(Self.rows(try mapping.evaluate(MappingFixture.delivery(body))).map { $0.prefix(2) } == ["c2"])
        let bounce = try mapping.evaluate(MappingFixture.delivery(Self.message("m-3", recipients: [(id: "c1", email: "a@x.io")], type: "bounce")))
        #expect(bounce[0].isIgnored)
        #expect(bounce[0].key == "m-3")
    }

    @Test func aForEachSelectingNothingAppliesTheRuleToNothing() throws {
        let mapping = try MappingFixture.load(Self.complaints)
        for body in [#"{"MessageId": "m-1", "type": "complaint", "recipients": []}"#, #"{"MessageId": "m-1", "type": "complaint"}"#] {
            let events = try mapping.evaluate(MappingFixture.delivery(body))
            #expect(events.map(\.key) == ["m-1"])
            #expect(events[0].isIgnored)
            #expect(events[0].rulesWithoutFields.isEmpty)
        }
    }

    @Test func anErrorAtOneElementFailsTheWholeEvent() throws {
        let mapping = try MappingFixture.load(Self.complaints)
        let body = #"{"MessageId": "m-1", "type": "complaint", "recipients": [{"id": "c1", "email": "a@x.io"}, {"email": "b@x.io"}]}"#
        let event = try mapping.evaluate(MappingFixture.delivery(body))[0]
        #expect(event.updates.isEmpty)
        #expect(event.errors.map(\.description) == [#"rule "complaint": externalId missing at @.id"#])
    }

    @Test func elementsMayBeAnyValueAndFiltersInRelativePathsReadTheEventAsDollar() throws {
        let mapping = try MappingFixture.load(
            MappingFixture.text(
                rules: """
                    [{"name": "addresses", "forEach": "$.destination[*]", "externalId": "@", "set": {"email": "@"}},
                     {"name": "preferred", "forEach": "$.people[*]", "externalId": {"first": ["@.id", {"const": "unknown"}]},
                      "set": {"email": "@.emails[?@.kind == $.preferred].address"}}]
                    """))
        let body = """
            {"id": "e1", "destination": ["a@x.io", "b@x.io"], "preferred": "work",
             "people": [{"id": "p1", "emails": [{"kind": "home", "address": "h@x.io"}, {"kind": "work", "address": "w@x.io"}]},
                        {"emails": [{"kind": "home", "address": "n@x.io"}]}]}
            """
        let events = try mapping.evaluate(MappingFixture.delivery(body))
        #expect(Self.rows(events) == [#"a@x.io {"email":"a@x.io"}"#, #"b@x.io {"email":"b@x.io"}"#, #"p1 {"email":"w@x.io"}"#])
        // The second person has no work address: the rule set nothing for it, named once.
        #expect(events[0].rulesWithoutFields == ["preferred"])
    }

    @Test func aRelativePathOutsideARuleWithForEachIsAProblemAtItsLocation() {
        let rule = """
            [{"name": "r", "when": {"path": "@.type", "equals": "x"}, "externalId": {"lookup": "email", "path": "@.email"},
              "set": {"email": "$.email", "firstName": {"template": "{@.name}"}}}]
            """
        let problems = MappingFixture.problems(
            MappingFixture.text(
                rules: rule, extra: #""tenant": {"first": ["$.account", "@.account"]}, "time": {"value": "@.at", "format": "iso8601"}"#))
        #expect(
            Set(problems.map { "\($0.location) \($0.message)" }) == [
                "$['rules'][0]['when'] '@.type' reads the element of a rule's forEach, but the rule has no forEach",
                "$['rules'][0]['externalId'] '@.email' reads the element of a rule's forEach, but the rule has no forEach",
                "$['rules'][0]['set']['firstName'] '@.name' reads the element of a rule's forEach, but the rule has no forEach",
                "$['tenant'] '@.account' reads the element of a rule's forEach, but the tenant is read once per event",
                "$['time'] '@.at' reads the element of a rule's forEach, but the time is read once per event",
            ])
        #expect(problems.allSatisfy { $0.file == "mappings/test.json" && $0.expected != nil })
        let key = MappingFixture.problems(
            MappingFixture.text(rules: #"[{"name": "r", "forEach": "$.a[*]", "externalId": "@", "set": {"email": "@"}}]"#)
                .replacingOccurrences(of: #""key": "$.id""#, with: #""key": "@.id""#))
        #expect(
            key.map { "\($0.location) \($0.message)" } == [
                "$['key'] '@.id' reads the element of a rule's forEach, but the idempotency key is read once per event"
            ])
    }

    @Test func aMalformedForEachOrRelativePathIsAProblemAtItsLocation() {
        func problems(_ rule: String) -> [String] {
            MappingFixture.problems(MappingFixture.text(rules: "[" + rule + "]")).map { "\($0.location) \($0.message)" }
        }
        #expect(
            problems(#"{"name": "r", "forEach": "@.list[*]", "externalId": "@", "set": {"email": "@"}}"#) == [
                "$['rules'][0]['forEach'] invalid JSONPath '@.list[*]': a JSONPath query must start with '$' at offset 0"
            ])
        #expect(problems(#"{"name": "r", "forEach": 3, "externalId": "$.id", "set": {"email": "$.e"}}"#) == ["$['rules'][0]['forEach'] is number"])
        #expect(
            problems(#"{"name": "r", "forEach": "$.a[*]", "externalId": "@.[", "set": {"email": "@x"}}"#) == [
                "$['rules'][0]['externalId'] invalid JSONPath '@.[': expected a member name, '*' after '.', found '[' at offset 2",
                "$['rules'][0]['set']['email'] invalid JSONPath '@x': unexpected 'x'; expected '.', '..' or '[' to start a segment at offset 1",
            ])
        #expect(
            problems(#"{"name": "r", "externalId": "$.id", "set": {"email": "email"}}"#) == [
                #"$['rules'][0]['set']['email'] "email" is not a JSONPath (it starts with neither '$' nor '@')"#
            ])
    }
}
