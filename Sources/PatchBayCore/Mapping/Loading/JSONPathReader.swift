extension Node {
    /// The JSONPath query in this string, compiled; a problem (with the
    /// character offset) when it is not valid RFC 9535.
    func jsonPath(_ problems: Problems) -> JSONPath? {
        guard let query = string(problems, expected: "a JSONPath query such as \"$.data.id\"") else { return nil }
        return Node.compile(query, at: location, problems)
    }

    static func compile(_ query: String, at location: Location, _ problems: Problems) -> JSONPath? {
        do {
            return try JSONPath(query)
        } catch {
            problems.report(
                location, "invalid JSONPath '\(query)': \(error.message) at offset \(error.offset)", expected: "an RFC 9535 JSONPath query")
            return nil
        }
    }
}
