/// Why part of one event could not be mapped, e.g.
/// `rule "customer created": externalId missing at $.data.object.id`.
/// Other events of the delivery, and other rules of the event, still map.
public struct EventError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The rule that failed, or `nil` for the event's key, tenant or time.
    public var rule: String?
    /// What went wrong.
    public var message: String

    public init(rule: String?, message: String) {
        self.rule = rule
        self.message = message
    }

    public var description: String {
        rule.map { "rule \"\($0)\": \(message)" } ?? message
    }
}
