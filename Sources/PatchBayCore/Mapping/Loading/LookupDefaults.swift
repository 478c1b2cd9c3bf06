/// The `whenUnresolved` and `whenSeveral` keys, as a mapping gives them for
/// all its rules or a rule for itself.
struct LookupDefaults: Sendable {
    var whenUnresolved: WhenUnresolved?
    var whenSeveral: WhenSeveral?

    /// The keys of `reader`'s object; `nil` when one is invalid (reported).
    static func read(_ reader: ObjectReader, _ problems: Problems) -> LookupDefaults? {
        let whenUnresolved = reader["whenUnresolved"].map { $0.choice(of: WhenUnresolved.self, named: "whenUnresolved choice", problems) }
        let whenSeveral = reader["whenSeveral"].map { $0.choice(of: WhenSeveral.self, named: "whenSeveral choice", problems) }
        if whenUnresolved == .some(nil) || whenSeveral == .some(nil) { return nil }
        return LookupDefaults(whenUnresolved: whenUnresolved ?? nil, whenSeveral: whenSeveral ?? nil)
    }
}
