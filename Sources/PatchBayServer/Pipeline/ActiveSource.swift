import PatchBayCore

/// One source ready to receive deliveries: its mapping and the verifier built
/// from its `verify` section and secrets.
public struct ActiveSource: Sendable {
    /// The compiled mapping file.
    public let mapping: Mapping
    /// Checks each delivery before it is mapped.
    public let verifier: any WebhookVerifier

    public init(mapping: Mapping, verifier: any WebhookVerifier) {
        self.mapping = mapping
        self.verifier = verifier
    }

    /// The source name, as in `/hooks/<source>`.
    public var name: String { mapping.source }
}
