import ArgumentParser
import Foundation
import PatchBayServer

/// The options of `patchbay serve`. Each flag has an environment twin and a
/// config file key (see `ServeSetting`); flags win over the environment,
/// which wins over the config file, which wins over the defaults. Secrets are
/// read from the environment only.
struct ServeOptions: ParsableArguments {
    @Option(help: .setting(.host)) var host: String?
    @Option(help: .setting(.port)) var port: String?
    @Option(help: .setting(.data)) var data: String?
    @Option(help: .setting(.mappings)) var mappings: String?
    @Option(help: .setting(.upstream)) var upstream: String?
    @Option(help: .setting(.upstreamPartnerId)) var upstreamPartnerId: String?
    @Option(help: .setting(.bodyLimit)) var bodyLimit: String?
    @Option(help: .setting(.readTimeout)) var readTimeout: String?
    @Option(help: .setting(.timestampTolerance)) var timestampTolerance: String?
    @Option(help: .setting(.publicBaseUrl)) var publicBaseUrl: String?
    @Option(help: .setting(.durability)) var durability: String?
    @Option(help: .setting(.retentionDays)) var retentionDays: String?
    @Option(help: .setting(.maxInFlight)) var maxInFlight: String?
    @Option(name: .customLong("upstream-timeout-ms"), help: .setting(.upstreamTimeoutMs)) var upstreamTimeoutMs: String?
    @Option(help: .setting(.upstreamCaFile)) var upstreamCaFile: String?
    @Option(help: .setting(.providerCaFile)) var providerCaFile: String?
    @Option(help: .setting(.upstreamStatusClasses)) var upstreamStatusClasses: String?
    @Option(help: .setting(.extraFieldsParameter)) var extraFieldsParameter: String?
    @Option(name: .customLong("standin-port"), help: .setting(.standinPort)) var standinPort: String?
    @Option(name: .customLong("retry-base-ms"), help: .setting(.retryBaseMs)) var retryBaseMs: String?
    @Option(name: .customLong("retry-cap-ms"), help: .setting(.retryCapMs)) var retryCapMs: String?
    @Option(help: .setting(.retryMaxAttempts)) var retryMaxAttempts: String?
    @Option(help: .setting(.retryMaxAgeHours)) var retryMaxAgeHours: String?
    @Option(help: .setting(.identityWaitHours)) var identityWaitHours: String?
    @Option(help: .setting(.store)) var store: String?
    @Option(help: .setting(.instanceId)) var instanceId: String?
    @Option(help: .setting(.leaseSeconds)) var leaseSeconds: String?
    @Option(help: .setting(.adminHost)) var adminHost: String?
    @Option(help: .setting(.adminPort)) var adminPort: String?
    @Option(help: .setting(.logFormat)) var logFormat: String?
    @Option(help: .setting(.logLevel)) var logLevel: String?
    @Flag(help: .setting(.logUnredacted)) var logUnredacted = false
    @Option(help: .configFile) var config: String?

    /// The flags given, by setting.
    var commandLine: [ServeSetting: String] {
        let given: [(ServeSetting, String?)] = [
            (.host, host), (.port, port), (.data, data), (.mappings, mappings), (.upstream, upstream),
            (.upstreamPartnerId, upstreamPartnerId), (.bodyLimit, bodyLimit), (.readTimeout, readTimeout),
            (.timestampTolerance, timestampTolerance), (.publicBaseUrl, publicBaseUrl), (.durability, durability),
            (.retentionDays, retentionDays), (.maxInFlight, maxInFlight),
            (.upstreamTimeoutMs, upstreamTimeoutMs), (.upstreamCaFile, upstreamCaFile), (.providerCaFile, providerCaFile),
            (.upstreamStatusClasses, upstreamStatusClasses), (.extraFieldsParameter, extraFieldsParameter), (.standinPort, standinPort),
            (.retryBaseMs, retryBaseMs), (.retryCapMs, retryCapMs), (.retryMaxAttempts, retryMaxAttempts),
            (.retryMaxAgeHours, retryMaxAgeHours), (.identityWaitHours, identityWaitHours), (.store, store), (.instanceId, instanceId),
            (.leaseSeconds, leaseSeconds),
            (.adminHost, adminHost), (.adminPort, adminPort),
            (.logFormat, logFormat), (.logLevel, logLevel), (.logUnredacted, logUnredacted ? "true" : nil),
        ]
        return Dictionary(uniqueKeysWithValues: given.compactMap { setting, value in value.map { (setting, $0) } })
    }

    /// The configuration these flags, `environment` and the config file give;
    /// an invalid value is a usage error (exit 2).
    func configuration(
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) async throws -> ServeConfiguration {
        let configuration: ServeConfiguration
        do {
            configuration = try await ServeConfiguration.load(commandLine: commandLine, configFile: config, environment: environment)
        } catch {
            throw CommandFailure.usage(error.message)
        }
        guard configuration.upstream != nil else { throw CommandFailure.usage(ServeConfiguration.missingUpstream.message) }
        return configuration
    }

    /// The secrets, for the `serve` command's discussion text.
    static let secretsHelp = ServeSecret.allCases.map {
        "\($0.environmentVariable) (or a file named by \($0.fileVariable)): \($0.summary)."
    }.joined(separator: "\n")
}

extension ArgumentHelp {
    /// A setting's help: what it does and its environment variable.
    static func setting(_ setting: ServeSetting) -> ArgumentHelp {
        ArgumentHelp("\(setting.summary) [env: \(setting.environmentVariable)]")
    }

    /// The help of `--config`, for `serve` and every command that reads its settings.
    static let configFile = ArgumentHelp(
        "JSON config file whose keys are the long flag names in camelCase (e.g. {\"bodyLimit\": 65536}); secrets are refused there. [env: \(ServeConfiguration.configFileVariable)]",
        valueName: "file")
}
