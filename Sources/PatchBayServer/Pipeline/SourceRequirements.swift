import PatchBayCore

/// What `serve` asks of every source beyond its own mapping, the same at
/// start and at every mapping reload.
public struct SourceRequirements: Sendable, Equatable {
    /// The timestamp tolerance of sources whose mapping sets none.
    public var defaultTolerance: TimestampTolerance
    /// Whether every mapping must set a tenant. A partner-scoped JWT acts for
    /// no tenant of its own, so Reach answers 400 to a PATCH without
    /// `reach-tenant-id`: such a mapping is refused when it loads, not
    /// discovered as dead letters.
    public var tenantRequired: Bool

    public init(defaultTolerance: TimestampTolerance = .standard, tenantRequired: Bool = false) {
        self.defaultTolerance = defaultTolerance
        self.tenantRequired = tenantRequired
    }

    /// Why `mapping` does not meet these requirements, or `nil`.
    func problem(with mapping: Mapping) -> String? {
        guard tenantRequired, !mapping.setsTenant else { return nil }
        return "\(mapping.file ?? "source '\(mapping.source)'"): $: sets no \"tenant\", but the upstream token is partner-scoped"
            + " (PATCHBAY_UPSTREAM_PARTNER_ID) and Reach refuses its PATCHes without reach-tenant-id (400); add a \"tenant\" to the mapping"
    }
}
