/// An email address or phone number in the one form the identity index
/// compares: an email trimmed and lower-cased, a phone number in E.164.
public struct IdentityAddress: Sendable, Hashable, CustomStringConvertible {
    public let kind: IdentityKind
    /// The normalized text.
    public let value: String

    /// Normalizes `text` as an address of `kind`, or says why it is not one:
    /// an email needs exactly one `@` with text on both sides and no
    /// whitespace or control character; a phone number must be international
    /// (E.164 after removing separators).
    public init(_ kind: IdentityKind, _ text: String) throws(TransformFailure) {
        self.kind = kind
        switch kind {
        case .email:
            let email = CaseMapping.lowercased(text.trimmingWhitespace)
            let parts = email.split(separator: "@", omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty,
                !email.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.properties.generalCategory == .control })
            else { throw TransformFailure("\(JSONValue.string(text).excerpt) is not an email address") }
            value = email
        case .phone:
            value = try PhoneNumber.e164(text, defaultCountry: nil)
        }
    }

    public var description: String { "\(kind.rawValue) \(value)" }
}
