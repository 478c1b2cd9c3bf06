/// One customer's addresses, as a line of an identity import or fixture
/// gives them.
public struct IdentityRecord: Sendable, Hashable {
    public var tenant: String?
    public var externalId: String
    /// Its email and phone number, normalized, whichever are given (at least one).
    public var addresses: [IdentityAddress]

    /// A record from a line's texts, where an empty text counts as absent;
    /// throws why the line is refused: no externalId or an invalid one, an
    /// invalid tenant, an address that does not normalize, or no address.
    public init(tenant: String?, externalId: String?, email: String?, phone: String?) throws(IdentityRecordRefusal) {
        func present(_ text: String?) -> String? { text.flatMap { $0.isEmpty ? nil : $0 } }
        guard let externalId = present(externalId) else { throw IdentityRecordRefusal("externalId is missing") }
        if let violation = IdentityValue.violation(in: externalId) { throw IdentityRecordRefusal("externalId \(violation)") }
        let tenant = present(tenant)
        if let tenant, let violation = IdentityValue.violation(in: tenant) { throw IdentityRecordRefusal("tenant \(violation)") }
        var addresses: [IdentityAddress] = []
        for (kind, text) in [(IdentityKind.email, email), (.phone, phone)] {
            guard let text = present(text) else { continue }
            do throws(TransformFailure) {
                addresses.append(try IdentityAddress(kind, text))
            } catch {
                throw IdentityRecordRefusal("\(kind.rawValue): \(error.message)")
            }
        }
        guard !addresses.isEmpty else { throw IdentityRecordRefusal("neither an email nor a phone is given") }
        self.tenant = tenant
        self.externalId = externalId
        self.addresses = addresses
    }

    /// The record's (customer, address) pairs.
    public var identities: [LearnedIdentity] {
        addresses.map { LearnedIdentity(tenant: tenant, externalId: externalId, address: $0) }
    }
}

/// Why one line of an identity import or fixture is refused.
public struct IdentityRecordRefusal: Error, Sendable, Hashable, CustomStringConvertible {
    public let reason: String

    public init(_ reason: String) {
        self.reason = reason
    }

    public var description: String { reason }
}
