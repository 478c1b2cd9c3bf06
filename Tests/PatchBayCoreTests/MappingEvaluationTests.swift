import HTTPTypes
import Testing

@testable import PatchBayCore

@Suite struct MappingEvaluationTests {
    private func updates(_ mapping: Mapping, _ body: String, headers: [(name: String, value: String)] = []) throws -> [CustomerUpdate] {
        try mapping.evaluate(MappingFixture.delivery(body, headers: headers)).flatMap(\.updates)
    }

    private func errors(_ mapping: Mapping, _ body: String) throws -> [String] {
        try mapping.evaluate(MappingFixture.delivery(body)).flatMap(\.errors).map(\.description)
    }

    @Test func missingValuesLeaveFieldsOutAndNumbersBecomeText() throws {
        let mapping = try MappingFixture.load(
            MappingFixture.text(
                rules: """
                    [{"name": "r", "externalId": "$.id", "set": {"customerId": "$.id", "email": "$.email", "phone": "$.phone", "firstName": "$.missing"}}]
                    """))
        let result = try updates(mapping, #"{"id": 706405506930370084, "email": "a@b.c", "phone": null}"#)
        #expect(
            result == [
                CustomerUpdate(
                    rule: "r", tenant: nil, externalId: "706405506930370084",
                    data: JSONObject([(key: "customerId", value: "706405506930370084"), (key: "email", value: "a@b.c")]), allowExtraFields: false)
            ])
        #expect(result[0].data.keys == ["customerId", "email"])
    }

