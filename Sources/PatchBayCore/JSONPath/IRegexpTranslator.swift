/// Checks a pattern against the RFC 9485 I-Regexp grammar and translates it
/// to the regex syntax Swift's `Regex` reads, with I-Regexp's meaning:
///
/// - `.` matches any character but line feed and carriage return;
/// - `^` and `$` outside classes anchor at the very start and end of the
///   input, as in the ECMAScript mapping of RFC 9485 §5.3 (no multiline
///   mode; `$` does not match before a final line feed);
/// - groups do not capture; every literal character is written as a
///   `\x{…}` escape (letters and digits excepted), so nothing in the output
///   can be read as syntax the source did not have (`&&` in classes, say).
struct IRegexpTranslator {
    private let scalars: [Unicode.Scalar]
    private var position = 0
    private var output = ""

    private init(_ pattern: String) {
        scalars = Array(pattern.unicodeScalars)
    }

    /// The translated pattern, or `nil` when `pattern` is not an I-Regexp.
    static func translate(_ pattern: String) -> String? {
        var translator = IRegexpTranslator(pattern)
        guard translator.regexp(depth: 0), translator.position == translator.scalars.count else { return nil }
        return translator.output
    }

    /// The deepest group nesting accepted.
    private static let maximumDepth = 64

    private var peek: Unicode.Scalar? { position < scalars.count ? scalars[position] : nil }

    private mutating func consume(_ scalar: Unicode.Scalar) -> Bool {
        guard peek == scalar else { return false }
        position += 1
        return true
    }

    /// `i-regexp = branch *( "|" branch )`; a branch is `*piece`.
    private mutating func regexp(depth: Int) -> Bool {
        while true {
            while let scalar = peek, scalar != "|", scalar != ")" {
                guard piece(depth: depth) else { return false }
            }
            guard consume("|") else { return true }
            output += "|"
        }
    }

    /// `piece = atom [ quantifier ]`
    private mutating func piece(depth: Int) -> Bool {
        guard atom(depth: depth) else { return false }
        switch peek {
        case "*", "+", "?":
            output.unicodeScalars.append(scalars[position])
            position += 1
            return true
        case "{":
            return rangeQuantifier()
        default:
            return true
        }
    }

    /// `"{" QuantExact [ "," [ QuantExact ] ] "}"`
    private mutating func rangeQuantifier() -> Bool {
        position += 1
        guard let minimum = quantity() else { return false }
        var maximum: Int? = minimum
        if consume(",") {
            maximum = peek == "}" ? nil : quantity()
            if maximum == nil, peek != "}" { return false }
        }
        guard consume("}") else { return false }
        if let maximum, maximum < minimum { return false }
        output += "{\(minimum)" + (maximum == minimum ? "" : ",\(maximum.map(String.init) ?? "")") + "}"
        return true
    }

    /// The largest repetition count accepted; Swift's `Regex` refuses
    /// larger ones anyway.
    private static let maximumQuantity = 100_000

    /// `QuantExact = 1*%x30-39`, refused beyond ``maximumQuantity``.
    private mutating func quantity() -> Int? {
        var value = 0
        var digits = 0
        while let scalar = peek, ("0"..."9").contains(scalar) {
            value = value * 10 + Int(scalar.value - 0x30)
            guard value <= IRegexpTranslator.maximumQuantity else { return nil }
            digits += 1
            position += 1
        }
        return digits > 0 ? value : nil
    }

    /// `atom = NormalChar / charClass / ( "(" i-regexp ")" )`
    private mutating func atom(depth: Int) -> Bool {
        guard let scalar = peek else { return false }
        switch scalar {
        case "(":
            guard depth < IRegexpTranslator.maximumDepth else { return false }
            position += 1
            output += "(?:"
            guard regexp(depth: depth + 1), consume(")") else { return false }
            output += ")"
            return true
        case ".":
            position += 1
            output += "[^\\n\\r]"
            return true
        case "[":
            return classExpression()
        case "\\":
            return escape()
        case "^":
            position += 1
            output += "\\A"
            return true
        case "$":
            position += 1
            output += "\\z"
            return true
        case ")", "*", "+", "?", "]", "{", "|", "}":
            return false
        default:
            position += 1
            appendLiteral(scalar)
            return true
        }
    }

