import Configuration
import Foundation

/// Reads a ``ServeSecret`` from its environment variable, or from the file
/// its `_FILE` variable names (trailing line breaks dropped).
struct SecretReader {
    var environment: [String: String]

    func value(of secret: ServeSecret) throws(ServeConfigurationError) -> String? {
        let reader = ConfigReader(
            provider: EnvironmentVariablesProvider(environmentVariables: environment, secretsSpecifier: .all))
        let direct = reader.string(forKey: ConfigKey([secret.environmentVariable]), isSecret: true)
        let path = reader.string(forKey: ConfigKey([secret.fileVariable]))
        switch (direct, path) {
        case (.some, .some):
            throw ServeConfigurationError("set either \(secret.environmentVariable) or \(secret.fileVariable), not both")
        case (.some(let value), nil):
            return try nonEmpty(value, secret.environmentVariable)
        case (nil, .some(let path)):
            return try nonEmpty(try contents(of: path, secret), "the file \(path) (\(secret.fileVariable))")
        case (nil, nil):
            return nil
        }
    }

    private func contents(of path: String, _ secret: ServeSecret) throws(ServeConfigurationError) -> String {
        let bytes: [UInt8]
        do {
            bytes = try FileContents.read(path)
        } catch {
            throw ServeConfigurationError("\(secret.fileVariable): \(error)")
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw ServeConfigurationError("\(secret.fileVariable): \(path) is not UTF-8 text")
        }
        var value = Substring(text)
        while value.last?.isNewline == true { value = value.dropLast() }
        return String(value)
    }

    private func nonEmpty(_ value: String, _ origin: String) throws(ServeConfigurationError) -> String {
        guard !value.isEmpty else { throw ServeConfigurationError("\(origin) is empty") }
        return value
    }
}
