import Logging
import PatchBayCore

/// Everything `patchbay serve` is configured with, validated. Build it with
/// ``load(commandLine:environment:)``.
public struct ServeConfiguration: Sendable, Equatable {
    /// Where updates go.
    public enum Upstream: Sendable, Equatable {
        /// The local Reach stand-in, started in-process: `--upstream standin`,
        /// for trials only (what it accepts reaches no real Reach).
        case localStandIn
        /// Reach at this base URL (http or https, no trailing slash).
        case remote(String)
    }

    /// How calls to Reach authenticate.
    public enum UpstreamAuth: Sendable, Equatable, CustomStringConvertible {
        case none
        /// A static bearer token.
        case staticToken(String)
        /// Partner-scoped HS256 JWTs signed with `secret` for `partnerId`.
        case partnerJWT(secret: String, partnerId: String)

        /// Names the kind of credential, never the secret.
        public var description: String {
            switch self {
            case .none: "none"
            case .staticToken: "static token"
            case .partnerJWT(_, let partnerId): "partner JWT for \(partnerId)"
            }
        }
    }

    /// the store's commit durability.
    public enum Durability: String, Sendable, Equatable, CaseIterable {
        /// Survives a crash of the process; the last commits may be lost on power failure.
        case normal
        /// Every commit is synced to disk before the reply.
        case full
    }

    public var host: String = "0.0.0.0"
    public var port: Int = 8080
    public var dataDirectory: String = "./data"
    public var mappingsDirectory: String = "./mappings"
    /// Where updates go; `nil` until set, and `serve` refuses to start
    /// without it (see ``missingUpstream``): a forgotten upstream must not
    /// mark real events delivered to a stand-in.
    public var upstream: Upstream?
    public var upstreamAuth: UpstreamAuth = .none
    /// The largest webhook body accepted, in bytes.
    public var bodyLimit: Int = 1 << 20
    /// See ``ListenerOptions/readTimeout``.
    public var readTimeout: Duration = .seconds(30)
    /// How far a signed timestamp may be from the clock.
    public var timestampTolerance: Duration = .seconds(300)
    /// The public base URL providers call, without a trailing slash.
    public var publicBaseURL: String?
    public var durability: Durability = .normal
    /// Days finished deliveries are kept.
    public var retentionDays: Int = 30
    /// How long an update waits for its customer's identity before it is dead-lettered.
    public var identityWait: Duration = .seconds(72 * 3600)
    /// Most PATCH requests in flight at once.
    public var maxInFlight: Int = 32
    /// How long one PATCH may take, connecting included.
    public var upstreamTimeout: Duration = .seconds(30)
    /// A PEM file of the certificate authorities trusted for an https
    /// upstream; `nil` for the system's.
    public var upstreamCAFile: String?
    /// Authorities trusted for fetches from providers (SNS certificates), in
    /// place of the system's.
    public var providerCAFile: String?
    /// The name of Reach's query parameter that accepts fields outside its schema.
    public var extraFieldsParameter: String = "allowExtraFields"
    /// The port of the in-process Reach stand-in (with ``Upstream/localStandIn``).
    public var standInPort: Int = 8081
    /// A PostgreSQL URL for a store shared by several instances; `nil` for
    /// SQLite in ``dataDirectory``.
    public var storeURL: String?
    /// This instance's name on a shared store; `nil` for a random one.
    public var instanceId: String?
    /// How long a claimed customer stays claimed; `nil` for ``defaultLease``.
    /// At least ``shortestLease``, so an attempt and its recording end well
    /// within the lease.
    public var lease: Duration?
    /// When and how often failed PATCHes are retried.
    public var retryPolicy = RetryPolicy()
    /// The admin listener's address.
    public var adminHost: String = "127.0.0.1"
    public var adminPort: Int = 9090
    /// The admin listener's bearer token; without one the listener does not run.
    public var adminToken: String?
    public var logFormat: LogFormat = .json
    public var logLevel: Logger.Level = .info
    /// Whether personal data is logged as is.
    public var logUnredacted = false

    /// The defaults.
    public init() {}

    /// The lease when none is set: 5 minutes, or ``shortestLease`` if that is longer.
    public var defaultLease: Duration { max(.seconds(300), shortestLease) }

    /// The shortest lease allowed: twice the upstream timeout.
    public var shortestLease: Duration { upstreamTimeout * 2 }

    /// What every source must meet, at start and at every reload.
    public var sourceRequirements: SourceRequirements {
        var requirements = SourceRequirements(defaultTolerance: TimestampTolerance(seconds: Int(timestampTolerance.components.seconds)))
        if case .partnerJWT = upstreamAuth { requirements.tenantRequired = true }
        return requirements
    }

    /// The listener limits this configuration sets.
    public var listenerOptions: ListenerOptions {
        ListenerOptions(bodyLimit: bodyLimit, readTimeout: readTimeout)
    }
}

extension ServeConfiguration {
    /// Why `serve` does not start without an upstream, with both choices.
    public static var missingUpstream: ServeConfigurationError {
        ServeConfigurationError(
            """
            no upstream: set \(ServeSetting.upstream.flag) (\(ServeSetting.upstream.environmentVariable), or "upstream" in the config file) \
            to Reach's base URL, e.g. --upstream https://api.embedreach.com, or to `standin` (--upstream standin) \
            to send to a local Reach stand-in for a trial, whose customers are kept in memory only
            """)
    }
}

/// A configuration value that is missing, malformed or out of range; the
/// message names where the value came from.
public struct ServeConfigurationError: Error, Equatable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
