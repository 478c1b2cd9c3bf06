import Foundation
import PatchBayCore

/// An address as the identity index keeps it: its tenant, its kind and its
/// keyed hash (see ``IdentityKey/digest(of:)``).
struct HashedAddress: Hashable {
    /// `nil` for none (stored as `''`).
    let tenant: String?
    let kind: IdentityKind
    let digest: [UInt8]

    /// The address of a stored row's `tenant`, `kind` and `digest` columns.
    init(storedTenant: String, kind: String, digest: Data) throws {
        self.tenant = storedTenant.isEmpty ? nil : storedTenant
        self.kind = try StoreCodec.enumValue(kind, as: IdentityKind.self)
        self.digest = Array(digest)
    }
}
