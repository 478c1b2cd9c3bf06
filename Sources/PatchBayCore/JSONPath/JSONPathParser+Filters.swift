// Filter expressions (RFC 9535 §2.3.5) and their well-typedness (§2.4.3).

/// A filter expression as parsed, before it is known where it is used: a
/// bare literal, query or function call is only valid in some positions.
private enum FilterTerm {
    case logical(LogicalExpression)
    case literal(JSONValue)
    case query(FilterQuery)
    case function(FunctionCall)
}

/// A ``FilterTerm`` with where it starts in the query.
private struct PositionedTerm {
    let term: FilterTerm
    let offset: Int
}

extension JSONPathParser {
    /// Parses `logical-expr` where it must be of LogicalType: the body of a
    /// filter selector.
    mutating func parseLogicalExpression() throws(JSONPathError) -> LogicalExpression {
        try logical(parseOr())
    }

    /// `logical-and-expr *(S "||" S logical-and-expr)`
    private mutating func parseOr() throws(JSONPathError) -> PositionedTerm {
        let first = try parseAnd()
        var operands: [LogicalExpression] = []
        while consumeOperator("||") {
            if operands.isEmpty { operands.append(try logical(first)) }
            operands.append(try logical(parseAnd()))
        }
        return operands.isEmpty ? first : PositionedTerm(term: .logical(.or(operands)), offset: first.offset)
    }

    /// `basic-expr *(S "&&" S basic-expr)`
    private mutating func parseAnd() throws(JSONPathError) -> PositionedTerm {
        let first = try parseBasic()
        var operands: [LogicalExpression] = []
        while consumeOperator("&&") {
            if operands.isEmpty { operands.append(try logical(first)) }
            operands.append(try logical(parseBasic()))
        }
        return operands.isEmpty ? first : PositionedTerm(term: .logical(.and(operands)), offset: first.offset)
    }

    /// Consumes `S op S` when `op` comes after optional blank space.
    private mutating func consumeOperator(_ op: String) -> Bool {
        let before = position
        skipBlanks()
        guard consume(op) else {
            position = before
            return false
        }
        skipBlanks()
        return true
    }

    /// `paren-expr / comparison-expr / test-expr`, or a bare operand that the
    /// caller checks.
    private mutating func parseBasic() throws(JSONPathError) -> PositionedTerm {
        let start = position
        if consume("!") {
            skipBlanks()
            let operand = peek == "(" ? try parseParenthesized() : try parsePrimary()
            return PositionedTerm(term: .logical(.not(try logical(operand))), offset: start)
        }
        if peek == "(" { return try parseParenthesized() }
        let left = try parsePrimary()
        let beforeOperator = position
        skipBlanks()
        guard let op = consumeComparisonOperator() else {
            position = beforeOperator
            return left
        }
        skipBlanks()
        let right = try parsePrimary()
        let comparison = LogicalExpression.comparison(try comparable(left, op), op, try comparable(right, op))
        return PositionedTerm(term: .logical(comparison), offset: start)
    }

    private mutating func consumeComparisonOperator() -> ComparisonOperator? {
        ComparisonOperator.allCases.first { consume($0.rawValue) }
    }

    /// `"(" S logical-expr S ")"`
    private mutating func parseParenthesized() throws(JSONPathError) -> PositionedTerm {
        let open = position
        position += 1
        let inner = try nested { parser throws(JSONPathError) in
            parser.skipBlanks()
            let inner = try parser.logical(parser.parseOr())
            parser.skipBlanks()
            return inner
        }
        guard consume(")") else {
            if atEnd { throw error("unclosed '(' opened at offset \(open)") }
            throw error("expected ')' to close the '(' at offset \(open), found \(JSONPathParser.describe(peek))")
        }
        return PositionedTerm(term: .logical(inner), offset: open)
    }

    /// A literal, a relative or absolute query, or a function call.
    private mutating func parsePrimary() throws(JSONPathError) -> PositionedTerm {
        let start = position
        guard let scalar = peek else { throw error("expected a filter expression, found end of query") }
        switch scalar {
        case "@", "$":
            position += 1
            let path = try parseSegments()
            return PositionedTerm(term: .query(FilterQuery(isRelative: scalar == "@", path: path)), offset: start)
        case "'", "\"":
            return PositionedTerm(term: .literal(.string(try parseStringLiteral())), offset: start)
        case "-", "0"..."9":
            return PositionedTerm(term: .literal(.number(try parseNumberLiteral())), offset: start)
        case "a"..."z":
            return try parseNameOrKeyword()
        default:
            throw error("expected a filter expression (a query, a literal, a function call, '!' or '('), found \(JSONPathParser.describe(scalar))")
        }
    }

