import PatchBayCore

/// A setting of `patchbay serve`, readable from a command-line flag, an
/// environment variable or the JSON config file, in that order of precedence.
///
/// The config file key is ``key``; the variable is `PATCHBAY_` followed by the
/// key in upper snake case (``environmentVariable``); the flag is ``flag``.
/// Secrets are not settings: see ``ServeSecret``.
public enum ServeSetting: String, CaseIterable, Sendable {
    case host
    case port
    case data
    case mappings
    case upstream
    case upstreamPartnerId
    case bodyLimit
    case readTimeout
    case timestampTolerance
    case publicBaseUrl
    case durability
    case retentionDays
    case maxInFlight
    case upstreamTimeoutMs
    case upstreamCaFile
    case providerCaFile
    case upstreamStatusClasses
    case extraFieldsParameter
    case standinPort
    case retryBaseMs
    case retryCapMs
    case retryMaxAttempts
    case retryMaxAgeHours
    case identityWaitHours
    case store
    case instanceId
    case leaseSeconds
    case adminHost
    case adminPort
    case logFormat
    case logLevel
    case logUnredacted

    /// The key in the config file.
    public var key: String { rawValue }

    /// The environment variable.
    public var environmentVariable: String { "PATCHBAY_" + Self.upperSnakeCase(rawValue) }

    /// Whether the flag is a switch that takes no value (its variable takes
    /// `true` or `false`).
    public var isSwitch: Bool { self == .logUnredacted }

    /// The long flag, with its dashes.
    public var flag: String { "--" + Self.upperSnakeCase(rawValue).lowercased().replacingOccurrences(of: "_", with: "-") }

    /// What the setting does, for `--help` and docs/configuration.md (`patchbay reference settings`).
    public var summary: String {
        switch self {
        case .host: "Address to bind (default 0.0.0.0, every interface)."
        case .port: "Port to listen on for webhooks; 0 picks a free port (default 8080)."
        case .data: "Data directory, holding the store (default ./data)."
        case .mappings: "Directory of mapping files, one per source (default ./mappings)."
        case .upstream:
            "Reach base URL, e.g. https://api.embedreach.com, or standin for a local Reach stand-in in-process (for trials: it keeps customers in memory only). Required."
        case .upstreamPartnerId:
            "Reach partner id for the partner-scoped JWT signed with PATCHBAY_UPSTREAM_JWT_SECRET."
        case .bodyLimit: "Largest webhook body accepted, in bytes; larger ones get 413 (default 1048576)."
        case .readTimeout:
            "Seconds a client may stay silent, or take to send a whole body, before its connection is closed (default 30)."
        case .timestampTolerance:
            "Seconds a signed timestamp may differ from the clock, for schemes that sign one: 1 to 86400 (default 300)."
        case .publicBaseUrl:
            "Public base URL the providers call (e.g. https://hooks.example.com), for schemes that sign the URL (Twilio) behind a proxy."
        case .durability: "Commit durability of the store: normal or full (SQLite synchronous mode; default normal)."
        case .retentionDays: "Days finished deliveries are kept before pruning (default 30)."
        case .maxInFlight: "Most PATCH requests in flight to the upstream at once (default 32)."
        case .upstreamTimeoutMs:
            "Milliseconds one PATCH may take, connecting included, before it fails and is retried (default 30000)."
        case .upstreamCaFile:
            "PEM file of the certificate authorities trusted for an https upstream, in place of the system's (for a private authority or a TLS-inspecting proxy; default: the system's)."
        case .providerCaFile:
            "PEM file of the certificate authorities trusted when the bridge fetches from a provider (Amazon SNS signing certificates and subscription confirmations), in place of the system's (default: the system's)."
        case .upstreamStatusClasses:
            "What the upstream's error statuses mean, as STATUS=CLASS entries laid over the defaults (\(UpstreamStatusClasses.standardText)); STATUS is a code or 3xx/4xx/5xx, CLASS is retry, dead or pause (pause: keep every update pending and probe with backoff until the upstream accepts again)."
        case .extraFieldsParameter:
            "Name of Reach's query parameter that accepts fields outside its customer schema (default allowExtraFields; Reach's name is not confirmed)."
        case .standinPort:
            "Port of the in-process Reach stand-in started by --upstream standin, on 127.0.0.1; 0 picks a free port (default 8081)."
        case .retryBaseMs:
            "Backoff ceiling before the first retry of a failed PATCH, in milliseconds; it doubles per retry, with full jitter (default 1000)."
        case .retryCapMs: "Largest backoff ceiling between retries, in milliseconds (default 600000, ten minutes)."
        case .retryMaxAttempts: "Attempts after which an update is dead-lettered; 0 for no limit (default 0)."
        case .retryMaxAgeHours:
            "Hours after acceptance beyond which a failing update is dead-lettered instead of retried (default 72)."
        case .identityWaitHours:
            "Hours an update found by identity lookup waits for its customer to be learned or imported before it is dead-lettered as 'identity unknown' (default 72)."
        case .store:
            "PostgreSQL URL of a store shared by several instances, postgres://user:password@host:port/db (prefer the environment variable: it holds a password); default: SQLite in --data."
        case .instanceId:
            "This instance's stable name on a shared store, so a restart resumes its own in-flight work at once (default: a random id per start)."
        case .leaseSeconds:
            "Seconds a customer being delivered stays claimed; if the instance dies, other instances on a shared store take its updates over after this. At least twice the upstream timeout (default 300, or twice the upstream timeout if that is longer)."
        case .adminHost: "Address of the admin listener (metrics, admin API, console; default 127.0.0.1)."
        case .adminPort:
            "Port of the admin listener; 0 picks a free port (default 9090). It runs only when PATCHBAY_ADMIN_TOKEN is set."
        case .logFormat: "Log lines as json (one object per line) or text (default json)."
        case .logLevel: "Least severe level logged: trace, debug, info, notice, warning, error or critical (default info)."
        case .logUnredacted:
            "Log personal data (emails, phone numbers, the schema's PII fields) as is, for local debugging only (default false: redacted)."
        }
    }

    static func upperSnakeCase(_ name: String) -> String {
        var result = ""
        for character in name {
            if character.isUppercase, !result.isEmpty { result.append("_") }
            result.append(contentsOf: character.uppercased())
        }
        return result
    }
}
