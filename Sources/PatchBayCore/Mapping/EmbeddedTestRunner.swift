extension Mapping {
    /// Runs every embedded test of the file.
    public func runTests() -> [EmbeddedTestResult] {
        tests.map(run)
    }

    /// Runs one embedded test.
    public func run(_ test: EmbeddedTest) -> EmbeddedTestResult {
        EmbeddedTestResult(name: test.name, location: test.location, failure: failure(of: test))
    }

    private func failure(of test: EmbeddedTest) -> String? {
        let events: [MappedEvent]
        do {
            events = try evaluate(test.delivery)
        } catch {
            if case .error(let text) = test.expectation, error.description.contains(text) { return nil }
            return "the delivery was refused: \(error)"
        }
        let updates = events.flatMap(\.updates)
        // A field left out is as unexpected in a test as an error that stops the event.
        let errors = events.flatMap { $0.errors + $0.problems }.map(\.description)
        var problems: [String] = []
        switch test.expectation {
        case .updates(let expected):
            if !errors.isEmpty {
                problems.append("unexpected errors:\n" + errors.map { "    \($0)" }.joined(separator: "\n"))
            }
            if let diff = Mapping.diff(expected: expected, actual: updates) {
                problems.append(diff)
            }
        case .error(let text):
            if !errors.contains(where: { $0.contains(text) }) {
                let actual = errors.isEmpty ? "no error" : errors.joined(separator: "; ")
                problems.append("expected an error containing \(JSONValue.string(text)), got \(actual)")
            }
        }
        if let keys = test.expectedKeys {
            let actual = events.map { $0.key.map(JSONValue.string) ?? .null }
            let expected = keys.map(JSONValue.string)
            if actual != expected {
                problems.append("idempotency keys:\n  - \(JSONValue.array(expected))\n  + \(JSONValue.array(actual))")
            }
        }
        return problems.isEmpty ? nil : problems.joined(separator: "\n")
    }

    /// A line diff of expected and actual updates (`-` expected, `+`
    /// actual), or `nil` when they match.
    private static func diff(expected: [EmbeddedTest.ExpectedUpdate], actual: [CustomerUpdate]) -> String? {
        var lines: [String] = []
        var differs = false
        for index in 0..<max(expected.count, actual.count) {
            let wanted = index < expected.count ? expected[index] : nil
            let got = index < actual.count ? actual[index] : nil
            let wantedLine = wanted.map { render(rule: $0.rule, externalId: $0.externalId, tenant: $0.tenant, data: $0.data) }
            let gotLine = got.map { render(rule: wanted?.rule == nil ? nil : $0.rule, externalId: $0.externalId, tenant: $0.tenant, data: $0.data) }
            if let wanted, let got, wanted.externalId == got.externalId, wanted.tenant == got.tenant, wanted.data == got.data,
               wanted.rule.map({ $0 == got.rule }) ?? true
            {
                lines.append("    \(gotLine!)")
                continue
            }
            differs = true
            if let wantedLine { lines.append("  - \(wantedLine)") }
            if let gotLine { lines.append("  + \(gotLine)") }
        }
        guard differs else { return nil }
        return "updates differ (- expected, + actual):\n" + lines.joined(separator: "\n")
    }

    private static func render(rule: String?, externalId: String, tenant: String?, data: JSONObject) -> String {
        var object = JSONObject()
        if let rule { object["rule"] = .string(rule) }
        object["externalId"] = .string(externalId)
        if let tenant { object["tenant"] = .string(tenant) }
        object["data"] = .object(data)
        return JSONValue.object(object).serialized()
    }
}
