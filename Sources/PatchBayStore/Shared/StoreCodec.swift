import Foundation
import HTTPTypes
import PatchBayCore

/// Conversions between the store's Swift values and their stored forms,
/// shared by every backend: times as integer milliseconds, JSON as text.
enum StoreCodec {
    /// Integer milliseconds since 1970, the stored form of every time.
    /// Throws for times outside the years 1 to 9999 (and for NaN).
    static func millis(_ date: Date) throws -> Int64 {
        let millis = (date.timeIntervalSince1970 * 1000).rounded()
        guard abs(millis) <= 253_402_300_799_999 else {
            throw EventStoreError.invalidArgument("the time \(date.timeIntervalSince1970)s since 1970 is out of range")
        }
        return Int64(millis)
    }

    static func date(_ millis: Int64) -> Date {
        Date(timeIntervalSince1970: Double(millis) / 1000)
    }

    static func date(_ millis: Int64?) -> Date? {
        millis.map(date)
    }

    static func json(_ object: JSONObject) -> String {
        JSONValue.object(object).serialized()
    }

    /// A stored JSON object; `what` names it in the error when it is not one.
    static func object(_ text: String, what: String = "update data") throws -> JSONObject {
        guard let object = try? JSONParser().parse(text).objectValue else {
            throw EventStoreError.corruptRecord("stored \(what) is not a JSON object")
        }
        return object
    }

    /// Per-field event times as a JSON object of integer milliseconds, fields sorted.
    static func json(fieldTimes: [String: Int64]) -> String {
        json(JSONObject(fieldTimes.sorted { $0.key < $1.key }.map { (key: $0.key, value: .number(JSONNumber(Int($0.value)))) }))
    }

    /// Per-field event times from their stored form (see ``json(fieldTimes:)``).
    static func fieldTimes(_ text: String) throws -> [String: Int64] {
        var times: [String: Int64] = [:]
        for member in try object(text, what: "field-time record") {
            guard let millis = member.value.numberValue?.intValue else {
                throw EventStoreError.corruptRecord("a stored field time is not an integer")
            }
            times[member.key] = Int64(millis)
        }
        return times
    }

    /// Headers as a JSON array of `[name, value]` pairs, keeping order, repeats
    /// and names as received.
    static func json(_ headers: HTTPFields) -> String {
        JSONValue.array(headers.map { .array([.string($0.name.rawName), .string($0.value)]) }).serialized()
    }

    /// The headers ``json(_:)`` wrote. Values are read back
    /// leniently, so any value a listener received reads back as it was.
    static func headers(_ text: String) throws -> HTTPFields {
        guard let pairs = try? JSONParser().parse(text).arrayValue else {
            throw EventStoreError.corruptRecord("stored headers are not a JSON array")
        }
        // `HTTPFields` traps past 65,534 fields; nothing the listener accepted has that many.
        guard pairs.count < Int(UInt16.max) - 1 else {
            throw EventStoreError.corruptRecord("stored headers hold \(pairs.count) fields")
        }
        return HTTPFields(
            try pairs.map { pair in
                guard let name = pair[0]?.stringValue, let value = pair[1]?.stringValue else {
                    throw EventStoreError.corruptRecord("stored header is not a [name, value] pair")
                }
                guard let fieldName = HTTPField.Name(name) else {
                    throw EventStoreError.corruptRecord("stored header name '\(name)' is not an HTTP field name")
                }
                return HTTPField(name: fieldName, lenientValue: Array(value.utf8))
            })
    }

    /// At most `limit` UTF-8 bytes of `text`, cut on a character boundary.
    static func truncated(_ text: String?, limit: Int) -> String? {
        guard let text, text.utf8.count > limit else { return text }
        var end = text.utf8.index(text.utf8.startIndex, offsetBy: limit)
        while !text.unicodeScalars.indices.contains(end) { end = text.utf8.index(before: end) }
        return String(text.unicodeScalars[..<end])
    }

    static func enumValue<Value: RawRepresentable<String>>(_ raw: String, as type: Value.Type) throws -> Value {
        guard let value = Value(rawValue: raw) else {
            throw EventStoreError.corruptRecord("unknown \(Value.self) '\(raw)'")
        }
        return value
    }

    // MARK: Columns

    /// The event columns every backend selects, in this order.
    static let eventColumns =
        "id, delivery_id, source, idempotency_key, event_index, event_time, received_at, status, error, finished_at"

    /// The update columns every backend selects, in this order.
    static let updateColumns = """
        id, event_id, tenant, external_id, sequence, data, allow_extra_fields, event_time, accepted_at, status, \
        attempts, next_attempt_at, last_error, last_http_status, last_response
        """
}
