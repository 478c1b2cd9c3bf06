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
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty, !email.unicodeScalars.contains(where: Self.isSpaceOrControl)
            else { throw TransformFailure("\(JSONValue.string(text).excerpt) is not an email address") }
            value = email
        case .phone:
            value = try PhoneNumber.e164(text, defaultCountry: nil)
        }
    }

    public var description: String { "\(kind.rawValue) \(value)" }

    /// Whether `scalar` is whitespace or a control character; ASCII is
    /// decided without Unicode property lookups (they cost more than the
    /// rest of the normalization, on the hot path of every lookup).
    private static func isSpaceOrControl(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII { return scalar.value <= 0x20 || scalar.value == 0x7F }
        return scalar.properties.isWhitespace || scalar.properties.generalCategory == .control
    }
}
