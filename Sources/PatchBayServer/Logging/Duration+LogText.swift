import Foundation
import PatchBayCore

extension Duration {
    /// The duration for a log line, rounded to milliseconds: `0.812 seconds`,
    /// not Swift's `0.812345678901234567 seconds`.
    var logText: String {
        String(format: "%.3f seconds", inSeconds)
    }
}