    /// `true`, `false`, `null` or `function-name "(" … ")"`.
    private mutating func parseNameOrKeyword() throws(JSONPathError) -> PositionedTerm {
        let start = position
        while let scalar = peek, ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) || scalar == "_" {
            position += 1
        }
        var nameScalars = String.UnicodeScalarView()
        nameScalars.append(contentsOf: scalars[start..<position])
        let name = String(nameScalars)
        if peek == "(" {
            return PositionedTerm(term: .function(try parseFunctionCall(named: name, at: start)), offset: start)
        }
        switch name {
        case "true": return PositionedTerm(term: .literal(.bool(true)), offset: start)
        case "false": return PositionedTerm(term: .literal(.bool(false)), offset: start)
        case "null": return PositionedTerm(term: .literal(.null), offset: start)
        default:
            throw error("'\(name)' is neither a literal (true, false, null) nor a function call", at: start)
        }
    }

    /// `function-name "(" S [function-argument *(S "," S function-argument)] S ")"`,
    /// checked against the function's declared parameter types.
    private mutating func parseFunctionCall(named name: String, at start: Int) throws(JSONPathError) -> FunctionCall {
        guard let function = JSONPathFunction(rawValue: name) else {
            throw error("unknown function '\(name)'; the functions are length, count, match, search and value", at: start)
        }
        let open = position
        position += 1
        let arguments = try nested { parser throws(JSONPathError) in
            var arguments: [PositionedTerm] = []
            parser.skipBlanks()
            if parser.consume(")") { return arguments }
            while true {
                arguments.append(try parser.parseOr())
                parser.skipBlanks()
                if parser.consume(")") { return arguments }
                guard parser.consume(",") else {
                    if parser.atEnd { throw parser.error("unclosed '(' of '\(name)' opened at offset \(open)") }
                    throw parser.error("expected ',' or ')' in the arguments of '\(name)', found \(JSONPathParser.describe(parser.peek))")
                }
                parser.skipBlanks()
            }
        }
        let parameters = function.parameters
        guard arguments.count == parameters.count else {
            let expected = parameters.count == 1 ? "1 argument" : "\(parameters.count) arguments"
            throw error("function '\(name)' takes \(expected), not \(arguments.count)", at: start)
        }
        var converted: [FunctionArgument] = []
        for (index, (argument, parameter)) in zip(arguments, parameters).enumerated() {
            converted.append(try self.argument(argument, as: parameter, position: index + 1, of: function))
        }
        return FunctionCall(function: function, arguments: converted, literalPattern: Self.literalPattern(of: function, arguments: converted))
    }

    /// Compiles the pattern of `match` or `search` when it is a string literal.
    private static func literalPattern(of function: JSONPathFunction, arguments: [FunctionArgument]) -> LiteralPattern? {
        guard function.takesPattern, case .value(.literal(.string(let pattern))) = arguments[1] else { return nil }
        if let regexp = IRegexp(pattern) { return .compiled(regexp) }
        return .invalid
    }

    // MARK: Well-typedness

    /// Converts a term used where LogicalType is required: a query becomes an
    /// existence test; a function must return LogicalType or NodesType.
    private func logical(_ positioned: PositionedTerm) throws(JSONPathError) -> LogicalExpression {
        switch positioned.term {
        case .logical(let expression): return expression
        case .query(let query): return .exists(query)
        case .function(let call):
            guard call.function.result != .value else {
                throw error(
                    "function '\(call.function.rawValue)' returns a ValueType, which must be compared, not used as a test", at: positioned.offset)
            }
            return .function(call)
        case .literal:
            throw error("a literal cannot be used as a test; compare it with '==' or another operator", at: positioned.offset)
        }
    }

    /// Converts an operand of a comparison: a literal, a singular query or a
    /// function returning ValueType.
    private func comparable(_ positioned: PositionedTerm, _ op: ComparisonOperator) throws(JSONPathError) -> ValueExpression {
        switch positioned.term {
        case .literal(let value): return .literal(value)
        case .query(let query):
            guard let singular = query.singular else {
                throw error("a query compared with '\(op.rawValue)' must be singular (only name and index selectors, no '..')", at: positioned.offset)
            }
            return .singularQuery(singular)
        case .function(let call):
            guard call.function.result == .value else {
                throw error(
                    "function '\(call.function.rawValue)' returns a \(call.function.result.name), which cannot be compared", at: positioned.offset)
            }
            return .function(call)
        case .logical:
            throw error("a logical expression cannot be compared with '\(op.rawValue)'", at: positioned.offset)
        }
    }

    /// Converts a function argument to the declared type of its parameter
    /// (RFC 9535 §2.4.3).
    private func argument(
        _ positioned: PositionedTerm, as parameter: FunctionType, position: Int, of function: JSONPathFunction
    ) throws(JSONPathError) -> FunctionArgument {
        let what = "argument \(position) of '\(function.rawValue)'"
        let notAValue = error("\(what) must be a ValueType: a literal, a singular query or a function returning a value", at: positioned.offset)
        switch (parameter, positioned.term) {
        case (.value, .literal(let value)):
            return .value(.literal(value))
        case (.value, .query(let query)):
            guard let singular = query.singular else { throw notAValue }
            return .value(.singularQuery(singular))
        case (.value, .function(let call)) where call.function.result == .value:
            return .value(.function(call))
        case (.value, _):
            throw notAValue
        case (.nodes, .query(let query)):
            return .nodes(.query(query))
        case (.nodes, .function(let call)) where call.function.result == .nodes:
            return .nodes(.function(call))
        case (.nodes, _):
            throw error("\(what) must be a NodesType: a query", at: positioned.offset)
        case (.logical, _):
            return .logical(try logical(positioned))
        }
    }
}
