/// How log lines are written.
public enum LogFormat: String, Sendable, CaseIterable {
    /// One JSON object per line: `timestamp`, `level`, `label`, `message`,
    /// then the metadata keys (flattened: nested values become JSON).
    case json
    /// `timestamp level label: message key=value …`, for a terminal.
    case text
}
