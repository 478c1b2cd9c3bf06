/// One source's mapping file, compiled: how its deliveries are read and
/// which customer updates they produce. Load it with
/// ``Mapping/load(file:contents:readFile:)`` or as part of a ``MappingSet``.
public struct Mapping: Sendable {
    /// The source name: the endpoint is `/hooks/<source>`.
    public let source: String
    /// The file it was loaded from, when known.
    public let file: String?
    /// What the operator wrote about it.
    public let description: String?
    /// How deliveries are verified: the `verify` section, decoded.
    public let verify: VerificationSettings
    /// How request bodies are written.
    public let body: BodyFormat
    /// Whether updates may carry fields outside the schema (the PATCH then
    /// carries the extra-fields query parameter).
    public let allowExtraFields: Bool
    /// Whether the source is authoritative for identities: the email and
    /// phone its updates set are learned for their customers (`learnIdentities`).
    public let learnIdentities: Bool
    /// The customer schema updates are checked against.
    public let schema: CustomerSchema
    /// The examples the file carries, with what they must produce.
    public let tests: [EmbeddedTest]

    /// The top-level members whose text is read as JSON (`jsonText`).
    let jsonText: JSONTextMembers?
    let events: JSONPath?
    let key: MappingValue
    let tenant: MappingValue?
    let time: EventTime?
    let rules: [Rule]
    /// What of a body the mapping reads (see ``projection(events:key:tenant:time:rules:)``).
    let projection: JSONProjection?
    /// The member names of earlier deliveries, reused when parsing the next.
    let memberNames = MemberNameCache()

    /// Whether the mapping sets a tenant (`reach-tenant-id`) for its events.
    public var setsTenant: Bool { tenant != nil }

    /// The environment variable that holds the source's secret by default
    /// (see ``SecretReference/defaultVariableName(forSource:)``).
    public var defaultSecretVariable: String {
        SecretReference.defaultVariableName(forSource: source)
    }
}
