import Foundation

/// Settings of a ``PostgresStore``: the server, the connection pool and the
/// shared ``StoreSettings`` (readable and writable directly, e.g.
/// `configuration.instanceId`).
@dynamicMemberLookup
public struct PostgresStoreConfiguration: Sendable {
    /// The server, database and schema.
    public var connection: PostgresConnectionSettings
    /// The most connections this instance opens (group commit takes up to
    /// ``concurrentCommits``; claims, completions and queries share the rest).
    public var maximumConnections: Int = 10
    /// How many group-commit transactions of deliveries one instance writes at
    /// once, each on its own connection: a batch does not wait for the round
    /// trips and the commit of the one before it (see ``GroupCommitter``).
    public var concurrentCommits: Int = 4
    /// The longest an operation waits for a pooled connection before it fails
    /// (a delivery then gets 503 and its provider retries). Long enough for a
    /// busy pool, short enough to answer before a provider's own timeout while
    /// PostgreSQL is unreachable.
    public var connectionWait: Duration = .seconds(5)
    /// Leases, merging, group commit, maintenance.
    public var settings = StoreSettings()

    /// Settings for the server at `url` (see ``PostgresConnectionSettings/init(url:)``).
    public init(url: String) throws {
        connection = try PostgresConnectionSettings(url: url)
    }

    /// A store setting, e.g. `configuration.leaseDuration`.
    public subscript<Value>(dynamicMember keyPath: WritableKeyPath<StoreSettings, Value>) -> Value {
        get { settings[keyPath: keyPath] }
        set { settings[keyPath: keyPath] = newValue }
    }
}
