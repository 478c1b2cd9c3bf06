import PostgresNIO

/// Why an operation of a ``PostgresStore`` failed, as its callers (the ingest
/// pipeline, the dispatcher, the admin API) see and log it. postgres-nio's own
/// errors print as a generic placeholder, which would leave an operator blind
/// during an outage; errors of the store itself (``EventStoreError``) pass
/// through unchanged.
enum PostgresFailure: Error, CustomStringConvertible {
    /// The server closed the connection (it stopped, crashed or ended the session).
    case connectionClosed
    /// No pooled connection became free, or could be opened, within `waited`.
    case noConnection(waited: Duration)
    /// Opening connections has failed for a while; the pool refuses requests
    /// at once and goes on trying to connect, with growing pauses (at most a minute).
    case cannotConnect
    /// PostgreSQL or the connection reported this, as ``PostgresStoreError/reason(for:)`` words it.
    case failed(String)

    var description: String {
        switch self {
        case .connectionClosed: "PostgreSQL closed the connection"
        case .noConnection(let waited): "no PostgreSQL connection within \(waited): the server does not answer or every connection is busy"
        case .cannotConnect: "cannot connect to PostgreSQL (the pool keeps trying, at most a minute apart)"
        case .failed(let reason): "PostgreSQL: \(reason)"
        }
    }

    /// `error` as callers should see it.
    static func readable(_ error: any Error) -> any Error {
        switch error {
        case is EventStoreError, is PostgresFailure, is CancellationError: error
        case let error as PSQLError where error.code == .serverClosedConnection || error.code == .clientClosedConnection:
            PostgresFailure.connectionClosed
        // postgres-nio's ConnectionPoolError lives in a module of its own that the store does not import.
        case _ where "\(error)".contains("connectionCreationCircuitBreakerTripped"): PostgresFailure.cannotConnect
        default: PostgresFailure.failed(PostgresStoreError.reason(for: error))
        }
    }
}
