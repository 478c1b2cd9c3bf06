import Foundation

/// Where the store is: the embedded SQLite store in a data directory, or a
/// shared PostgreSQL database. The one place that chooses between the two,
/// for `serve` and every command that opens the store.
public enum StoreLocation: Sendable, Equatable {
    /// SQLite in the data directory (`--data`).
    case sqlite(directory: URL)
    /// PostgreSQL at a `postgres://…` URL (`--store`).
    case postgres(url: String)

    /// PostgreSQL when `url` is given and not empty, else SQLite in `dataDirectory`.
    public init(url: String?, dataDirectory: URL) {
        if let url, !url.isEmpty {
            self = .postgres(url: url)
        } else {
            self = .sqlite(directory: dataDirectory)
        }
    }
}
