/// A secret `patchbay serve` reads: only from its environment variable, or
/// from the file named by the same variable with `_FILE` appended — never
/// from a flag or the config file.
public enum ServeSecret: String, CaseIterable, Sendable {
    /// A static bearer token for Reach.
    case upstreamToken
    /// The shared secret that signs Reach partner-scoped JWTs.
    case upstreamJwtSecret
    /// The bearer token of the admin listener.
    case adminToken

    /// The environment variable holding the secret.
    public var environmentVariable: String { "PATCHBAY_" + ServeSetting.upperSnakeCase(rawValue) }

    /// The environment variable naming a file that holds the secret.
    public var fileVariable: String { environmentVariable + "_FILE" }

    /// What the secret is, for `--help`.
    public var summary: String {
        switch self {
        case .upstreamToken: "a static bearer token for Reach"
        case .upstreamJwtSecret: "the shared secret signing Reach partner-scoped JWTs (needs --upstream-partner-id)"
        case .adminToken:
            "the bearer token of the admin listener (metrics, admin API, console), which runs only when it is set; at least 16 characters"
        }
    }
}
