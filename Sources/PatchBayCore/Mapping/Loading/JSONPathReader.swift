extension Node {
    /// The JSONPath query in this string, compiled; a problem (with the
    /// character offset) when it is not valid RFC 9535. A relative query is
    /// refused: what this reads (the events, a rule's `forEach`) is read
    /// from the delivery, where no element exists yet.
    func jsonPath(_ problems: Problems) -> JSONPath? {
        guard let query = string(problems, expected: "a JSONPath query such as \"$.data.id\"") else { return nil }
        return Node.compile(query, at: location, problems)
    }

    /// The JSONPath query of a value in this string: from the event (`$…`)
    /// or from the element of the rule's `forEach` (`@…`).
    func valuePath(_ problems: Problems) -> JSONPath? {
        guard let query = string(problems, expected: "a JSONPath query such as \"$.data.id\" or \"@.email\"") else { return nil }
        return Node.compile(query, at: location, problems, allowingRelative: true)
    }

    static func compile(_ query: String, at location: Location, _ problems: Problems, allowingRelative: Bool = false) -> JSONPath? {
        do {
            return allowingRelative ? try JSONPath(mappingQuery: query) : try JSONPath(query)
        } catch {
            problems.report(
                location, "invalid JSONPath '\(query)': \(error.message) at offset \(error.offset)", expected: "an RFC 9535 JSONPath query")
            return nil
        }
    }
}

extension JSONPath {
    /// A query as a mapping's values write it: from the event (`$…`), or
    /// relative (`@…`), from the element of the rule's `forEach`.
    init(mappingQuery query: String) throws(JSONPathError) {
        if query.hasPrefix("@") { try self.init(relative: query) } else { try self.init(query) }
    }
}
