// The parsed, type-checked form of a JSONPath query (RFC 9535 §2.3–2.5).

/// The segments of a query after its identifier (`$` or `@`), with the
/// direct steps of a singular query precomputed for the fast path.
struct SegmentSequence: Sendable {
    let segments: [Segment]
    /// The steps when every segment is a child segment with exactly one name
    /// or index selector (an RFC 9535 singular query); `nil` otherwise.
    let singularSteps: [SingularStep]?

    init(_ segments: [Segment]) {
        self.segments = segments
        var steps: [SingularStep] = []
        for segment in segments {
            guard !segment.isDescendant, segment.selectors.count == 1 else {
                singularSteps = nil
                return
            }
            switch segment.selectors[0] {
            case .name(let name): steps.append(.name(name, hash: MemberName.hash(name)))
            case .index(let index): steps.append(.index(index))
            case .wildcard, .slice, .filter:
                singularSteps = nil
                return
            }
        }
        singularSteps = steps
    }
}

/// One step of a singular query.
enum SingularStep: Sendable {
    /// A member name, with its ``MemberName/hash(_:)``.
    case name(String, hash: UInt64)
    case index(Int)
}

/// A child segment (`[…]`, `.name`, `.*`) or a descendant segment (`..[…]`).
struct Segment: Sendable {
    let isDescendant: Bool
    let selectors: [SegmentSelector]
}

/// A selector inside a segment.
enum SegmentSelector: Sendable {
    case name(String)
    case wildcard
    case index(Int)
    case slice(SliceBounds)
    case filter(LogicalExpression)
}

/// The bounds of a slice selector `start:end:step`; absent parts are `nil`.
struct SliceBounds: Sendable {
    let start: Int?
    let end: Int?
    let step: Int?
}

/// A query used inside a filter: relative to the current node (`@`) or to the
/// document root (`$`).
struct FilterQuery: Sendable {
    let isRelative: Bool
    let path: SegmentSequence

    /// The query as a singular query, when it is one.
    var singular: SingularQuery? {
        path.singularSteps.map { SingularQuery(isRelative: isRelative, steps: $0) }
    }
}

/// A filter expression of LogicalType.
indirect enum LogicalExpression: Sendable {
    case or([LogicalExpression])
    case and([LogicalExpression])
    case not(LogicalExpression)
    case comparison(ValueExpression, ComparisonOperator, ValueExpression)
    /// An existence test: true when the query selects at least one node.
    case exists(FilterQuery)
    /// A function whose declared result is LogicalType or NodesType.
    case function(FunctionCall)
}

/// An expression of ValueType: its result is a JSON value or Nothing.
enum ValueExpression: Sendable {
    case literal(JSONValue)
    case singularQuery(SingularQuery)
    case function(FunctionCall)
}

/// A singular query inside a filter, reduced to its steps.
struct SingularQuery: Sendable {
    let isRelative: Bool
    let steps: [SingularStep]
}

/// An expression of NodesType.
enum NodesExpression: Sendable {
    case query(FilterQuery)
    case function(FunctionCall)
}

/// `==`, `!=`, `<`, `<=`, `>`, `>=`.
enum ComparisonOperator: String, Sendable, CaseIterable {
    case equal = "=="
    case notEqual = "!="
    case lessOrEqual = "<="
    case greaterOrEqual = ">="
    case less = "<"
    case greater = ">"
}

/// A call of a function extension, with arguments already checked against
/// the function's parameter types.
struct FunctionCall: Sendable {
    let function: JSONPathFunction
    let arguments: [FunctionArgument]
    /// The compiled pattern when the function takes an I-Regexp and the
    /// pattern is a string literal, so it is compiled once at parse time.
    let literalPattern: LiteralPattern?
}

/// A function argument, converted to its parameter's declared type.
enum FunctionArgument: Sendable {
    case value(ValueExpression)
    case logical(LogicalExpression)
    case nodes(NodesExpression)
}

/// A pattern given as a string literal, compiled when the query was parsed.
enum LiteralPattern: Sendable {
    case compiled(IRegexp)
    /// Not a valid I-Regexp: the function is false for every input.
    case invalid
}
