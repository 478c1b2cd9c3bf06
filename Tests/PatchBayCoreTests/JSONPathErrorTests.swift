import Testing

@testable import PatchBayCore

/// Invalid queries are rejected with the offset of the problem.
@Suite struct JSONPathErrorTests {
    @Test(arguments: [
        ("", 0, "must start with '$'"),
        (" $", 0, "must not start with whitespace"),
        ("$ ", 1, "must not end with whitespace"),
        ("$a", 1, "expected '.', '..' or '['"),
        ("$. a", 2, "no whitespace is allowed after '.'"),
        ("$.1", 2, "expected a member name"),
        ("$[01]", 2, "leading zeros"),
        ("$[-0]", 2, "must not be '-0'"),
        ("$[9007199254740992]", 2, "out of range"),
        ("$[1:2:-0]", 6, "must not be '-0'"),
        ("$['a'", 5, "unclosed '[' opened at offset 1"),
        ("$['a\\x']", 4, "invalid escape sequence"),
        ("$['\\uDC00']", 3, "low surrogate"),
        ("$['\\uD800x']", 3, "must be followed by a '\\u' low surrogate"),
        ("$[\"a\u{1}\"]", 4, "control character U+0001"),
        ("$[?@.a == ]", 10, "expected a filter expression"),
        ("$[?@.* == 1]", 3, "must be singular"),
        ("$[?length(@) ]", 3, "must be compared"),
        ("$[?match(@, 'a') == true]", 3, "returns a LogicalType, which cannot be compared"),
        ("$[?foo(@)]", 3, "unknown function 'foo'"),
        ("$[?length(@, 1) == 1]", 3, "takes 1 argument, not 2"),
        ("$[?length(@.*) == 1]", 10, "argument 1 of 'length' must be a ValueType"),
        ("$[?count(1) == 1]", 9, "argument 1 of 'count' must be a NodesType"),
        ("$[?true]", 3, "a literal cannot be used as a test"),
        ("$[?(@.a]", 7, "expected ')' to close the '(' at offset 3"),
        ("$[?@.a == 01]", 10, "leading zeros"),
        ("$[?@.a == 1.]", 12, "digits after the decimal point"),
        ("$[?truex]", 3, "neither a literal"),
        ("$['☺'] x", 7, "unexpected 'x'"),
    ])
    func reportsTheOffsetOfTheProblem(query: String, offset: Int, message: String) {
        #expect(throws: JSONPathError.self, "\(query)") { try JSONPath(query) }
        do {
            _ = try JSONPath(query)
        } catch {
            #expect(error.offset == offset, "\(query): \(error)")
            #expect(error.message.contains(message), "\(query): \(error)")
        }
    }

    @Test func offsetsCountUnicodeScalars() {
        #expect(throws: JSONPathError(message: "unexpected '!'; expected '.', '..' or '[' to start a segment", offset: 4)) {
            try JSONPath("$.☺é!")
        }
    }

    @Test func refusesQueriesNestedTooDeeply() {
        let depth = JSONPathParser.maximumNesting + 1
        let query = "$[?" + String(repeating: "(", count: depth) + "@" + String(repeating: ")", count: depth) + "]"
        #expect(throws: JSONPathError.self) { try JSONPath(query) }
        let allowed = JSONPathParser.maximumNesting - 1
        #expect(throws: Never.self) {
            try JSONPath("$[?" + String(repeating: "(", count: allowed) + "@" + String(repeating: ")", count: allowed) + "]")
        }
    }

    @Test func describesTheProblemWithItsOffset() {
        #expect(JSONPathError(message: "bad", offset: 3).description == "bad at offset 3")
    }
}
