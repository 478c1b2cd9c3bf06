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
    /// The updates of the rules that fired, in rule order; always empty when
    /// the event has ``errors``, as nothing of such an event is sent.
    public var updates: [CustomerUpdate] = []
    /// The updates of the rules that fired whose customer is found by
    /// identity lookup, in rule order; always empty when the event has ``errors``.
    public var lookups: [LookupUpdate] = []
    /// The (customer, address) pairs the event teaches, when its mapping
    /// learns identities: each email or phone its updates set.
    public var identities: [LearnedIdentity] = []
    /// What stops the event: its key, tenant or time, a rule's condition or
    /// externalId, or a field of a rule that fails the event on a bad field.
    public var errors: [EventError] = []
    /// Fields left out of their updates because their values are invalid;
    /// the rest of the event is sent.
    public var problems: [EventError] = []
    /// The rules whose condition held but that set no field (every value was
    /// missing or invalid), in rule order.
    public var rulesWithoutFields: [String] = []

    /// An event with nothing mapped yet.
    public init(index: Int, key: String? = nil, tenant: String? = nil, time: Timestamp? = nil) {
        self.index = index
        self.key = key
        self.tenant = tenant
        self.time = time
    }

    /// Whether the event produced neither updates nor errors (no rule fired).
    public var isIgnored: Bool { updates.isEmpty && lookups.isEmpty && errors.isEmpty }
}
