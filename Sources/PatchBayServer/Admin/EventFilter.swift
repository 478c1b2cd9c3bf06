import Foundation
import Hummingbird
import PatchBayStore

/// The filters of `GET /api/events` and `POST /api/replay`, from the query
/// string: `source`, `status`, `customer` (an external id), `tenant`, `from`
/// and `to` (RFC 3339 or Unix seconds; received at or after / before),
/// `limit` (1–500, default 50) and `cursor` (the previous page's `nextCursor`).
struct EventFilter {
    /// The query the parameters describe.
    var query: EventQuery

    init(_ parameters: Parameters, defaultStatus: EventStatus? = nil) throws(AdminError) {
        query = EventQuery()
        query.source = parameters["source"].flatMap { $0.isEmpty ? nil : String($0) }
        query.externalId = parameters["customer"].flatMap { $0.isEmpty ? nil : String($0) }
        query.tenant = parameters["tenant"].flatMap { $0.isEmpty ? nil : String($0) }
        query.status = defaultStatus
        if let status = parameters["status"], !status.isEmpty {
            guard let value = EventStatus(rawValue: String(status)) else {
                throw AdminError.badRequest(
                    "unknown status '\(status)'; expected one of \(EventStatus.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            query.status = value
        }
        query.receivedFrom = try Self.time(parameters, "from")
        query.receivedBefore = try Self.time(parameters, "to")
        if let limit = parameters["limit"] {
            guard let value = Int(limit), (1...500).contains(value) else {
                throw AdminError.badRequest("limit must be an integer from 1 to 500, got '\(limit)'")
            }
            query.limit = value
        }
        if let cursor = parameters["cursor"] {
            guard let value = EventID(cursor), value > 0 else {
                throw AdminError.badRequest("cursor must be the nextCursor of a previous page, got '\(cursor)'")
            }
            query.cursor = value
        }
    }

    /// The seconds since 1970 of the first and the last moment of the years 1 to 9999, the times the store holds.
    private static let storableSeconds = -62_135_596_800.0...253_402_300_799.0

    private static func time(_ parameters: Parameters, _ name: String) throws(AdminError) -> Date? {
        guard let text = parameters[Substring(name)], !text.isEmpty else { return nil }
        guard let date = Double(text).map(Date.init(timeIntervalSince1970:)) ?? rfc3339(String(text)) else {
            throw AdminError.badRequest("\(name) must be an RFC 3339 time such as 2024-05-01T12:00:00Z or Unix seconds, got '\(text)'")
        }
        guard storableSeconds.contains(date.timeIntervalSince1970) else {
            throw AdminError.badRequest("\(name) must be a time from the year 1 to the year 9999, got '\(text)'")
        }
        return date
    }

    /// `text` read as RFC 3339, with or without fractional seconds.
    private static func rfc3339(_ text: String) -> Date? {
        for options in [ISO8601DateFormatter.Options.withInternetDateTime, [.withInternetDateTime, .withFractionalSeconds]] {
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = options
            if let date = formatter.date(from: text) { return date }
        }
        return nil
    }
}

/// A request the admin API refuses, with the status and message it answers.
struct AdminError: Error {
    var status: HTTPResponse.Status
    var message: String

    static func badRequest(_ message: String) -> AdminError { AdminError(status: .badRequest, message: message) }
    static func notFound(_ message: String) -> AdminError { AdminError(status: .notFound, message: message) }

    var response: Response { .json(WebhookReply.error(message), status: status) }
}
