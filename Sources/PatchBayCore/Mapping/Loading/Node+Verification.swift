import HTTPTypes

/// Readers of the values the `"verify"` section holds; each reports a
/// problem and returns `nil` when the value is not what it must be.
extension Node {
    /// The string, which must not be empty unless `allowEmpty`.
    func text(_ problems: Problems, expected: String, allowEmpty: Bool = false) -> String? {
        guard let text = string(problems, expected: expected) else { return nil }
        guard allowEmpty || !text.isEmpty else {
            problems.report(location, "is empty", expected: expected)
            return nil
        }
        return text
    }

    /// An HTTP header name (an RFC 9110 token).
    func headerName(_ problems: Problems) -> String? {
        let expected = "a header name such as \"X-Signature\""
        guard let name = text(problems, expected: expected) else { return nil }
        guard HTTPField.Name(name) != nil else {
            problems.report(location, "\"\(name)\" is not a header name", expected: expected)
            return nil
        }
        return name
    }

    /// A position in a list: a whole number from 0.
    func position(_ problems: Problems) -> Int? {
        guard let position = value.numberValue?.intValue, position >= 0 else {
            problems.report(location, "is \(value)", expected: "a whole number from 0 (the first entry)")
            return nil
        }
        return position
    }

    /// A timestamp tolerance in whole seconds.
    func tolerance(_ problems: Problems) -> TimestampTolerance? {
        let allowed = TimestampTolerance.allowedSeconds
        guard let seconds = value.numberValue?.intValue, allowed.contains(seconds) else {
            problems.report(
                location, "is \(value)",
                expected: "a whole number of seconds from \(allowed.lowerBound) to \(allowed.upperBound), e.g. 300")
            return nil
        }
        return TimestampTolerance(seconds: seconds)
    }

    /// A ``PublicURL``.
    func publicURL(_ problems: Problems) -> PublicURL? {
        let expected = "an absolute http(s) URL without query or fragment, e.g. \"https://example.com/hooks/twilio\""
        guard let text = text(problems, expected: expected) else { return nil }
        guard let url = PublicURL(text) else {
            problems.report(location, "\"\(text)\" is not a usable public URL", expected: expected)
            return nil
        }
        return url
    }
}

extension Node {
    /// A non-empty array whose every element `element` converts; each
    /// element it refuses is a problem of its own.
    func list<Element>(_ problems: Problems, expected: String, _ element: (JSONValue) -> Element?) -> [Element]? {
        guard let items = array(problems, expected: expected) else { return nil }
        guard !items.isEmpty else {
            problems.report(location, "is array", expected: expected)
            return nil
        }
        var elements: [Element] = []
        for item in items {
            if let converted = element(item.value) {
                elements.append(converted)
            } else {
                problems.report(item.location, "is \(item.value)", expected: expected)
            }
        }
        return elements.count == items.count ? elements : nil
    }
}
