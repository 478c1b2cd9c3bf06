import Foundation

extension FaultPlan {
    /// A latency from text: one duration (`250ms`, `1.5s`, `0`) for a fixed
    /// delay, or two joined by `-` (`10ms-200ms`) for a uniform range; `nil`
    /// when the text is neither or the range is reversed.
    public static func latency(from text: String) -> ClosedRange<Duration>? {
        let bounds = text.split(separator: "-", omittingEmptySubsequences: false)
        guard (1...2).contains(bounds.count) else { return nil }
        let durations = bounds.compactMap { duration(from: $0) }
        guard durations.count == bounds.count, let low = durations.first, let high = durations.last, low <= high
        else { return nil }
        return low...high
    }

    /// A duration from `250ms`, `1.5s` or a bare number of milliseconds.
    public static func duration(from text: Substring) -> Duration? {
        var number = text
        var scale = 1.0
        if text.hasSuffix("ms") {
            number = text.dropLast(2)
        } else if text.hasSuffix("s") {
            number = text.dropLast()
            scale = 1000
        }
        guard let value = Double(number), value >= 0, value.isFinite else { return nil }
        return .milliseconds(value * scale)
    }

    /// HTTP error statuses from a comma-separated list (`500,503`); `nil`
    /// when an item is not a number.
    public static func statuses(from text: String) -> [Int]? {
        let items = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        let statuses = items.compactMap { Int($0) }
        return statuses.count == items.count && !statuses.isEmpty ? statuses : nil
    }
}
