// Filter expressions and function extensions at evaluation time
// (RFC 9535 §2.3.5.2 and §2.4).

extension JSONPathEvaluator {
    /// Whether `expression` holds with `current` as `@`.
    func test(_ expression: LogicalExpression, current: JSONValue) -> Bool {
        switch expression {
        case .or(let operands): operands.contains { test($0, current: current) }
        case .and(let operands): operands.allSatisfy { test($0, current: current) }
        case .not(let operand): !test(operand, current: current)
        case .comparison(let left, let op, let right):
            JSONPathComparison.compare(value(of: left, current: current), op, value(of: right, current: current))
        case .exists(let query): !nodes(of: query, current: current).isEmpty
        case .function(let call):
            switch evaluate(call, current: current) {
            case .logical(let result): result
            case .nodes(let nodes): !nodes.isEmpty
            case .value: false  // ruled out by the parser's type check
            }
        }
    }

    /// The values a filter query selects.
    private func nodes(of query: FilterQuery, current: JSONValue) -> [JSONValue] {
        let start = query.isRelative ? current : root
        if let steps = query.path.singularSteps {
            return JSONPathEvaluator.walk(steps, from: start).map { [$0] } ?? []
        }
        return evaluate(query.path, from: Node(value: start, trail: UntrackedTrail.root)).map(\.value)
    }

    /// The value of a ValueType expression; `nil` is Nothing.
    private func value(of expression: ValueExpression, current: JSONValue) -> JSONValue? {
        switch expression {
        case .literal(let value):
            return value
        case .singularQuery(let query):
            return JSONPathEvaluator.walk(query.steps, from: query.isRelative ? current : root)
        case .function(let call):
            if case .value(let value) = evaluate(call, current: current) { return value }
            return nil
        }
    }

    private func nodes(of expression: NodesExpression, current: JSONValue) -> [JSONValue] {
        switch expression {
        case .query(let query):
            return nodes(of: query, current: current)
        case .function(let call):
            if case .nodes(let nodes) = evaluate(call, current: current) { return nodes }
            return []
        }
    }

    private func evaluate(_ call: FunctionCall, current: JSONValue) -> FunctionResult {
        func valueArgument(_ index: Int) -> JSONValue? {
            guard case .value(let expression) = call.arguments[index] else { return nil }
            return value(of: expression, current: current)
        }
        func nodesArgument(_ index: Int) -> [JSONValue] {
            guard case .nodes(let expression) = call.arguments[index] else { return [] }
            return nodes(of: expression, current: current)
        }
        switch call.function {
        case .length:
            return .value(JSONPathEvaluator.length(of: valueArgument(0)))
        case .count:
            return .value(.number(JSONNumber(nodesArgument(0).count)))
        case .value:
            let nodes = nodesArgument(0)
            return .value(nodes.count == 1 ? nodes.first : Optional.none)
        case .match, .search:
            guard case .string(let subject)? = valueArgument(0), let regexp = pattern(of: call, current: current) else {
                return .logical(false)
            }
            return .logical(call.function == .match ? regexp.matchesWhole(subject) : regexp.matchesSubstring(subject))
        }
    }

    /// The compiled I-Regexp of `match` or `search`: the one compiled at
    /// parse time for a literal, otherwise compiled from the argument's value.
    private func pattern(of call: FunctionCall, current: JSONValue) -> IRegexp? {
        switch call.literalPattern {
        case .compiled(let regexp): return regexp
        case .invalid: return nil
        case nil:
            guard case .value(let expression) = call.arguments[1],
                case .string(let pattern)? = value(of: expression, current: current)
            else { return nil }
            return IRegexp(pattern)
        }
    }

    /// `length()`: Unicode scalars of a string, elements of an array, members
    /// of an object; Nothing for anything else.
    private static func length(of value: JSONValue?) -> JSONValue? {
        switch value {
        case .string(let string)?: .number(JSONNumber(string.unicodeScalars.count))
        case .array(let elements)?: .number(JSONNumber(elements.count))
        case .object(let object)?: .number(JSONNumber(object.count))
        default: nil
        }
    }
}
