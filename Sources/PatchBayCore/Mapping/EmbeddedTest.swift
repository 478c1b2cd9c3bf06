/// An example delivery carried in a mapping file, with what it must map to.
public struct EmbeddedTest: Sendable {
    /// What must come out.
    enum Expectation: Sendable {
        /// Exactly these updates, in order, and no error (empty: nothing).
        case updates([ExpectedUpdate])
        /// The delivery is refused, or an event has an error, whose message
        /// contains the text.
        case error(String)
    }

    /// One expected update; `rule` is compared only when given. Without an
    /// externalId (`"waiting": true`), the update waits for an identity.
    struct ExpectedUpdate: Sendable {
        let rule: String?
        let externalId: String?
        let tenant: String?
        let data: JSONObject
    }

    /// The test's name.
    public let name: String
    /// Where the test is in the mapping file (a normalized path).
    public let location: String
    /// The example delivery.
    public let delivery: Delivery
    let expectation: Expectation
    /// The identities the test assumes, for rules that look customers up.
    let identities: [IdentityRecord]
    /// The idempotency keys the events must have, when given.
    let expectedKeys: [String]?

    /// Whether the test expects at least one update: a delivery worth
    /// sending (`patchbay send` picks these).
    public var expectsUpdates: Bool {
        if case .updates(let updates) = expectation { !updates.isEmpty } else { false }
    }
}

/// The outcome of one embedded test.
public struct EmbeddedTestResult: Sendable {
    /// The test's name.
    public let name: String
    /// Where the test is in the mapping file.
    public let location: String
    /// Why it failed, with expected and actual output (several lines);
    /// `nil` when it passed.
    public let failure: String?

    /// Whether the test passed.
    public var passed: Bool { failure == nil }
}
