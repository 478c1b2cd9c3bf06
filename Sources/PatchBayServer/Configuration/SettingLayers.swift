import Configuration

/// The configuration sources of `patchbay serve`, highest precedence first,
/// read through one swift-configuration ``ConfigReader``; each layer also
/// knows how to name where a setting came from, for error messages.
struct SettingLayers {
    /// One source.
    struct Layer {
        var provider: any ConfigProvider
        /// Where a setting comes from in this source (`--port`, `PATCHBAY_PORT`, …).
        var origin: (ServeSetting) -> String
        /// The setting's text as given, when the source is textual.
        var text: (ServeSetting) -> String?
    }

    let layers: [Layer]
    private let reader: ConfigReader
    /// The settings read; the others read as unset. `nil` for all.
    private let only: Set<ServeSetting>?

    init(_ layers: [Layer], only: Set<ServeSetting>? = nil) {
        self.layers = layers
        self.reader = ConfigReader(providers: layers.map(\.provider))
        self.only = only
    }

    /// The setting as text, or `nil` when no layer sets it.
    func string(_ setting: ServeSetting) throws(ServeConfigurationError) -> String? {
        try read(setting, expected: "a string") { try $0.requiredString(forKey: ConfigKey(setting.key)) }
    }

    /// The setting as an integer, or `nil` when no layer sets it.
    func int(_ setting: ServeSetting) throws(ServeConfigurationError) -> Int? {
        try read(setting, expected: "an integer") { try $0.requiredInt(forKey: ConfigKey(setting.key)) }
    }

    /// An error saying the setting, from the layer that set it, is not `expected`.
    func invalid(_ setting: ServeSetting, expected: String) -> ServeConfigurationError {
        guard let layer = layers.first(where: { $0.sets(setting) }) else {
            return ServeConfigurationError("\(setting.flag): expected \(expected)")
        }
        let given = layer.text(setting).map { ", got \"\($0)\"" } ?? ""
        return ServeConfigurationError("\(layer.origin(setting)): expected \(expected)\(given)")
    }

    private func read<Value>(
        _ setting: ServeSetting, expected: String, _ value: (ConfigReader) throws -> Value
    ) throws(ServeConfigurationError) -> Value? {
        guard only?.contains(setting) != false, layers.contains(where: { $0.sets(setting) }) else { return nil }
        do {
            return try value(reader)
        } catch {
            throw invalid(setting, expected: expected)
        }
    }
}

extension SettingLayers.Layer {
    /// Whether this source has a value for the setting, of whatever type.
    func sets(_ setting: ServeSetting) -> Bool {
        do {
            return try provider.value(forKey: AbsoluteConfigKey([setting.key]), type: .string).value != nil
        } catch {
            // Present, but not a string (a number in the config file).
            return true
        }
    }
}
