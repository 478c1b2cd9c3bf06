import Testing

@testable import PatchBayCore

@Suite struct MappingLoaderTests {
    private let rule = #"[{"name": "r", "externalId": "$.id", "set": {"email": "$.email"}}]"#

    @Test func loadsAMinimalMapping() throws {
        let mapping = try MappingFixture.load(MappingFixture.text(rules: rule))
        #expect(mapping.source == "test")
        #expect(mapping.body == .json)
        #expect(mapping.verify.scheme == .none)
        #expect(mapping.defaultSecretVariable == "PATCHBAY_SECRET_TEST")
    }

    @Test func readsARulesFieldErrorHandling() throws {
        let failing = try MappingFixture.load(
            MappingFixture.text(
                rules: #"[{"name": "r", "externalId": "$.id", "set": {"email": "$.email"}, "onFieldError": "failEvent"}]"#))
        #expect(failing.rules[0].onFieldError == .failEvent)
        #expect(try MappingFixture.load(MappingFixture.text(rules: rule)).rules[0].onFieldError == .omitField)
        let problems = MappingFixture.problems(
            MappingFixture.text(
                rules: #"[{"name": "r", "externalId": "$.id", "set": {"email": "$.email"}, "onFieldError": "fail"}]"#))
        #expect(problems.map { "\($0.location) \($0.message)" } == [#"$['rules'][0]['onFieldError'] unknown field error handling "fail""#])
        #expect(problems.first?.expected == #""omitField" or "failEvent""#)
    }

    /// Rule and field names end up in stored text (event errors, per-field
    /// times), which cannot hold a NUL: they are refused when loaded.
    @Test func namesWithControlCharactersAreRefused() {
        let problems = MappingFixture.problems(
            MappingFixture.text(
                rules: #"[{"name": "r\u0000", "externalId": "$.id", "set": {"tier\u0001": "$.t"}}]"#, extra: #""allowExtraFields": true"#))
        #expect(
            Set(problems.map { "\($0.location) \($0.message)" }) == [
                "$['rules'][0]['name'] the rule name contains the control character U+0000",
                #"$['rules'][0]['set']['tier\u0001'] the field name contains the control character U+0001"#,
            ])
    }

    @Test func reportsInvalidJSONWithLineAndColumn() {
        let problems = MappingFixture.problems("{\n  \"source\": \"x\",\n}")
        #expect(problems.count == 1)
        #expect(problems[0].location == "$")
        #expect(problems[0].message.contains("line 3, column 1"))
    }

    @Test func reportsEveryProblemWithItsLocation() {
        let text = """
            {"source": "Bad Name", "verify": {"secret": "x"}, "body": "xml", "key": "id", "colour": 1,
             "time": {"value": "$.t", "format": "unix"},
             "rules": [
               {"name": "a", "when": {"path": "$.type", "equalz": "x"}, "externalId": "$[", "set": {"emial": "$.e"}},
               {"name": "b", "when": {"path": "$.t", "regex": "(unclosed"}, "externalId": "$.id",
                "set": {"email": {"path": "$.e", "transform": ["shout", {"e164": "XX"}, {"date": "sometime"}]}, "emailOptOut": {"const": "yes"}}},
               {"name": "b", "externalId": "$.id", "set": {"smsOptOut": {"path": "$.s", "transform": ["lowercase"]}}}
             ]}
            """
        let problems = MappingFixture.problems(text)
        let located = Set(problems.map { "\($0.location) \($0.message)" })
        let expected: [(String, String)] = [
            ("$['source']", "is not URL-safe"),
            ("$['verify']", "missing key 'scheme'"),
            ("$['body']", "unknown body format 'xml'"),
            ("$['key']", "is not a JSONPath"),
            ("$['colour']", "unknown key 'colour'"),
            ("$['time']['format']", "unknown date format 'unix'"),
            ("$['rules'][0]['when']['equalz']", "unknown key 'equalz'"),
            ("$['rules'][0]['externalId']", "invalid JSONPath '$['"),
            ("$['rules'][0]['set']['emial']", "unknown customer field 'emial'"),
            ("$['rules'][1]['when']['regex']", "invalid regular expression"),
            ("$['rules'][1]['set']['email']['transform'][0]", "unknown transform 'shout'"),
            ("$['rules'][1]['set']['email']['transform'][1]['e164']", "unknown country 'XX'"),
            ("$['rules'][1]['set']['email']['transform'][2]['date']", "unknown date format 'sometime'"),
            ("$['rules'][1]['set']['emailOptOut']", "the constant \"yes\" is a string, expected a boolean"),
            ("$['rules'][2]['name']", "another rule is already named \"b\""),
            ("$['rules'][2]['set']['smsOptOut']", "the transforms produce a string"),
        ]
        for (location, message) in expected {
            #expect(located.contains { $0.hasPrefix(location + " ") && $0.contains(message) }, "missing \(location): \(message) in \(located)")
        }
        #expect(problems.allSatisfy { $0.file == "mappings/test.json" })
    }

    /// The `"verify"` section is read like the rest of the file: every
    /// problem in it is reported, each with the file and its location.
    @Test func reportsEveryProblemOfTheVerifySection() {
        let problems = MappingFixture.problems(
            #"""
            {"source": "test", "key": "$.id", "rules": [{"name": "r", "externalId": "$.id", "set": {"email": "$.e"}}],
             "verify": {"scheme": "hmac", "header": "X Sig", "algorithm": "md5", "encoding": "base32", "colour": 1,
                        "timestamp": {"header": "X-Ts", "zone": "UTC"}, "secret": {"env": "1ABC"}}}
            """#)
        #expect(
            problems.map { "\($0.location) \($0.message)" }.sorted() == [
                "$['verify']['algorithm'] unknown value \"md5\"",
                "$['verify']['colour'] unknown key 'colour' for scheme \"hmac\"",
                "$['verify']['encoding'] unknown value \"base32\"",
                "$['verify']['header'] \"X Sig\" is not a header name",
                "$['verify']['secret']['env'] \"1ABC\" is not a variable name",
                "$['verify']['timestamp']['zone'] unknown key 'zone' in a timestamp",
            ])
        #expect(problems.allSatisfy { $0.file == "mappings/test.json" && $0.expected != nil })
    }

    @Test func invalidJSONPathNamesTheOffset() {
        let problems = MappingFixture.problems(MappingFixture.text(rules: #"[{"name": "r", "externalId": "$.a[?@.b ==]", "set": {"email": "$.e"}}]"#))
        #expect(problems.count == 1)
        #expect(problems[0].message.contains("at offset"))
        #expect(problems[0].expected == "an RFC 9535 JSONPath query")
    }

    @Test func missingRequiredKeysAreNamed() {
        let problems = MappingFixture.problems(#"{"rules": [{"set": {}}]}"#)
        let messages = problems.map(\.message)
        for key in ["source", "verify", "key", "name", "externalId"] {
            #expect(messages.contains("missing key '\(key)'"), "\(key) in \(messages)")
        }
        #expect(messages.contains("the rule sets no field"))
    }

    @Test func wrongTypesSayWhatWasExpected() {
        let problems = MappingFixture.problems(#"{"source": 7, "verify": {"scheme": "none"}, "key": "$.id", "allowExtraFields": "yes", "rules": {}}"#)
        #expect(problems.contains { $0.location == "$['source']" && $0.message == "is number" && $0.expected == "a string" })
        #expect(problems.contains { $0.location == "$['allowExtraFields']" && $0.expected == "true or false" })
        #expect(problems.contains { $0.location == "$['rules']" && $0.message == "is object" })
    }

    @Test func valueObjectsNeedExactlyOneSource() {
        let problems = MappingFixture.problems(
            MappingFixture.text(
                rules: #"[{"name": "r", "externalId": {"path": "$.id", "header": "X-Id"}, "set": {"email": {"transform": ["trim"]}, "phone": null}}]"#
            ))
        #expect(problems.contains { $0.location == "$['rules'][0]['externalId']" && $0.message.contains("several sources") })
        #expect(problems.contains { $0.location == "$['rules'][0]['set']['email']" && $0.message.contains("names no source") })
        #expect(problems.contains { $0.location == "$['rules'][0]['set']['phone']" && $0.message.contains("null") })
    }

    @Test func nullConstantsAndDefaultsAreRefused() {
        let problems = MappingFixture.problems(
            MappingFixture.text(
                rules:
                    #"[{"name": "r", "externalId": "$.id", "set": {"email": {"const": null}, "phone": {"path": "$.p", "transform": [{"default": null}]}}}]"#
            ))
        #expect(problems.count == 2)
        #expect(problems.allSatisfy { $0.message.contains("never set to null") })
    }

    @Test func templatesAreChecked() {
        let problems = MappingFixture.problems(
            MappingFixture.text(
                rules:
                    #"[{"name": "r", "externalId": {"template": "id-{$.a"}, "set": {"email": {"template": "no placeholders"}, "phone": {"template": "{$[}"}}}]"#
            ))
        #expect(
            problems.map(\.location) == [
                "$['rules'][0]['externalId']['template']", "$['rules'][0]['set']['email']['template']", "$['rules'][0]['set']['phone']['template']",
            ])
        #expect(problems[0].message.contains("'{' is not closed"))
    }

    @Test func extraFieldsNeedTheOptIn() throws {
        let rules = #"[{"name": "r", "externalId": "$.id", "set": {"loyaltyTier": "$.tier"}}]"#
        #expect(MappingFixture.problems(MappingFixture.text(rules: rules)).map(\.location) == ["$['rules'][0]['set']['loyaltyTier']"])
        let mapping = try MappingFixture.load(MappingFixture.text(rules: rules, extra: #""allowExtraFields": true"#))
        #expect(mapping.allowExtraFields)
    }

    @Test func conditionsAreChecked() {
        let problems = MappingFixture.problems(
            MappingFixture.text(
                rules: """
                    [{"name": "r", "externalId": "$.id", "set": {"email": "$.e"}, "when": {"all": [
                      {"path": "$.a"},
                      {"path": "$.a", "header": "X", "equals": 1},
                      {"path": "$.a", "gt": "five"},
                      {"not": "x"},
                      {"any": []},
                      {"path": "$.a", "exists": "yes"}
                    ]}}]
                    """))
        let base = "$['rules'][0]['when']['all']"
        #expect(problems.contains { $0.location == "\(base)[0]" && $0.message == "a condition has no test" })
        #expect(problems.contains { $0.location == "\(base)[1]" && $0.message.contains("several values") })
        #expect(problems.contains { $0.location == "\(base)[2]['gt']" && $0.expected == "a number" })
        #expect(problems.contains { $0.location == "\(base)[3]['not']" && $0.message.contains("a condition is a string") })
        #expect(problems.contains { $0.location == "\(base)[4]['any']" && $0.message.contains("no conditions") })
        #expect(problems.contains { $0.location == "\(base)[5]['exists']" && $0.expected == "true or false" })
    }

    @Test func testsAreChecked() {
        let problems = MappingFixture.problems(
            MappingFixture.text(
                rules: rule,
                extra: """
                    "tests": [
                      {"name": "both bodies", "body": {}, "rawBody": "", "expect": []},
                      {"name": "no expectation", "body": {}},
                      {"name": "bad update", "body": {}, "expect": [{"data": []}]}
                    ]
                    """))
        #expect(problems.contains { $0.location == "$['tests'][0]" && $0.message.contains("exactly one of 'body' and 'rawBody'") })
        #expect(problems.contains { $0.location == "$['tests'][1]" && $0.message.contains("exactly one of 'expect' and 'expectError'") })
        #expect(problems.contains { $0.location == "$['tests'][2]['expect'][0]" && $0.message == "missing key 'externalId'" })
        #expect(problems.contains { $0.location == "$['tests'][2]['expect'][0]['data']" && $0.message == "is array" })
    }

    /// `HTTPFields` traps past 65,534 fields: a test with more headers than allowed is a problem, not a crash.
    @Test func aTestWithTooManyHeadersIsAProblem() {
        let headers = (0..<70_000).map { #""X-H-\#($0)": "v""# }.joined(separator: ",")
        let problems = MappingFixture.problems(
            MappingFixture.text(
                rules: rule, extra: #""tests": [{"name": "many", "headers": {"# + headers + #"}, "body": {}, "expect": []}]"#))
        #expect(problems.contains { $0.location == "$['tests'][0]['headers']" && $0.message == "has 70000 headers" })
    }

    @Test func testHeadersMustBeSendableAsWritten() {
        let problems = MappingFixture.problems(
            MappingFixture.text(
                rules: rule,
                extra: #"""
                    "tests": [
                      {"name": "bad name", "headers": {"X Topic": "a"}, "body": {}, "expect": []},
                      {"name": "bad value", "headers": {"X-Topic": "a\r\nX-Injected: 1"}, "body": {}, "expect": []},
                      {"name": "padded value", "headers": {"X-Topic": " a"}, "body": {}, "expect": []}
                    ]
                    """#))
        #expect(problems.contains { $0.location == "$['tests'][0]['headers']['X Topic']" && $0.message.contains("is not an HTTP header name") })
        #expect(
            problems.contains {
                $0.location == "$['tests'][1]['headers']['X-Topic']" && $0.message.contains("is not an HTTP header value as written")
            })
        #expect(
            problems.contains {
                $0.location == "$['tests'][2]['headers']['X-Topic']" && $0.message.contains("is not an HTTP header value as written")
            })
    }

    @Test func locationsEscapeOddNames() {
        let problems = MappingFixture.problems(MappingFixture.text(rules: rule, extra: #""it's\\odd": 1"#))
        #expect(problems.map(\.location) == [#"$['it\'s\\odd']"#])
    }

    @Test func setsRejectDuplicateAndCollidingSources() {
        let file = { (source: String) in
            (
                path: "\(source).json",
                contents: Array(
                    #"{"source": "\#(source)", "verify": {"scheme": "none"}, "key": "$.id", "rules": [{"name": "r", "externalId": "$.id", "set": {"email": "$.e"}}]}"#
                        .utf8)
            )
        }
        do {
            _ = try MappingSet(files: [file("shop-a"), file("shop_a"), file("b"), (path: "again.json", contents: file("b").contents)]) { _ in [] }
            Issue.record("expected the set to fail")
        } catch {
            #expect(error.problems.count == 2)
            #expect(error.problems[0].message.contains("share the secret variable PATCHBAY_SECRET_SHOP_A"))
            #expect(error.problems[1].message == "source 'b' is already defined in b.json")
            #expect(error.problems[1].file == "again.json")
        }
        let set = try? MappingSet(files: [file("b"), file("a")]) { _ in [] }
        #expect(set?.sources == ["a", "b"])
        #expect(set?["a"]?.source == "a")
    }
}
