/// A recursive-descent parser for RFC 9535 JSONPath queries: the query,
/// its segments and selectors. Literals are read in
/// `JSONPathParser+Literals.swift`, filters in `JSONPathParser+Filters.swift`.
///
/// It works on Unicode scalars, so error offsets count scalars.
struct JSONPathParser {
    /// The deepest nesting of filters, parentheses and function calls
    /// accepted, so hostile queries cannot exhaust the stack.
    static let maximumNesting = 64

    let scalars: [Unicode.Scalar]
    var position = 0
    var nesting = 0

    init(_ query: String) {
        scalars = Array(query.unicodeScalars)
    }

    /// Parses a whole query: its `identifier` (`$`, or `@` for a relative
    /// query) followed by segments, and nothing else.
    mutating func parseQuery(identifier: Unicode.Scalar = "$") throws(JSONPathError) -> SegmentSequence {
        guard peek == identifier else {
            if let scalar = peek, JSONPathParser.isBlank(scalar) {
                throw error("a JSONPath query must not start with whitespace")
            }
            throw error("a JSONPath query must start with '\(identifier)'")
        }
        position += 1
        let path = try parseSegments()
        if let scalar = peek {
            if JSONPathParser.isBlank(scalar) {
                let start = position
                skipBlanks()
                if atEnd { throw error("a JSONPath query must not end with whitespace", at: start) }
            }
            throw error("unexpected \(JSONPathParser.describe(peek)); expected '.', '..' or '[' to start a segment")
        }
        return path
    }

    // MARK: Cursor

    var atEnd: Bool { position >= scalars.count }

    var peek: Unicode.Scalar? { position < scalars.count ? scalars[position] : nil }

    /// Consumes `scalar` when it comes next.
    mutating func consume(_ scalar: Unicode.Scalar) -> Bool {
        guard peek == scalar else { return false }
        position += 1
        return true
    }

    /// Consumes `text` when it comes next.
    mutating func consume(_ text: String) -> Bool {
        var end = position
        for scalar in text.unicodeScalars {
            guard end < scalars.count, scalars[end] == scalar else { return false }
            end += 1
        }
        position = end
        return true
    }

    /// Skips RFC 9535 blank space: space, tab, line feed, carriage return.
    mutating func skipBlanks() {
        while let scalar = peek, JSONPathParser.isBlank(scalar) { position += 1 }
    }

    static func isBlank(_ scalar: Unicode.Scalar) -> Bool {
        scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\r"
    }

    func error(_ message: String, at offset: Int? = nil) -> JSONPathError {
        JSONPathError(message: message, offset: offset ?? position)
    }

    /// How a scalar (or the end of the query) reads in an error message.
    static func describe(_ scalar: Unicode.Scalar?) -> String {
        guard let scalar else { return "end of query" }
        if scalar.value < 0x20 || scalar == " " || scalar.value == 0x7F {
            let hex = String(scalar.value, radix: 16, uppercase: true)
            return "U+" + String(repeating: "0", count: 4 - hex.count) + hex
        }
        return "'\(scalar)'"
    }

    /// Runs `body` one nesting level deeper, refusing queries nested deeper
    /// than ``maximumNesting``.
    mutating func nested<T>(_ body: (inout JSONPathParser) throws(JSONPathError) -> T) throws(JSONPathError) -> T {
        guard nesting < JSONPathParser.maximumNesting else {
            throw error("the query is nested more than \(JSONPathParser.maximumNesting) levels deep")
        }
        nesting += 1
        defer { nesting -= 1 }
        return try body(&self)
    }

    // MARK: Segments

    /// Parses `*(S segment)`, leaving any blank space that does not precede
    /// a segment unconsumed.
    mutating func parseSegments() throws(JSONPathError) -> SegmentSequence {
        var segments: [Segment] = []
        while true {
            let beforeBlanks = position
            skipBlanks()
            guard let scalar = peek, scalar == "[" || scalar == "." else {
                position = beforeBlanks
                return SegmentSequence(segments)
            }
            segments.append(try parseSegment())
        }
    }

    private mutating func parseSegment() throws(JSONPathError) -> Segment {
        if consume("..") {
            if peek == "[" { return Segment(isDescendant: true, selectors: try parseBracketedSelection()) }
            return Segment(isDescendant: true, selectors: [try parseShorthand(after: "..")])
        }
        if consume(".") {
            return Segment(isDescendant: false, selectors: [try parseShorthand(after: ".")])
        }
        return Segment(isDescendant: false, selectors: try parseBracketedSelection())
    }

    /// Parses the `*` or member name after `.` or `..`.
    private mutating func parseShorthand(after dots: String) throws(JSONPathError) -> SegmentSelector {
        if consume("*") { return .wildcard }
        guard let first = peek, JSONPathParser.isNameFirst(first) else {
            if let scalar = peek, JSONPathParser.isBlank(scalar) {
                throw error("no whitespace is allowed after '\(dots)'")
            }
            throw error("expected a member name, '*'\(dots == ".." ? " or '['" : "") after '\(dots)', found \(JSONPathParser.describe(peek))")
        }
        let start = position
        position += 1
        while let scalar = peek, JSONPathParser.isNameFirst(scalar) || ("0"..."9").contains(scalar) { position += 1 }
        var name = String.UnicodeScalarView()
        name.append(contentsOf: scalars[start..<position])
        return .name(String(name))
    }

    static func isNameFirst(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || scalar == "_" || scalar.value >= 0x80
    }

    /// Parses `[ S selector *(S "," S selector) S ]`.
    private mutating func parseBracketedSelection() throws(JSONPathError) -> [SegmentSelector] {
        let open = position
        position += 1
        var selectors: [SegmentSelector] = []
        while true {
            skipBlanks()
            selectors.append(try parseSelector())
            skipBlanks()
            if consume("]") { return selectors }
            guard consume(",") else {
                if atEnd { throw error("unclosed '[' opened at offset \(open)") }
                throw error("expected ',' or ']' after a selector, found \(JSONPathParser.describe(peek))")
            }
        }
    }

    private mutating func parseSelector() throws(JSONPathError) -> SegmentSelector {
        guard let scalar = peek else { throw error("expected a selector, found end of query") }
        switch scalar {
        case "'", "\"":
            return .name(try parseStringLiteral())
        case "*":
            position += 1
            return .wildcard
        case "?":
            position += 1
            skipBlanks()
            return .filter(try nested { parser throws(JSONPathError) in try parser.parseLogicalExpression() })
        case "-", "0"..."9", ":":
            return try parseIndexOrSlice()
        default:
            throw error("expected a selector (a quoted name, '*', an index, a slice or '?' filter), found \(JSONPathParser.describe(scalar))")
        }
    }

    /// Parses `int` or `[start S] ":" S [end S] [":" [S step]]`.
    private mutating func parseIndexOrSlice() throws(JSONPathError) -> SegmentSelector {
        var start: Int?
        if !consume(":") {
            let index = try parseInteger(role: "index")
            let afterIndex = position
            skipBlanks()
            guard consume(":") else {
                position = afterIndex
                return .index(index)
            }
            start = index
        }
        skipBlanks()
        let end = startsInteger ? try parseInteger(role: "slice end") : nil
        skipBlanks()
        var step: Int?
        if consume(":") {
            skipBlanks()
            step = startsInteger ? try parseInteger(role: "slice step") : nil
        }
        return .slice(SliceBounds(start: start, end: end, step: step))
    }

    private var startsInteger: Bool {
        guard let scalar = peek else { return false }
        return scalar == "-" || ("0"..."9").contains(scalar)
    }
}
