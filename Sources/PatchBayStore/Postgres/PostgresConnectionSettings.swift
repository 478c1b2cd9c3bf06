import Foundation
import PostgresNIO

/// Where and how to reach the PostgreSQL server, read from a URL
/// `postgres://USER[:PASSWORD]@HOST[:PORT][/DATABASE][?sslmode=MODE&search_path=SCHEMA]`
/// (`postgresql://` too; user and password percent-encoded).
public struct PostgresConnectionSettings: Sendable, Hashable {
    /// Whether and how connections use TLS, as libpq's `sslmode`.
    public enum TLSMode: String, Sendable, CaseIterable {
        /// Never.
        case disable
        /// TLS when the server offers it, without checking its certificate.
        case prefer
        /// Always TLS; the certificate is not checked (libpq's meaning).
        case require
        /// Always TLS; the certificate must chain to a trusted root.
        case verifyCA = "verify-ca"
        /// Always TLS; the certificate must chain to a trusted root and name the host.
        case verifyFull = "verify-full"
    }

    public var host: String
    public var port: Int
    public var username: String
    public var password: String?
    /// Defaults to the user name, as with libpq.
    public var database: String
    /// Defaults to ``TLSMode/disable`` for a loopback host, ``TLSMode/prefer`` otherwise.
    public var tlsMode: TLSMode
    /// The schema the store's tables live in (`search_path`); the user's default when `nil`.
    public var schema: String?

    /// Reads the settings from `url`; throws ``EventStoreError/invalidArgument(_:)`` saying what is wrong.
    public init(url: String) throws {
        func invalid(_ problem: String) -> EventStoreError {
            .invalidArgument("invalid PostgreSQL URL: \(problem) (expected postgres://USER:PASSWORD@HOST:PORT/DATABASE)")
        }
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased() else {
            throw invalid("'\(Self.redacted(url))' is not a URL")
        }
        guard scheme == "postgres" || scheme == "postgresql" else {
            throw invalid("the scheme is '\(scheme)', not postgres")
        }
        guard var host = components.host, !host.isEmpty else { throw invalid("no host") }
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard let username = components.user, !username.isEmpty else { throw invalid("no user name") }
        let path = components.path.drop { $0 == "/" }
        guard !path.contains("/") else { throw invalid("the database name '\(path)' contains '/'") }

        var tlsMode: TLSMode?
        var schema: String?
        for item in components.queryItems ?? [] {
            switch item.name {
            case "sslmode":
                guard let mode = item.value.flatMap(TLSMode.init(rawValue:)) else {
                    throw invalid(
                        "sslmode '\(item.value ?? "")' is not one of \(TLSMode.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                tlsMode = mode
            case "search_path":
                guard let value = item.value, !value.isEmpty else { throw invalid("search_path is empty") }
                schema = value
            default:
                throw invalid("unknown parameter '\(item.name)' (known: sslmode, search_path)")
            }
        }
        self.host = host
        self.port = components.port ?? 5432
        self.username = username
        self.password = components.password
        self.database = path.isEmpty ? username : String(path)
        self.tlsMode = tlsMode ?? (Self.isLoopback(host) ? .disable : .prefer)
        self.schema = schema
    }

    /// `url` with any password replaced by `***`, for messages and logs.
    public static func redacted(_ url: String) -> String {
        guard var components = URLComponents(string: url), components.password != nil else { return url }
        components.password = "***"
        return components.string ?? "(unreadable URL)"
    }

    static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }

    /// The postgres-nio pool configuration for these settings.
    public func clientConfiguration(maximumConnections: Int) -> PostgresClient.Configuration {
        let tls: PostgresClient.Configuration.TLS =
            switch tlsMode {
            case .disable: .disable
            case .prefer: .prefer(tlsConfiguration)
            case .require, .verifyCA, .verifyFull: .require(tlsConfiguration)
            }
        var configuration = PostgresClient.Configuration(
            host: host, port: port, username: username, password: password, database: database, tls: tls)
        configuration.options.maximumConnections = maximumConnections
        configuration.options.additionalStartupParameters = startupParameters
        return configuration
    }

    /// The postgres-nio configuration of a single connection (which, unlike
    /// the pool, fails at once when the server cannot be reached).
    func connectionConfiguration() throws -> PostgresConnection.Configuration {
        let tls: PostgresConnection.Configuration.TLS =
            switch tlsMode {
            case .disable: .disable
            case .prefer: .prefer(try NIOSSLContext(configuration: tlsConfiguration))
            case .require, .verifyCA, .verifyFull: .require(try NIOSSLContext(configuration: tlsConfiguration))
            }
        var configuration = PostgresConnection.Configuration(
            host: host, port: port, username: username, password: password, database: database, tls: tls)
        configuration.options.additionalStartupParameters = startupParameters
        return configuration
    }

    private var startupParameters: [(String, String)] {
        schema.map { [("search_path", $0)] } ?? []
    }

    /// Certificate checks as `sslmode` asks (used unless TLS is disabled).
    private var tlsConfiguration: TLSConfiguration {
        var configuration = TLSConfiguration.makeClientConfiguration()
        switch tlsMode {
        case .disable, .prefer, .require: configuration.certificateVerification = .none
        case .verifyCA: configuration.certificateVerification = .noHostnameVerification
        case .verifyFull: configuration.certificateVerification = .fullVerification
        }
        return configuration
    }
}
