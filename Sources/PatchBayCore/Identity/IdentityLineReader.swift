/// Reads identity records line by line, from CSV with a header row
/// (`externalId,email,phone[,tenant]`, any order, RFC 4180 quoting within a
/// line) or from NDJSON (one object per line with the same members). The
/// format is chosen by the first line that is not blank: NDJSON when it
/// starts with `{` (a UTF-8 byte order mark before it is skipped). Lines
/// stream through: nothing but the header is kept.
public struct IdentityLineReader: Sendable {
    /// The columns a CSV header may name.
    public static let columns = ["externalId", "email", "phone", "tenant"]

    private enum Format {
        case csv(columns: [String])
        case ndjson
    }

    private var format: Format?

    public init() {}

    /// The record on `line`; `nil` for a blank line or the CSV header.
    /// Throws ``IdentityRecordRefusal`` for a line that is refused, and
    /// ``IdentityFileError`` when the header makes the whole input unreadable.
    public mutating func read(_ line: some Collection<UInt8>) throws -> IdentityRecord? {
        var bytes = Array(line)
        if bytes.last == 0x0D { bytes.removeLast() }
        guard bytes.contains(where: { $0 != 0x20 && $0 != 0x09 }) else { return nil }
        switch format {
        case nil:
            // A byte order mark, as spreadsheets write before a CSV header.
            if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
            if bytes.first(where: { $0 != 0x20 && $0 != 0x09 }) == UInt8(ascii: "{") {
                format = .ndjson
                return try Self.object(bytes)
            }
            format = .csv(columns: try Self.header(bytes))
            return nil
        case .csv(let columns)?:
            return try Self.row(bytes, columns: columns)
        case .ndjson?:
            return try Self.object(bytes)
        }
    }

    private static func header(_ bytes: [UInt8]) throws(IdentityFileError) -> [String] {
        let names: [String]
        do {
            names = try CSVLine.fields(bytes).map { $0.trimmingWhitespace }
        } catch {
            throw IdentityFileError("the CSV header: \(error.reason)")
        }
        for name in names where !columns.contains(name) {
            throw IdentityFileError(
                "the CSV header names \(JSONValue.string(name).excerpt), expected columns among \(columns.joined(separator: ", "))")
        }
        if Set(names).count != names.count { throw IdentityFileError("the CSV header names a column twice") }
        guard names.contains("externalId"), names.contains("email") || names.contains("phone") else {
            throw IdentityFileError("the CSV header needs externalId and at least one of email, phone (e.g. externalId,email,phone,tenant)")
        }
        return names
    }

    private static func row(_ bytes: [UInt8], columns: [String]) throws(IdentityRecordRefusal) -> IdentityRecord {
        let fields = try CSVLine.fields(bytes)
        guard fields.count == columns.count else {
            throw IdentityRecordRefusal("\(fields.count) field(s) where the header names \(columns.count)")
        }
        func field(_ name: String) -> String? { columns.firstIndex(of: name).map { fields[$0] } }
        return try IdentityRecord(tenant: field("tenant"), externalId: field("externalId"), email: field("email"), phone: field("phone"))
    }

    private static func object(_ bytes: [UInt8]) throws(IdentityRecordRefusal) -> IdentityRecord {
        guard case .object(let object)? = try? JSONParser().parse(bytes) else {
            throw IdentityRecordRefusal("not a JSON object")
        }
        var texts: [String: String] = [:]
        for member in object.members {
            guard columns.contains(member.key) else {
                throw IdentityRecordRefusal("unknown member \(JSONValue.string(member.key).excerpt), expected \(columns.joined(separator: ", "))")
            }
            switch member.value {
            case .string(let text): texts[member.key] = text
            case .null: continue
            default: throw IdentityRecordRefusal("\(member.key) is \(member.value.typeArticle), expected a string")
            }
        }
        return try IdentityRecord(tenant: texts["tenant"], externalId: texts["externalId"], email: texts["email"], phone: texts["phone"])
    }
}

/// An identity input that cannot be read at all (its CSV header).
public struct IdentityFileError: Error, Sendable, CustomStringConvertible {
    public let description: String

    init(_ description: String) {
        self.description = description
    }
}
