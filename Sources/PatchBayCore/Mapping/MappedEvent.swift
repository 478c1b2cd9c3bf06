/// What one event of a delivery maps to.
public struct MappedEvent: Sendable {
    /// The event's position in the delivery (0 unless the mapping fans out).
    public var index: Int
    /// The idempotency key; `nil` only when it could not be read (see ``errors``).
    public var key: String?
    /// The tenant for `reach-tenant-id`, when the mapping names one.
    public var tenant: String?
    /// When the event happened, when the mapping says where to read it and
    /// the event has it (a time that is there but unreadable is an error).
    public var time: Timestamp?
    /// The updates of the rules that fired, in rule order.
    public var updates: [CustomerUpdate]
    /// What could not be mapped.
    public var errors: [EventError]

    /// Whether the event produced neither updates nor errors (no rule fired).
    public var isIgnored: Bool { updates.isEmpty && errors.isEmpty }
}
