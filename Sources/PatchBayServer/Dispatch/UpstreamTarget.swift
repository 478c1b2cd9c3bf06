import PatchBayTransport

/// Where and how updates are sent: the Reach base URL, its credentials and
/// the name of the extra-fields query parameter.
public struct UpstreamTarget: Sendable {
    /// The Reach API base, e.g. `https://api.embedreach.com`.
    public var baseURL: String
    /// Signs or supplies the bearer token; `nil` sends no `Authorization`.
    public var authenticator: UpstreamAuthenticator?
    /// The query parameter that lets Reach accept fields outside its schema.
    public var extraFieldsParameter: String

    public init(baseURL: String, authenticator: UpstreamAuthenticator?, extraFieldsParameter: String = "allowExtraFields") {
        self.baseURL = baseURL
        self.authenticator = authenticator
        self.extraFieldsParameter = extraFieldsParameter
    }
}
