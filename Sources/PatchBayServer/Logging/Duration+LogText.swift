import Foundation

extension Duration {
    /// The duration for a log line, rounded to milliseconds: `0.812 seconds`,
    /// not Swift's `0.812345678901234567 seconds`.
    var logText: String {
        let milliseconds = (Double(components.seconds) * 1000 + Double(components.attoseconds) / 1e15).rounded()
        return String(format: "%.3f seconds", milliseconds / 1000)
    }
}
