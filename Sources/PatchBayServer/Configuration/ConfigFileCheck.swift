import Foundation
import PatchBayCore

/// Checks a `serve` config file before it is layered: it must be a JSON
/// object whose keys are ``ServeSetting`` keys — so a misspelt key is an
/// error, not silently ignored — and it must hold no secret.
struct ConfigFileCheck {
    var path: String

    func run() throws(ServeConfigurationError) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ServeConfigurationError("config file \(path): cannot be read")
        }
        let value: JSONValue
        do {
            value = try JSONParser().parse(Array(data))
        } catch {
            throw ServeConfigurationError("config file \(path): \(error)")
        }
        guard let object = value.objectValue else {
            throw ServeConfigurationError("config file \(path): expected a JSON object, got \(value.typeName)")
        }
        for key in object.keys where ServeSetting(rawValue: key) == nil {
            if let secret = ServeSecret(rawValue: key) {
                throw ServeConfigurationError(
                    "config file \(path): \"\(key)\" is a secret and is not read from files of settings; set \(secret.environmentVariable) or \(secret.fileVariable)"
                )
            }
            let known = ServeSetting.allCases.map(\.key).joined(separator: ", ")
            throw ServeConfigurationError("config file \(path): unknown key \"\(key)\"; known keys: \(known)")
        }
    }
}
