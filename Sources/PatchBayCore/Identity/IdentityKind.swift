/// The kinds of address a provider may know a customer by, and the identity
/// index keeps: the customer fields whose schema marks them `EMAIL` or `PHONE`.
public enum IdentityKind: String, Sendable, Hashable, CaseIterable, Codable {
    case email
    case phone

    /// The kind of a customer field with this PII annotation, if it is an address.
    public init?(pii: PIIKind) {
        switch pii {
        case .email: self = .email
        case .phone: self = .phone
        default: return nil
        }
    }
}
