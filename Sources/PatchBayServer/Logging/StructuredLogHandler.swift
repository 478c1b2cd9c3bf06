import Foundation
import Logging
import PatchBayCore

/// PatchBay's swift-log handler: every line as JSON (``LogFormat/json``) or
/// text, with personal data taken out by a ``LogRedactor`` — in the message,
/// in every metadata value and in the error.
///
/// `patchbay serve` bootstraps the logging system with it; tests give it a
/// ``LogOutput`` that collects the lines.
public struct StructuredLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    public var logLevel: Logger.Level

    private let label: String
    private let format: LogFormat
    private let redactor: LogRedactor
    private let output: LogOutput

    public init(
        label: String, format: LogFormat, redactor: LogRedactor, output: LogOutput = .standardError,
        level: Logger.Level = .info, metadataProvider: Logger.MetadataProvider? = nil
    ) {
        self.label = label
        self.format = format
        self.redactor = redactor
        self.output = output
        self.logLevel = level
        self.metadataProvider = metadataProvider
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { _, new in new } }
        if let given = event.metadata { merged.merge(given) { _, new in new } }
        if let error = event.error { merged["error"] = .string("\(error)") }
        let timestamp = Timestamp(Date()).rfc3339
        let message = redactor.redact(event.message.description)
        let fields = merged.sorted { $0.key < $1.key }.map { key, value in (key, redacted(value, key: key)) }
        switch format {
        case .json:
            var object = JSONObject([
                (key: "timestamp", value: .string(timestamp)),
                (key: "level", value: .string(event.level.rawValue)),
                (key: "label", value: .string(label)),
                (key: "message", value: .string(message)),
            ])
            for (key, value) in fields where object[key] == nil { object[key] = value }
            output.emit(JSONValue.object(object).serialized())
        case .text:
            // Escaped, so that a value holding a line break cannot forge a line.
            let pairs = fields.map { key, value in " \(key)=\((value.stringValue ?? value.serialized()).logEscaped)" }.joined()
            output.emit("\(timestamp) \(event.level.rawValue) \(label): \(message.logEscaped)\(pairs)")
        }
    }

    /// A metadata value as JSON, redacted: a PII field's whole value, or the
    /// personal data inside any other string.
    private func redacted(_ value: Logger.Metadata.Value, key: String?) -> JSONValue {
        if let key, redactor.isPIIField(key) { return .string(LogRedactor.fieldMark) }
        switch value {
        case .string(let text): return .string(redactor.redact(text))
        case .stringConvertible(let convertible): return .string(redactor.redact(convertible.description))
        case .array(let values): return .array(values.map { redacted($0, key: nil) })
        case .dictionary(let entries):
            return .object(JSONObject(entries.sorted { $0.key < $1.key }.map { (key: $0.key, value: redacted($0.value, key: $0.key)) }))
        }
    }
}