    @Test func typeMismatchesLeaveTheFieldOutWithAProblemNamingRuleAndField() throws {
        let mapping = try MappingFixture.load(
            MappingFixture.text(
                rules: """
                    [{"name": "opt out", "externalId": "$.id", "set": {"emailOptOut": "$.flag"}},
                     {"name": "created", "externalId": "$.id", "set": {"createdAt": "$.when", "email": "$.email"}},
                     {"name": "other", "externalId": "$.id", "set": {"email": "$.email"}}]
                    """))
        let events = try mapping.evaluate(MappingFixture.delivery(#"{"id": "c1", "flag": "yes", "when": "yesterday", "email": "e@x.y"}"#))
        #expect(events[0].errors.isEmpty)
        #expect(
            events[0].problems.map(\.description) == [
                #"rule "opt out": field "emailOptOut": "yes" is a string, expected a boolean (add the "boolean" transform)"#,
                #"rule "created": field "createdAt": "yesterday" is not an RFC 3339 date-time (add a "date" transform)"#,
            ])
        #expect(events[0].updates.map(\.rule) == ["created", "other"])
        #expect(events[0].updates[0].data.keys == ["email"])
        #expect(events[0].rulesWithoutFields == ["opt out"])
        #expect(
            try mapping.evaluate(MappingFixture.delivery(#"{"id": "c1", "flag": true, "email": {"a": 1}}"#))[0].problems.map(\.description) == [
                #"rule "created": field "email": {"a":1} is an object, expected a string"#,
                #"rule "other": field "email": {"a":1} is an object, expected a string"#,
            ])
    }

    @Test func anInvalidFieldNoLongerDropsTheRestOfItsRule() throws {
        let rule =
            #"{"name": "unsubscribe", "externalId": "$.id", "set": {"phone": {"path": "$.phone", "transform": [{"e164": "GB"}]}, "emailOptOut": true}%@}"#
        let omitting = try MappingFixture.load(MappingFixture.text(rules: "[" + rule.replacingOccurrences(of: "%@", with: "") + "]"))
        let body = #"{"id": "c1", "phone": "call me"}"#
        let event = try omitting.evaluate(MappingFixture.delivery(body))[0]
        #expect(event.errors.isEmpty)
        #expect(event.updates.map { JSONValue.object($0.data) } == [["emailOptOut": true]])
        #expect(event.problems.map(\.description).first?.hasPrefix(#"rule "unsubscribe": field "phone": "call me" is not a phone number"#) == true)

        let failing = try MappingFixture.load(
            MappingFixture.text(rules: "[" + rule.replacingOccurrences(of: "%@", with: #", "onFieldError": "failEvent""#) + "]"))
        let failed = try failing.evaluate(MappingFixture.delivery(body))[0]
        #expect(failed.updates.isEmpty)
        #expect(failed.errors.map(\.description).first?.hasPrefix(#"rule "unsubscribe": field "phone": "call me" is not a phone number"#) == true)
    }

    @Test func identityValuesWithControlCharactersOrPathStepsAreRefused() throws {
        let mapping = try MappingFixture.load(
            MappingFixture.text(
                rules: #"[{"name": "r", "externalId": "$.customer", "set": {"email": "$.e"}}]"#, extra: #""tenant": "$.account""#))
        func errors(_ id: String, account: String = "acme", key: String = "evt_1") throws -> [String] {
            let body = JSONValue.object(
                JSONObject([
                    (key: "id", value: .string(key)), (key: "customer", value: .string(id)), (key: "account", value: .string(account)),
                    (key: "e", value: "a@b.c"),
                ])
            ).serialized()
            let event = try mapping.evaluate(MappingFixture.delivery(body))[0]
            #expect(event.updates.isEmpty)
            return event.errors.map(\.description)
        }
        #expect(
            try errors("cus_victim\u{0}attacker") == [
                #"rule "r": externalId at $.customer is not a valid identity value: it contains the control character U+0000"#
            ])
        #expect(
            try errors("\u{0}") == [#"rule "r": externalId at $.customer is not a valid identity value: it contains the control character U+0000"#])
        #expect(
            try errors("a\nb") == [#"rule "r": externalId at $.customer is not a valid identity value: it contains the control character U+000A"#])
        #expect(
            try errors("a\u{85}") == [#"rule "r": externalId at $.customer is not a valid identity value: it contains the control character U+0085"#])
        #expect(
            try errors("..") == [
                #"rule "r": externalId at $.customer is not a valid identity value: it is "..", which URL normalisers resolve as a path step"#
            ])
        #expect(
            try errors(".") == [
                #"rule "r": externalId at $.customer is not a valid identity value: it is ".", which URL normalisers resolve as a path step"#
            ])
        #expect(
            try errors("c1", account: "acme\u{0}other") == [
                "tenant at $.account is not a valid identity value: it contains the control character U+0000"
            ])
        #expect(try errors("c1", account: "") == ["tenant at $.account is not a valid identity value: it is empty"])
        #expect(
            try errors("c1", key: "evt\u{7F}") == ["idempotency key at $.id is not a valid identity value: it contains the control character U+007F"])
        #expect(try updates(mapping, #"{"id": "e", "customer": "a.b..", "account": "acme", "e": "a@b.c"}"#).map(\.externalId) == ["a.b.."])
    }

    @Test func externalIdProblemsNameTheRule() throws {
        let mapping = try MappingFixture.load(
            MappingFixture.text(rules: #"[{"name": "customer created", "externalId": "$.data.object.id", "set": {"email": "$.e"}}]"#))
        #expect(try errors(mapping, #"{"id": "e1", "e": "a@b.c"}"#) == [#"rule "customer created": externalId missing at $.data.object.id"#])
        #expect(
            try errors(mapping, #"{"id": "e1", "e": "a@b.c", "data": {"object": {"id": ""}}}"#) == [
                #"rule "customer created": externalId at $.data.object.id is not a valid identity value: it is empty"#
            ])
        #expect(
            try errors(mapping, #"{"id": "e1", "e": "a@b.c", "data": {"object": {"id": [1]}}}"#) == [
                #"rule "customer created": externalId at $.data.object.id is an array, expected a string"#
            ])
    }

    @Test func severalRulesFireInOrderAndEmptyUpdatesAreDropped() throws {
        let mapping = try MappingFixture.load(
            MappingFixture.text(
                rules: """
                    [{"name": "email", "externalId": "$.id", "set": {"email": "$.email"}},
                     {"name": "opt out", "when": {"path": "$.unsub", "equals": true}, "externalId": "$.id", "set": {"emailOptOut": true}},
                     {"name": "phone", "externalId": "$.id", "set": {"phone": "$.phone"}}]
                    """))
        #expect(try updates(mapping, #"{"id": "c", "email": "a@b.c", "unsub": true}"#).map(\.rule) == ["email", "opt out"])
        let ignored = try mapping.evaluate(MappingFixture.delivery(#"{"id": "c"}"#))
        #expect(ignored[0].isIgnored)
    }

    @Test func fansOutAndReadsEachEventsKeyAndTime() throws {
        let mapping = try MappingFixture.load(
            MappingFixture.text(
                rules:
                    #"[{"name": "r", "when": {"path": "$.event", "equals": "unsubscribe"}, "externalId": "$.email", "set": {"emailOptOut": true}}]"#,
                extra: #""body": "json-batch", "time": {"value": "$.ts", "format": "unix-millis"}"#))
        let events = try mapping.evaluate(
            MappingFixture.delivery(
                #"[{"id": "a", "event": "unsubscribe", "email": "x@y.z", "ts": 1700000000123}, {"id": "b", "event": "open"}, {"event": "unsubscribe", "email": "q@y.z"}]"#
            ))
        #expect(events.map(\.key) == ["a", "b", nil])
        #expect(events.map(\.index) == [0, 1, 2])
        #expect(events[0].time == Timestamp(seconds: 1_700_000_000, nanoseconds: 123_000_000))
        #expect(events[1].time == nil)
        #expect(events[0].updates.map(\.externalId) == ["x@y.z"])
        #expect(events[2].errors.map(\.description) == ["idempotency key missing at $.id"])
        // Serve logs such an event as failed: nothing of it is sent, so nothing of it is mapped.
        #expect(events[2].updates.isEmpty)
    }

    @Test func explicitFanOutSelectsNestedEvents() throws {
        let mapping = try MappingFixture.load(
            MappingFixture.text(
                rules: #"[{"name": "r", "externalId": "$.id", "set": {"email": "$.email"}}]"#, extra: #""events": "$.items[*]""#))
        #expect(try updates(mapping, #"{"items": [{"id": "1", "email": "a@x.y"}, {"id": "2", "email": "b@x.y"}]}"#).map(\.externalId) == ["1", "2"])
        #expect(try mapping.evaluate(MappingFixture.delivery(#"{"items": []}"#)).isEmpty)
    }

    @Test func composesKeysFromHeadersTemplatesAndAlternatives() throws {
        let mapping = try MappingFixture.load(
            """
            {"source": "t", "verify": {"scheme": "none"}, "body": "form",
             "key": {"first": [{"template": "{$.type}|{$.data.email}"}, {"header": "X-Delivery"}]},
             "tenant": {"header": "X-Tenant"},
             "rules": [{"name": "r", "externalId": {"template": "{$.data.list}/{$.data.email}"}, "set": {"email": "$.data.email"}}]}
            """)
        let delivery = Delivery(
            headers: TestWebhook.headers([
                ("content-type", "application/x-www-form-urlencoded; charset=utf-8"), ("x-tenant", "tenant-9"), ("X-Delivery", "d-1"),
            ]),
            body: Array("type=subscribe&data[email]=a%40b.c&data[list]=L1".utf8))
        let events = try mapping.evaluate(delivery)
        #expect(events[0].key == "subscribe|a@b.c")
        #expect(events[0].tenant == "tenant-9")
        #expect(events[0].updates[0].externalId == "L1/a@b.c")
        #expect(events[0].updates[0].tenant == "tenant-9")
        let fallback = try mapping.evaluate(
            Delivery(headers: TestWebhook.headers([("X-Delivery", "d-2"), ("X-Tenant", "t")]), body: Array("type=unsubscribe&data[list]=L1".utf8)))
        #expect(fallback[0].key == "d-2")
        #expect(fallback[0].errors.map(\.description) == [#"rule "r": externalId missing at "{$.data.list}/{$.data.email}""#])
    }

    @Test func aMissingTenantIsAnErrorAndAConstantTenantIsUsed() throws {
        let rules = #"[{"name": "r", "externalId": "$.id", "set": {"email": "$.e"}}]"#
        let byPath = try MappingFixture.load(MappingFixture.text(rules: rules, extra: #""tenant": "$.account""#))
        #expect(
            try byPath.evaluate(MappingFixture.delivery(#"{"id": "1", "e": "a@b.c"}"#))[0].errors.map(\.description) == [
                "tenant missing at $.account"
            ])
        let constant = try MappingFixture.load(MappingFixture.text(rules: rules, extra: #""tenant": {"const": "acme"}"#))
        #expect(try updates(constant, #"{"id": "1", "e": "a@b.c"}"#)[0].tenant == "acme")
    }

    @Test func transformsRunInOrderWithDefaultsAndLookups() throws {
        let mapping = try MappingFixture.load(
            MappingFixture.text(
                rules: """
                    [{"name": "r", "externalId": "$.id", "set": {
                      "email": {"path": "$.email", "transform": ["trim", "lowercase"]},
                      "emailOptOut": {"path": "$.state", "transform": [{"lookup": {"subscribed": false, "unsubscribed": true}}, {"default": false}]},
                      "smsOptOut": {"path": "$.sms", "transform": ["boolean"]},
                      "firstName": {"first": ["$.first", {"path": "$.name", "transform": ["firstName"]}]},
                      "lastName": {"path": "$.name", "transform": ["lastName"]},
                      "phone": {"path": "$.phone", "transform": [{"e164": "GB"}]},
                      "createdAt": {"path": "$.created", "transform": [{"date": "unix-seconds"}]}
                    }}]
                    """))
        let result = try updates(
            mapping,
            #"{"id": "1", "email": " Ann@X.COM ", "state": "pending", "sms": "Yes", "name": "Ann Lee", "phone": "07700 900123", "created": "1700000000"}"#
        )
        #expect(
            JSONValue.object(result[0].data) == [
                "email": "ann@x.com", "emailOptOut": false, "smsOptOut": true, "firstName": "Ann", "lastName": "Lee",
                "phone": "+447700900123", "createdAt": "2023-11-14T22:13:20Z",
            ])
        #expect(
            try mapping.evaluate(MappingFixture.delivery(#"{"id": "1", "phone": "call me"}"#))[0].problems.first?.description.hasPrefix(
                #"rule "r": field "phone": "call me" is not a phone number"#) == true)
    }

    @Test func extraFieldsPassThroughWhenAllowed() throws {
        let mapping = try MappingFixture.load(
            MappingFixture.text(
                rules: #"[{"name": "r", "externalId": "$.id", "set": {"tier": "$.tier", "email": "$.e"}}]"#, extra: #""allowExtraFields": true"#))
        let result = try updates(mapping, #"{"id": "1", "tier": {"level": 2}, "e": "a@b.c"}"#)
        #expect(result[0].allowExtraFields)
        #expect(result[0].data["tier"] == ["level": 2])
    }

    @Test func refusesWrongContentTypesAndMalformedBodies() throws {
        let json = try MappingFixture.load(MappingFixture.text(rules: #"[{"name": "r", "externalId": "$.id", "set": {"email": "$.e"}}]"#))
        #expect(throws: DeliveryError.unsupportedContentType("text/plain", expected: "application/json")) {
            try json.evaluate(MappingFixture.delivery("{}", contentType: "text/plain"))
        }
        #expect(try json.evaluate(MappingFixture.delivery(#"{"id": "1"}"#, contentType: "application/cloudevents+json; charset=utf-8")).count == 1)
        #expect(try json.evaluate(Delivery(headers: [:], body: Array(#"{"id": "1"}"#.utf8))).count == 1)
        do {
            _ = try json.evaluate(MappingFixture.delivery("{\"id\": 1,\n \"e\" 2}"))
            Issue.record("expected a parse error")
        } catch {
            #expect(error.httpStatus == 400)
            guard case .malformedBody(let message, let offset) = error else { return }
            #expect(offset == 15)
            #expect(message.contains("line 2"))
        }
        #expect(throws: DeliveryError.malformedBody(message: "the body is an array, expected a JSON object", offset: 0)) {
            try json.evaluate(MappingFixture.delivery("[]"))
        }
        let form = try MappingFixture.load(
            MappingFixture.text(rules: #"[{"name": "r", "externalId": "$.id", "set": {"email": "$.e"}}]"#, extra: #""body": "form""#))
        #expect(throws: DeliveryError.unsupportedContentType("application/json", expected: "application/x-www-form-urlencoded")) {
            try form.evaluate(MappingFixture.delivery("id=1"))
        }
        #expect(throws: DeliveryError.malformedBody(message: "malformed percent escape", offset: 3)) {
            try form.evaluate(MappingFixture.delivery("id=%G1", contentType: "application/x-www-form-urlencoded"))
        }
    }

    @Test func headersAreMatchedCaseInsensitively() {
        let delivery = Delivery(headers: TestWebhook.headers([("X-Shopify-Topic", "customers/create"), ("x-shopify-topic", "second")]), body: [])
        #expect(delivery.header("x-SHOPIFY-topic") == "customers/create")
        #expect(delivery.header("X-Shopify-Topi") == nil)
        #expect(delivery.contentType == nil)
    }
}
