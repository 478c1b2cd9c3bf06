import Foundation

/// Writes `patchbay: <message>` as one line on standard error: how every
/// command reports what it did not do, a failure's message included.
func note(_ message: String) {
    FileHandle.standardError.write(Data("patchbay: \(message)\n".utf8))
}
