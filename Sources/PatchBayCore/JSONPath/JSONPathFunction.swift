/// The type of a function parameter or result in RFC 9535's type system
/// (§2.4.1).
enum FunctionType: Sendable {
    /// A JSON value or Nothing.
    case value
    /// LogicalTrue or LogicalFalse.
    case logical
    /// A nodelist.
    case nodes

    /// How the type reads in error messages.
    var name: String {
        switch self {
        case .value: "ValueType"
        case .logical: "LogicalType"
        case .nodes: "NodesType"
        }
    }
}

/// The function extensions RFC 9535 defines (§2.4.4–2.4.8).
enum JSONPathFunction: String, Sendable {
    case length
    case count
    case match
    case search
    case value

    /// The declared types of the parameters, in order.
    var parameters: [FunctionType] {
        switch self {
        case .length: [.value]
        case .count, .value: [.nodes]
        case .match, .search: [.value, .value]
        }
    }

    /// The declared result type.
    var result: FunctionType {
        switch self {
        case .length, .count, .value: .value
        case .match, .search: .logical
        }
    }

    /// Whether the second argument is an I-Regexp pattern.
    var takesPattern: Bool { self == .match || self == .search }
}

/// A function's result during evaluation.
enum FunctionResult {
    case value(JSONValue?)
    case logical(Bool)
    case nodes([JSONValue])
}
