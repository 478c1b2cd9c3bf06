import HTTPTypes

extension HTTPFields {
    /// The value of the one field named `name`: a missing field or a repeated
    /// one fails, since a signature check must not guess which copy counts.
    func single(_ name: String) throws(VerificationFailure) -> String {
        let found = values(name)
        guard let first = found.first else { throw .missingHeader(name) }
        guard found.count == 1 else { throw .malformedHeader(name, reason: "sent \(found.count) times") }
        return first
    }
}
