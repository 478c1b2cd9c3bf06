/// What an upstream's error statuses mean to the dispatcher: retry the
/// update later, dead-letter it, or pause delivery for the whole upstream.
///
/// Written as comma-separated `STATUS=CLASS` entries, where STATUS is a code
/// (`409`) or a class of codes (`4xx`) and CLASS is `retry`, `dead` or
/// `pause`. A code's own entry wins over its class's. Entries given by an
/// operator are laid over ``standard``, so `404=retry` changes only 404.
/// A status no entry covers (a 3xx, say) is dead-lettered.
public struct UpstreamStatusClasses: Sendable, Equatable {
    /// What to do after a status.
    public enum Action: String, Sendable, Equatable, CaseIterable {
        /// Try the update again later, with backoff.
        case retry
        /// Dead-letter the update: retrying cannot fix it.
        case dead
        /// Keep the update pending and stop delivering to the upstream
        /// until a probe is accepted: the credentials, not the update, are wrong.
        case pause
    }

    /// The reasoned defaults: authentication failures (401, 403) pause, since
    /// every other update would fail the same way; a timeout (408), a conflict
    /// (409), "too early" (425), rate limiting (429) and server trouble (5xx)
    /// may pass; any other client error is the update's own fault.
    public static let standardText = "401=pause,403=pause,408=retry,409=retry,425=retry,429=retry,4xx=dead,5xx=retry"

    /// The classes of ``standardText``.
    public static let standard = try! UpstreamStatusClasses(parsing: standardText, over: UpstreamStatusClasses(codes: [:], hundreds: [:]))

    private var codes: [Int: Action]
    private var hundreds: [Int: Action]

    private init(codes: [Int: Action], hundreds: [Int: Action]) {
        self.codes = codes
        self.hundreds = hundreds
    }

    /// The entries of `text` laid over `base`.
    ///
    /// - Throws: ``UpstreamStatusClassesError`` naming the first entry that is
    ///   not `STATUS=CLASS` with a status from 300 to 599 (or `3xx` to `5xx`).
    public init(parsing text: String, over base: UpstreamStatusClasses = .standard) throws(UpstreamStatusClassesError) {
        self = base
        for entry in text.split(separator: ",", omittingEmptySubsequences: false) {
            let parts = entry.split(separator: "=", omittingEmptySubsequences: false)
            guard parts.count == 2, let action = Action(rawValue: parts[1].trimmingBlanks().lowercased()) else {
                throw UpstreamStatusClassesError(entry: String(entry))
            }
            let status = parts[0].trimmingBlanks().lowercased()
            if status.count == 3, status.hasSuffix("xx"), let hundred = Int(status.prefix(1)), (3...5).contains(hundred) {
                hundreds[hundred] = action
            } else if status.count == 3, let code = Int(status), (300...599).contains(code) {
                codes[code] = action
            } else {
                throw UpstreamStatusClassesError(entry: String(entry))
            }
        }
    }

    /// What to do after `status`, a status that is not a success.
    public func action(for status: Int) -> Action {
        codes[status] ?? hundreds[status / 100] ?? .dead
    }
}

/// A status-class entry that cannot be read.
public struct UpstreamStatusClassesError: Error, Equatable, CustomStringConvertible {
    /// The entry as written.
    public var entry: String

    public var description: String {
        "\"\(entry)\" is not STATUS=CLASS, with STATUS a code from 300 to 599 or 3xx, 4xx, 5xx and CLASS retry, dead or pause"
    }
}
