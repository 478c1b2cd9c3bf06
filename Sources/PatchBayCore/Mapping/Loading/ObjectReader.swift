/// Reads an object of a mapping file that has a fixed set of keys: reports
/// every key it does not know (naming the ones it does) and every required
/// key that is absent.
struct ObjectReader {
    let node: Node
    private let object: JSONObject
    private let problems: Problems

    /// Reads `node` as an object whose keys are among `allowed`; reports a
    /// problem and returns `nil` when it is not an object. An unknown key's
    /// problem ends with `context` when given (`for scheme "stripe"`).
    init?(_ node: Node, allowed: [String], problems: Problems, expected: String = "an object", context: String? = nil) {
        guard case .object(let object) = node.value else {
            problems.report(node.location, "is \(node.value.typeName)", expected: expected)
            return nil
        }
        self.node = node
        self.object = object
        self.problems = problems
        for key in object.keys where !allowed.contains(key) {
            problems.report(
                node.location.appending(key), "unknown key '\(key)'" + (context.map { " " + $0 } ?? ""),
                expected: "one of " + allowed.map { "'\($0)'" }.joined(separator: ", "))
        }
    }

    /// Whether the object has `key`.
    func has(_ key: String) -> Bool { object[key] != nil }

    /// The member `key`, when present.
    subscript(_ key: String) -> Node? {
        object[key].map { Node(value: $0, location: node.location.appending(key)) }
    }

    /// The member `key`, or a problem reported when it is absent.
    func required(_ key: String, expected: String) -> Node? {
        if let member = self[key] { return member }
        problems.report(node.location, "missing key '\(key)'", expected: expected)
        return nil
    }

    /// The keys present among `keys`.
    func present(among keys: [String]) -> [String] {
        keys.filter { object[$0] != nil }
    }
}
