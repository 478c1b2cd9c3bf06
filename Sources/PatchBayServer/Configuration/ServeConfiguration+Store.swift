import Foundation
import Logging
import PatchBayStore

extension ServeConfiguration {
    /// The store settings this configuration sets: the instance id and the lease.
    var storeSettings: StoreSettings {
        var settings = StoreSettings()
        if let instanceId { settings.instanceId = instanceId }
        settings.leaseDuration = (lease ?? defaultLease) / .seconds(1)
        return settings
    }

    /// Where the store is: PostgreSQL at ``storeURL``, else SQLite in ``dataDirectory``.
    public var storeLocation: StoreLocation {
        StoreLocation(url: storeURL, dataDirectory: URL(fileURLWithPath: dataDirectory))
    }

    /// Opens the store this configuration names, for `serve` and for every
    /// command that reads or repairs it, with the identity key from
    /// `PATCHBAY_IDENTITY_KEY` in `environment`, else from the data directory
    /// (see ``IdentityKeyFile``).
    ///
    /// - Parameter onGroupCommit: told the size of each group commit.
    /// - Throws: ``StoreOpenError`` naming the store and why.
    public func openStore(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        onGroupCommit: (@Sendable (Int) -> Void)? = nil, logger: Logger = Logger(label: "patchbay.store")
    ) async throws(StoreOpenError) -> any EventStore {
        var settings = storeSettings
        settings.onGroupCommit = onGroupCommit
        do {
            settings.identityKey = try IdentityKeyFile.load(
                dataDirectory: URL(fileURLWithPath: dataDirectory),
                environmentValue: environment[IdentityKeyFile.environmentVariable])
            return try await storeLocation.open(settings: settings, durability: durability == .full ? .full : .normal, logger: logger)
        } catch {
            let place =
                switch storeLocation {
                case .sqlite: "in \(dataDirectory)"
                case .postgres: "on PostgreSQL"
                }
            throw StoreOpenError(description: "cannot open the store \(place): \(error)")
        }
    }
}

/// Why the store cannot be opened: where it is, and the reason.
public struct StoreOpenError: Error, CustomStringConvertible {
    public let description: String
}
