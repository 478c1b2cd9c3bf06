extension Mapping {
    /// Runs every embedded test of the file; lookups resolve against the
    /// identities each test declares and those of `fixture`.
    public func runTests(assuming fixture: [IdentityRecord] = []) -> [EmbeddedTestResult] {
        tests.map { run($0, assuming: fixture) }
    }

    /// Runs one embedded test (see ``runTests(assuming:)``).
    public func run(_ test: EmbeddedTest, assuming fixture: [IdentityRecord] = []) -> EmbeddedTestResult {
        EmbeddedTestResult(
            name: test.name, location: test.location, failure: failure(of: test, directory: IdentityDirectory(fixture + test.identities)))
    }

    private func failure(of test: EmbeddedTest, directory: IdentityDirectory) -> String? {
        let events: [MappedEvent]
        do {
            events = try evaluate(test.delivery)
        } catch {
            if case .error(let text) = test.expectation, error.description.contains(text) { return nil }
            return "the delivery was refused: \(error)"
        }
        // Direct updates first, then those found by lookup, then those that wait.
        let updates = events.flatMap { event in
            let resolved = directory.resolve(event)
            return event.updates.map(Outcome.init) + resolved.updates.map(Outcome.init) + resolved.waiting.map(Outcome.init)
        }
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
    /// One update as a test compares it: its externalId is `nil` while it waits.
    private struct Outcome {
        let rule: String
        let externalId: String?
        let tenant: String?
        let data: JSONObject

        init(_ update: CustomerUpdate) {
            self.init(rule: update.rule, externalId: update.externalId, tenant: update.tenant, data: update.data)
        }

        init(_ waiting: LookupUpdate) {
            self.init(rule: waiting.rule, externalId: nil, tenant: waiting.tenant, data: waiting.data)
        }

        private init(rule: String, externalId: String?, tenant: String?, data: JSONObject) {
            self.rule = rule
            self.externalId = externalId
            self.tenant = tenant
            self.data = data
        }
    }

    private static func diff(expected: [EmbeddedTest.ExpectedUpdate], actual: [Outcome]) -> String? {
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

    private static func render(rule: String?, externalId: String?, tenant: String?, data: JSONObject) -> String {
        var object = JSONObject()
        if let rule { object["rule"] = .string(rule) }
        object[externalId == nil ? "waiting" : "externalId"] = externalId.map(JSONValue.string) ?? .bool(true)
        if let tenant { object["tenant"] = .string(tenant) }
        object["data"] = .object(data)
        return JSONValue.object(object).serialized()
    }
}