    /// `SingleCharEsc / catEsc / complEsc`, after a backslash.
    private mutating func escape() -> Bool {
        position += 1
        guard let scalar = peek else { return false }
        position += 1
        switch scalar {
        case "n": output += "\\n"
        case "r": output += "\\r"
        case "t": output += "\\t"
        case "(", ")", "*", "+", "-", ".", "?", "[", "\\", "]", "^", "{", "|", "}":
            appendLiteral(scalar)
        case "p", "P":
            guard let property = categoryName() else { return false }
            output += "\\\(scalar){\(property)}"
        default:
            return false
        }
        return true
    }

    /// `"{" IsCategory "}"` after `\p` or `\P`.
    private mutating func categoryName() -> String? {
        guard consume("{"), let major = peek else { return nil }
        let minors: [Unicode.Scalar: String] = [
            "L": "lmotu", "M": "cen", "N": "dlo", "P": "cdefios", "Z": "lps", "S": "ckmo", "C": "cfno",
        ]
        guard let allowed = minors[major] else { return nil }
        position += 1
        var name = String(major)
        if let minor = peek, minor != "}" {
            guard allowed.unicodeScalars.contains(minor) else { return nil }
            name.unicodeScalars.append(minor)
            position += 1
        }
        return consume("}") ? name : nil
    }

    /// `"[" [ "^" ] ( "-" / CCE1 ) *CCE1 [ "-" ] "]"`
    private mutating func classExpression() -> Bool {
        position += 1
        output += "["
        if consume("^") { output += "^" }
        var items = 0
        if consume("-") {
            appendLiteral("-")
            items += 1
        }
        while let scalar = peek, scalar != "]" {
            if scalar == "-" {
                // A final '-' before ']' is literal; anywhere else it is invalid.
                position += 1
                guard peek == "]", items > 0 else { return false }
                appendLiteral("-")
                items += 1
                break
            }
            guard classItem() else { return false }
            items += 1
        }
        guard items > 0, consume("]") else { return false }
        output += "]"
        return true
    }

    /// `CCE1 = ( CCchar [ "-" CCchar ] ) / charClassEsc`
    private mutating func classItem() -> Bool {
        if peek == "\\", position + 1 < scalars.count, scalars[position + 1] == "p" || scalars[position + 1] == "P" {
            return escape()
        }
        guard let low = classCharacter() else { return false }
        guard peek == "-", position + 1 < scalars.count, scalars[position + 1] != "]" else {
            appendLiteral(low)
            return true
        }
        position += 1
        guard let high = classCharacter(), low.value <= high.value else { return false }
        appendLiteral(low)
        output += "-"
        appendLiteral(high)
        return true
    }

    /// A `CCchar`: a character other than `-`, `[`, `\`, `]`, or a
    /// `SingleCharEsc`.
    private mutating func classCharacter() -> Unicode.Scalar? {
        guard let scalar = peek else { return nil }
        switch scalar {
        case "-", "[", "]": return nil
        case "\\":
            guard position + 1 < scalars.count else { return nil }
            let escaped = scalars[position + 1]
            let value: Unicode.Scalar
            switch escaped {
            case "n": value = "\n"
            case "r": value = "\r"
            case "t": value = "\t"
            case "(", ")", "*", "+", "-", ".", "?", "[", "\\", "]", "^", "{", "|", "}": value = escaped
            default: return nil
            }
            position += 2
            return value
        default:
            position += 1
            return scalar
        }
    }

    /// Appends `scalar` so that it can only mean itself.
    private mutating func appendLiteral(_ scalar: Unicode.Scalar) {
        if ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar) {
            output.unicodeScalars.append(scalar)
        } else {
            output += "\\x{\(String(scalar.value, radix: 16))}"
        }
    }
}
