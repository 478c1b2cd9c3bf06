/// Reads samples out of a Prometheus text exposition.
struct PrometheusText {
    let text: String

    init(_ bytes: [UInt8]) {
        text = String(decoding: bytes, as: UTF8.self)
    }

    /// The value of the sample `series` — a name, with its labels in braces
    /// as exposed (`patchbay_x_total{source="stripe"}`) — or nil when absent.
    func value(_ series: String) -> Double? {
        for line in text.split(separator: "\n") where line.hasPrefix(series + " ") {
            return Double(line.dropFirst(series.count + 1))
        }
        return nil
    }

}
