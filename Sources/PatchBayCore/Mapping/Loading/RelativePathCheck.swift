extension MappingValue {
    /// The first relative path (`@…`) the value reads: a path into the
    /// element of a rule's `forEach`, which only such a rule has.
    var relativePath: JSONPath? { paths.first(where: \.isRelative) }
}

extension Problems {
    /// Reports the first relative path (`@…`) that `values`, written at
    /// `location`, read where no element exists — outside a rule with
    /// `forEach` — so it cannot be missing on every event without a word.
    func refuseRelativePaths(in values: [MappingValue], at location: Location, because reason: String, expected: String) {
        guard let path = values.lazy.compactMap(\.relativePath).first else { return }
        report(location, "'\(path.query)' reads the element of a rule's forEach, but \(reason)", expected: expected)
    }
}
