import PatchBayCore

/// The customer fields a mock Reach accepts — Reach's nine default fields —
/// and the check of a request's `data` against them.
struct CustomerFieldRules {
    /// A field's JSON type.
    enum FieldType {
        case string
        case boolean
        /// A string in RFC 3339 date-time form.
        case dateTime
    }

    /// Reach's default customer schema (reach-api.md).
    static let reachDefault = CustomerFieldRules(fields: [
        "customerId": .string,
        "email": .string,
        "phone": .string,
        "firstName": .string,
        "lastName": .string,
        "emailOptOut": .boolean,
        "smsOptOut": .boolean,
        "customerDetailUrl": .string,
        "createdAt": .dateTime,
    ])

    var fields: [String: FieldType]

    /// The fields of `data` to save. Unknown fields are refused (400) unless
    /// `allowExtraFields`, in which case they are accepted but dropped, as
    /// Reach documents; a known field of the wrong type is refused (422).
    func check(_ data: JSONObject, allowExtraFields: Bool) -> Result<JSONObject, MockReachError> {
        let unknown = data.keys.filter { fields[$0] == nil }
        if !unknown.isEmpty, !allowExtraFields {
            let names = unknown.map { "\"\($0)\"" }.joined(separator: ", ")
            return .failure(.badRequest("unknown customer field(s) \(names); extra fields are rejected unless allowed"))
        }
        var saved = JSONObject()
        for (name, value) in data {
            guard let type = fields[name] else { continue }
            if let problem = Self.problem(with: value, as: type) {
                return .failure(.unprocessable("field \"\(name)\" \(problem)"))
            }
            saved[name] = value
        }
        return .success(saved)
    }

    private static func problem(with value: JSONValue, as type: FieldType) -> String? {
        switch (type, value) {
        case (.string, .string), (.boolean, .bool):
            return nil
        case (.dateTime, .string(let text)):
            return PatchBayCore.FieldType.isRFC3339DateTime(text) ? nil : "must be an RFC 3339 date-time, got \"\(text)\""
        case (.string, _):
            return "must be a string, got \(value.typeName)"
        case (.boolean, _):
            return "must be a boolean, got \(value.typeName)"
        case (.dateTime, _):
            return "must be an RFC 3339 date-time string, got \(value.typeName)"
        }
    }
}
