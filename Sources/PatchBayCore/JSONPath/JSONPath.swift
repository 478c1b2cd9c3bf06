/// An RFC 9535 JSONPath query, parsed and type-checked once, evaluated
/// against any number of documents.
///
/// ```swift
/// let path = try JSONPath("$.data.object[?@.type == 'email'].address")
/// let addresses = path.select(document)   // [JSONValue]
/// let located = path.nodes(document)      // values with normalized paths
/// ```
///
/// The whole RFC is supported: name, wildcard, index, slice and filter
/// selectors; child and descendant segments; comparisons, `&&`, `||`, `!`,
/// existence tests; and the functions `length`, `count`, `match`, `search`
/// and `value` with RFC 9485 I-Regexp patterns. Numbers compare by their
/// exact value. Two paths are equal when their query texts are.
public struct JSONPath: Sendable, Hashable, CustomStringConvertible {
    /// The query text the path was parsed from.
    public var query: String { storage.query }
    private var path: SegmentSequence { storage.path }
    /// The query and its parsed form, shared by copies of the path so that
    /// passing a path around costs one reference count.
    private let storage: Storage

    private final class Storage: Sendable {
        let query: String
        let path: SegmentSequence
        let isRelative: Bool

        init(query: String, path: SegmentSequence, isRelative: Bool) {
            self.query = query
            self.path = path
            self.isRelative = isRelative
        }
    }

    /// Parses `query` and checks that it is well-typed (RFC 9535 §2.4.3).
    ///
    /// - Throws: ``JSONPathError`` with the offset of the first problem.
    public init(_ query: String) throws(JSONPathError) {
        var parser = JSONPathParser(query)
        self.storage = Storage(query: query, path: try parser.parseQuery(), isRelative: false)
    }

    /// Parses a relative query, `@` followed by segments: RFC 9535's
    /// `rel-query`, written on its own rather than inside a filter. It
    /// selects from a current node (see ``first(in:from:)``); a mapping rule
    /// uses it to read the element its `forEach` is at.
    ///
    /// - Throws: ``JSONPathError`` with the offset of the first problem.
    init(relative query: String) throws(JSONPathError) {
        var parser = JSONPathParser(query)
        self.storage = Storage(query: query, path: try parser.parseQuery(identifier: "@"), isRelative: true)
    }

    /// Whether the query starts with `@` (see ``init(relative:)``).
    var isRelative: Bool { storage.isRelative }

    /// Whether this is a singular query: only child segments with one name or
    /// index selector each, so it selects at most one node.
    public var isSingular: Bool { path.singularSteps != nil }

    /// The steps of a singular query; `nil` for any other.
    var singularSteps: [SingularStep]? { path.singularSteps }

    /// The values of the nodes the query selects from `root`, in nodelist
    /// order.
    public func select(_ root: JSONValue) -> [JSONValue] {
        if let steps = path.singularSteps {
            guard let value = JSONPathEvaluator.walk(steps, from: root) else { return [] }
            return [value]
        }
        let evaluator = JSONPathEvaluator(root: root)
        return evaluator.evaluate(path, from: JSONPathEvaluator.Node(value: root, trail: UntrackedTrail.root)).map(\.value)
    }

    /// The value of the first node the query selects from `root`, or `nil`
    /// when it selects nothing: ``select(_:)``'s first element, found
    /// without building the nodelist when the query is singular.
    public func first(in root: JSONValue) -> JSONValue? {
        first(in: root, from: root)
    }

    /// The value of the first node the query's segments select starting at
    /// `current`, a node inside `root` — where `$` in the query's filters
    /// starts — or `nil` when they select nothing: how a relative query
    /// (`@.emailAddress`) reads the node it is relative to.
    func first(in root: JSONValue, from current: JSONValue) -> JSONValue? {
        if let steps = path.singularSteps { return JSONPathEvaluator.walk(steps, from: current) }
        let evaluator = JSONPathEvaluator(root: root)
        return evaluator.evaluate(path, from: JSONPathEvaluator.Node(value: current, trail: UntrackedTrail.root)).first?.value
    }

    /// The nodes the query selects from `root`, each with its normalized
    /// path, in nodelist order.
    public func nodes(_ root: JSONValue) -> [JSONPathNode] {
        let evaluator = JSONPathEvaluator(root: root)
        return evaluator.evaluate(path, from: JSONPathEvaluator.Node(value: root, trail: NormalizedPath.root))
            .map { JSONPathNode(path: $0.trail.text, value: $0.value) }
    }

    public var description: String { query }

    public static func == (lhs: JSONPath, rhs: JSONPath) -> Bool {
        lhs.query == rhs.query
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(query)
    }
}
