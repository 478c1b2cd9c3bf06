/// How a mock Reach behaves.
public struct MockReachOptions: Sendable, Equatable {
    /// The address to bind; loopback by default.
    public var host: String
    /// The port to bind; 0 picks a free one.
    public var port: Int
    /// Whether a PATCH for an unknown customer creates it (the default, so a
    /// bridge can be developed against an empty stand-in) or answers 404.
    public var createOnPatch: Bool
    /// The query parameter that lets a request carry fields outside the
    /// customer schema (accepted but not saved).
    public var extraFieldsParameter: String
    /// The bearer-token check.
    public var auth: MockReachAuth
    /// Whether a PATCH or POST repeating an earlier successful request's
    /// `Idempotency-Key` gets that request's answer again without being
    /// applied, as an upstream honouring the header does.
    public var deduplicatesIdempotencyKeys: Bool
    /// The faults to inject.
    public var faults: FaultPlan
    /// How many of the most recent requests the journal keeps; `nil` keeps all.
    public var journalLimit: Int?

    public init(
        host: String = "127.0.0.1",
        port: Int = 0,
        createOnPatch: Bool = true,
        extraFieldsParameter: String = "allowExtraFields",
        auth: MockReachAuth = .none,
        deduplicatesIdempotencyKeys: Bool = false,
        faults: FaultPlan = FaultPlan(),
        journalLimit: Int? = nil
    ) {
        self.host = host
        self.port = port
        self.createOnPatch = createOnPatch
        self.extraFieldsParameter = extraFieldsParameter
        self.auth = auth
        self.deduplicatesIdempotencyKeys = deduplicatesIdempotencyKeys
        self.faults = faults
        self.journalLimit = journalLimit
    }
}
