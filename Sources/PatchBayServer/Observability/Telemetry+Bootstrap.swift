import Logging
import Metrics

extension Bridge.Telemetry {
    /// Makes this telemetry the process's: every swift-log logger writes
    /// through a redacting ``StructuredLogHandler`` in `logFormat` to standard
    /// error, and swift-metrics records into ``BridgeMetrics/registry``.
    /// Call once, first thing in `patchbay serve`.
    public func bootstrapProcess(logFormat: LogFormat, logLevel: Logger.Level) {
        let redactor = redactor
        LoggingSystem.bootstrap { label in
            StructuredLogHandler(label: label, format: logFormat, redactor: redactor, level: logLevel)
        }
        MetricsSystem.bootstrap(metrics.factory)
    }
}
