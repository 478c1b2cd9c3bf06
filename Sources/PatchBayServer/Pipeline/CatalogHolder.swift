import Synchronization

/// The ``SourceCatalog`` in force, swapped whole when the mappings are
/// reloaded. A request takes the catalog once and finishes on it.
public final class CatalogHolder: Sendable {
    private let state: Mutex<SourceCatalog>

    public init(_ catalog: SourceCatalog) {
        state = Mutex(catalog)
    }

    /// The catalog in force now.
    public var current: SourceCatalog {
        state.withLock { $0 }
    }

    /// Puts `catalog` in force for every request that starts from now on.
    public func replace(with catalog: SourceCatalog) {
        state.withLock { $0 = catalog }
    }
}
