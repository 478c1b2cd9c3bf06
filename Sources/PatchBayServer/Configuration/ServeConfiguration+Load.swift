import Configuration
import Foundation
import SystemPackage

extension ServeConfiguration {
    /// The environment variable naming the JSON config file.
    public static let configFileVariable = "PATCHBAY_CONFIG"

    /// Builds the configuration from, highest precedence first: the
    /// command-line flags, the environment (`PATCHBAY_*`), the JSON config
    /// file (`configFile`, else `PATCHBAY_CONFIG`; optional), and the defaults.
    /// Secrets come from the environment only (see ``ServeSecret``).
    ///
    /// - Parameters:
    ///   - commandLine: the flags given, as their text.
    ///   - configFile: the `--config` flag.
    ///   - environment: the process environment.
    /// - Throws: a message naming the flag, variable or file key at fault.
    public static func load(
        commandLine: [ServeSetting: String] = [:],
        configFile: String? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) async throws(ServeConfigurationError) -> ServeConfiguration {
        let settings = try await layers(commandLine: commandLine, configFile: configFile, environment: environment)
        var configuration = try ServeConfiguration(settings: settings)
        configuration.upstreamAuth = try upstreamAuth(
            environment: environment, partnerId: try settings.string(.upstreamPartnerId))
        configuration.adminToken = try adminToken(environment: environment)
        return configuration
    }

    /// The configuration of the other commands that share settings with
    /// `serve` (where the store and the mappings are): only the settings in
    /// `reading` are read, through the same layers as ``load(commandLine:configFile:environment:)``;
    /// every other setting, and every secret, keeps its default, so a command
    /// fails on nothing it does not use.
    public static func load(
        _ reading: Set<ServeSetting>,
        commandLine: [ServeSetting: String] = [:],
        configFile: String? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) async throws(ServeConfigurationError) -> ServeConfiguration {
        try ServeConfiguration(
            settings: try await layers(commandLine: commandLine, configFile: configFile, environment: environment, only: reading))
    }

    /// The flags, the environment and the config file, highest precedence
    /// first, reading the settings in `only` (`nil` for all).
    private static func layers(
        commandLine: [ServeSetting: String], configFile: String?, environment: [String: String],
        only: Set<ServeSetting>? = nil
    ) async throws(ServeConfigurationError) -> SettingLayers {
        var layers = [
            SettingLayers.Layer(
                provider: EnvironmentVariablesProvider(
                    environmentVariables: Dictionary(
                        uniqueKeysWithValues: commandLine.map { ($0.key.environmentVariable, $0.value) })
                ).prefixKeys(with: "patchbay"),
                origin: \.flag,
                text: { commandLine[$0] }),
            SettingLayers.Layer(
                provider: EnvironmentVariablesProvider(environmentVariables: environment).prefixKeys(with: "patchbay"),
                origin: \.environmentVariable,
                text: { environment[$0.environmentVariable] }),
        ]
        if let path = configFile ?? environment[configFileVariable] {
            layers.append(try await configFileLayer(path))
        }
        return SettingLayers(layers, only: only)
    }

    /// The shortest admin token accepted: a short one can be guessed.
    public static let shortestAdminToken = 16

    /// The admin token, at least ``shortestAdminToken`` characters long.
    private static func adminToken(environment: [String: String]) throws(ServeConfigurationError) -> String? {
        guard let token = try SecretReader(environment: environment).value(of: .adminToken) else { return nil }
        guard token.count >= shortestAdminToken else {
            throw ServeConfigurationError(
                "\(ServeSecret.adminToken.environmentVariable) is \(token.count) characters long; use at least \(shortestAdminToken), e.g. $(openssl rand -hex 24)"
            )
        }
        return token
    }

    private static func configFileLayer(_ path: String) async throws(ServeConfigurationError) -> SettingLayers.Layer {
        try ConfigFileCheck(path: path).run()
        do {
            let provider = try await FileProvider<JSONSnapshot>(filePath: FilePath(path))
            return SettingLayers.Layer(provider: provider, origin: { "\"\($0.key)\" in \(path)" }, text: { _ in nil })
        } catch {
            throw ServeConfigurationError("config file \(path): \(error)")
        }
    }

    /// The upstream credentials from the environment: a static token, or a
    /// JWT secret with a partner id, or none.
    private static func upstreamAuth(
        environment: [String: String], partnerId: String?
    ) throws(ServeConfigurationError) -> UpstreamAuth {
        let token = try SecretReader(environment: environment).value(of: .upstreamToken)
        let jwtSecret = try SecretReader(environment: environment).value(of: .upstreamJwtSecret)
        switch (token, jwtSecret, partnerId) {
        case (.some, .some, _):
            throw ServeConfigurationError(
                "set either \(ServeSecret.upstreamToken.environmentVariable) or \(ServeSecret.upstreamJwtSecret.environmentVariable), not both")
        case (.some(let token), nil, nil):
            guard !token.lowercased().hasPrefix("bearer ") else {
                throw ServeConfigurationError(
                    "\(ServeSecret.upstreamToken.environmentVariable) starts with \"Bearer \": give the token alone, PatchBay sends the \"Bearer \" itself"
                )
            }
            return .staticToken(token)
        case (.some, nil, .some):
            throw ServeConfigurationError(
                "\(ServeSetting.upstreamPartnerId.flag) is for JWTs; it has no use with \(ServeSecret.upstreamToken.environmentVariable)")
        case (nil, .some(let secret), .some(let partnerId)):
            return .partnerJWT(secret: secret, partnerId: partnerId)
        case (nil, .some, nil):
            throw ServeConfigurationError(
                "\(ServeSecret.upstreamJwtSecret.environmentVariable) needs a partner id: \(ServeSetting.upstreamPartnerId.flag) or \(ServeSetting.upstreamPartnerId.environmentVariable)"
            )
        case (nil, nil, .some):
            throw ServeConfigurationError(
                "\(ServeSetting.upstreamPartnerId.flag) needs \(ServeSecret.upstreamJwtSecret.environmentVariable) to sign the JWT")
        case (nil, nil, nil):
            return .none
        }
    }
}
