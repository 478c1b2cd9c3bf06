/// A JSON object of the `"verify"` section being decoded: typed access to its
/// members, each problem reported with the member's exact location.
struct SettingsObject {
    private let object: JSONObject
    /// The object's own location, as a normalized path.
    let location: String

    /// Reads `value` as an object; anything else is a problem at `location`.
    init(_ value: JSONValue, location: String, expected: String) throws(MappingProblem) {
        guard let object = value.objectValue else {
            throw MappingProblem(location: location, message: "is \(value.typeName)", expected: expected)
        }
        self.object = object
        self.location = location
    }

    /// The normalized path of the member `key` (RFC 9535 escaping).
    func location(of key: String) -> String {
        var path = location + "['"
        NormalizedPath.appendEscaped(key, to: &path)
        return path + "']"
    }

    /// The member `key`, when present.
    subscript(key: String) -> JSONValue? { object[key] }

    /// Whether the member `key` is present.
    func has(_ key: String) -> Bool { object[key] != nil }

    /// Fails on the first key not in `allowed`, naming those that are.
    func rejectUnknownKeys(allowed: [String], context: String) throws(MappingProblem) {
        for key in object.keys where !allowed.contains(key) {
            throw MappingProblem(
                location: location(of: key), message: "unknown key '\(key)' \(context)",
                expected: "one of " + allowed.map { "'\($0)'" }.joined(separator: ", ")
            )
        }
    }

    /// The string member `key`, `nil` when absent; a non-string, or an empty
    /// string unless `allowEmpty`, is a problem.
    func string(_ key: String, expected: String, allowEmpty: Bool = false) throws(MappingProblem) -> String? {
        guard let value = object[key] else { return nil }
        guard let text = value.stringValue else {
            throw MappingProblem(location: location(of: key), message: "is \(value.typeName)", expected: expected)
        }
        guard allowEmpty || !text.isEmpty else {
            throw MappingProblem(location: location(of: key), message: "is empty", expected: expected)
        }
        return text
    }

    /// The string member `key`, which must be present.
    func requiredString(_ key: String, expected: String) throws(MappingProblem) -> String {
        guard let text = try string(key, expected: expected) else {
            throw MappingProblem(location: location, message: "missing key '\(key)'", expected: expected)
        }
        return text
    }

    /// The member `key` as one of the cases of `Choice` by raw value.
    func choice<Choice: RawRepresentable & CaseIterable>(_ key: String) throws(MappingProblem) -> Choice?
    where Choice.RawValue == String {
        let expected = "one of " + Choice.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
        guard let text = try string(key, expected: expected) else { return nil }
        guard let choice = Choice(rawValue: text) else {
            throw MappingProblem(location: location(of: key), message: "unknown value \"\(text)\"", expected: expected)
        }
        return choice
    }

    /// The member `key` as an HTTP header name (an RFC 9110 token).
    func headerName(_ key: String) throws(MappingProblem) -> String? {
        let expected = "a header name such as \"X-Signature\""
        guard let name = try string(key, expected: expected) else { return nil }
        let tokenSymbols = "!#$%&'*+-.^_`|~"
        guard name.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic
            || ("0"..."9").contains($0) || tokenSymbols.unicodeScalars.contains($0)) })
        else {
            throw MappingProblem(location: location(of: key), message: "\"\(name)\" is not a header name", expected: expected)
        }
        return name
    }

    /// The member `key` as a position in a list: a whole number from 0.
    func position(_ key: String) throws(MappingProblem) -> Int? {
        guard let value = object[key] else { return nil }
        guard let position = value.numberValue?.intValue, position >= 0 else {
            throw MappingProblem(location: location(of: key), message: "is \(value)", expected: "a whole number from 0 (the first entry)")
        }
        return position
    }

    /// The member `key` as a timestamp tolerance in whole seconds.
    func tolerance(_ key: String) throws(MappingProblem) -> TimestampTolerance? {
        guard let value = object[key] else { return nil }
        let allowed = TimestampTolerance.allowedSeconds
        guard let seconds = value.numberValue?.intValue, allowed.contains(seconds) else {
            throw MappingProblem(
                location: location(of: key), message: "is \(value)",
                expected: "a whole number of seconds from \(allowed.lowerBound) to \(allowed.upperBound), e.g. 300"
            )
        }
        return TimestampTolerance(seconds: seconds)
    }

    /// The member `key` as a ``PublicURL``.
    func publicURL(_ key: String) throws(MappingProblem) -> PublicURL? {
        let expected = "an absolute http(s) URL without query or fragment, e.g. \"https://example.com/hooks/twilio\""
        guard let text = try string(key, expected: expected) else { return nil }
        guard let url = PublicURL(text) else {
            throw MappingProblem(location: location(of: key), message: "\"\(text)\" is not a usable public URL", expected: expected)
        }
        return url
    }
}
