import Foundation
import Logging
import PatchBayCore

extension ServeConfiguration {
    /// The configuration the layers set, over the defaults, each value checked.
    init(settings: SettingLayers) throws(ServeConfigurationError) {
        self.init()
        if let host = try settings.string(.host) {
            guard !host.isEmpty else { throw settings.invalid(.host, expected: "an address to bind") }
            self.host = host
        }
        port = try Self.int(.port, in: 0...65535, settings) ?? port
        dataDirectory = try Self.path(.data, settings) ?? dataDirectory
        mappingsDirectory = try Self.path(.mappings, settings) ?? mappingsDirectory
        if let upstream = try settings.string(.upstream) {
            self.upstream = upstream == "standin" ? .localStandIn : .remote(try Self.baseURL(upstream, .upstream, settings))
        }
        bodyLimit = try Self.int(.bodyLimit, in: 1...(1 << 30), settings) ?? bodyLimit
        readTimeout = try Self.int(.readTimeout, in: 1...3600, settings).map { .seconds($0) } ?? readTimeout
        timestampTolerance =
            try Self.int(.timestampTolerance, in: TimestampTolerance.allowedSeconds, settings).map { .seconds($0) } ?? timestampTolerance
        if let base = try settings.string(.publicBaseUrl) {
            publicBaseURL = try Self.baseURL(base, .publicBaseUrl, settings)
        }
        if let durability = try settings.string(.durability) {
            guard let level = Durability(rawValue: durability) else {
                throw settings.invalid(.durability, expected: "normal or full")
            }
            self.durability = level
        }
        retentionDays = try Self.int(.retentionDays, in: 1...3650, settings) ?? retentionDays
        identityWait = try Self.int(.identityWaitHours, in: 1...8760, settings).map { .seconds($0 * 3600) } ?? identityWait
        maxInFlight = try Self.int(.maxInFlight, in: 1...1024, settings) ?? maxInFlight
        upstreamTimeout =
            try Self.int(.upstreamTimeoutMs, in: 1...3_600_000, settings).map { .milliseconds($0) } ?? upstreamTimeout
        let readablePEM = "a readable PEM file"
        if let file = try Self.path(.upstreamCaFile, settings, expected: readablePEM) {
            guard FileManager.default.isReadableFile(atPath: file) else { throw settings.invalid(.upstreamCaFile, expected: readablePEM) }
            upstreamCAFile = file
        }
        if let file = try Self.path(.providerCaFile, settings, expected: readablePEM) {
            guard FileManager.default.isReadableFile(atPath: file) else { throw settings.invalid(.providerCaFile, expected: readablePEM) }
            providerCAFile = file
        }
        if let text = try settings.string(.upstreamStatusClasses) {
            do {
                retryPolicy.statusClasses = try UpstreamStatusClasses(parsing: text)
            } catch {
                throw settings.invalid(.upstreamStatusClasses, expected: "comma-separated STATUS=CLASS entries (\(error))")
            }
        }
        if let name = try settings.string(.extraFieldsParameter) {
            guard !name.isEmpty, name.unicodeScalars.allSatisfy(Self.isQueryNameCharacter) else {
                throw settings.invalid(.extraFieldsParameter, expected: "a query parameter name of letters, digits, '-', '_', '.' or '~'")
            }
            extraFieldsParameter = name
        }
        standInPort = try Self.int(.standinPort, in: 0...65535, settings) ?? standInPort
        if let base = try Self.int(.retryBaseMs, in: 1...3_600_000, settings) { retryPolicy.baseDelay = .milliseconds(base) }
        if let cap = try Self.int(.retryCapMs, in: 1...86_400_000, settings) { retryPolicy.maxDelay = .milliseconds(cap) }
        if let attempts = try Self.int(.retryMaxAttempts, in: 0...1_000_000, settings) {
            retryPolicy.maxAttempts = attempts == 0 ? nil : attempts
        }
        if let url = try settings.string(.store), !url.isEmpty { storeURL = url }
        if let name = try settings.string(.instanceId) {
            guard !name.isEmpty else { throw settings.invalid(.instanceId, expected: "a non-empty name") }
            instanceId = name
        }
        if let seconds = try Self.int(.leaseSeconds, in: 1...86400, settings) {
            let shortest = Int((shortestLease / .seconds(1)).rounded(.up))
            guard seconds >= shortest else {
                throw settings.invalid(.leaseSeconds, expected: "at least \(shortest), twice the upstream timeout")
            }
            lease = .seconds(seconds)
        }
        if let hours = try Self.int(.retryMaxAgeHours, in: 1...8760, settings) { retryPolicy.maxAge = .seconds(hours * 3600) }
        if let host = try settings.string(.adminHost) {
            guard !host.isEmpty else { throw settings.invalid(.adminHost, expected: "an address to bind") }
            adminHost = host
        }
        adminPort = try Self.int(.adminPort, in: 0...65535, settings) ?? adminPort
        if let format = try settings.string(.logFormat) {
            guard let value = LogFormat(rawValue: format) else { throw settings.invalid(.logFormat, expected: "json or text") }
            logFormat = value
        }
        if let level = try settings.string(.logLevel) {
            guard let value = Logger.Level(rawValue: level) else {
                throw settings.invalid(.logLevel, expected: Logger.Level.allCases.map(\.rawValue).joined(separator: ", "))
            }
            logLevel = value
        }
        if let unredacted = try settings.string(.logUnredacted) {
            switch unredacted.lowercased() {
            case "true", "1", "yes": logUnredacted = true
            case "false", "0", "no": logUnredacted = false
            default: throw settings.invalid(.logUnredacted, expected: "true or false")
            }
        }
    }

    /// Whether `scalar` may appear unescaped in a query parameter's name.
    private static func isQueryNameCharacter(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "-_.~".unicodeScalars.contains(scalar))
    }

    private static func int(
        _ setting: ServeSetting, in range: ClosedRange<Int>, _ settings: SettingLayers
    ) throws(ServeConfigurationError) -> Int? {
        guard let value = try settings.int(setting) else { return nil }
        guard range.contains(value) else {
            throw settings.invalid(setting, expected: "an integer from \(range.lowerBound) to \(range.upperBound)")
        }
        return value
    }

    private static func path(
        _ setting: ServeSetting, _ settings: SettingLayers, expected: String = "a directory path"
    ) throws(ServeConfigurationError) -> String? {
        guard let path = try settings.string(setting) else { return nil }
        guard !path.isEmpty else { throw settings.invalid(setting, expected: expected) }
        return path
    }

    /// An absolute http(s) URL with a host and no query or fragment, without its trailing slashes.
    private static func baseURL(
        _ text: String, _ setting: ServeSetting, _ settings: SettingLayers
    ) throws(ServeConfigurationError) -> String {
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
            ["http", "https"].contains(scheme), components.host?.isEmpty == false,
            components.query == nil, components.fragment == nil
        else {
            throw settings.invalid(setting, expected: "an http or https base URL such as https://api.example.com")
        }
        var trimmed = Substring(text)
        while trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        return String(trimmed)
    }
}
