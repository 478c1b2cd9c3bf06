/// A JSON number that keeps its exact value.
///
/// The number is kept as the text it was written with (RFC 8259 grammar), so
/// integers beyond 2^53 and long decimals pass through parsing, selection and
/// output unchanged. Equality and ordering compare the exact decimal values:
/// `1`, `1.0` and `1e0` are equal.
public struct JSONNumber: Sendable, Comparable, Hashable, CustomStringConvertible {
    /// The number as JSON text, e.g. `-12.50e3`.
    public let text: String

    /// A number from JSON number text. Returns `nil` unless `text` follows the
    /// RFC 8259 number grammar.
    public init?(text: String) {
        guard JSONNumber.isValid(Array(text.utf8)) else { return nil }
        self.text = text
    }

    /// A number from text already checked against the grammar.
    init(validatedText text: String) {
        self.text = text
    }

    /// An integral number.
    public init(_ value: Int) {
        self.text = String(value)
    }

    /// A number with the shortest text that reads back as `value`; `nil` for
    /// infinities and NaN, which JSON cannot express.
    public init?(_ value: Double) {
        guard value.isFinite else { return nil }
        if value == value.rounded(.towardZero), abs(value) < 1e15 {
            self.text = String(Int64(value))
        } else {
            self.text = "\(value)"
        }
    }

    public var description: String { text }

    /// The value as a `Double` (rounded when not exactly representable).
    public var doubleValue: Double { Double(text) ?? .nan }

    /// The value as an `Int` when it is integral and fits.
    public var intValue: Int? {
        if let value = Int(text) { return value }
        let decimal = ExactDecimal(text)
        guard decimal.isIntegral, let value = Double(text), value.magnitude < 9.0e15 else { return nil }
        return Int(value)
    }

    /// Whether the value is an integer (`1`, `1.0`, `1e2` are; `1.5` is not).
    public var isIntegral: Bool { ExactDecimal(text).isIntegral }

    public static func == (lhs: JSONNumber, rhs: JSONNumber) -> Bool {
        lhs.text == rhs.text || ExactDecimal(lhs.text) == ExactDecimal(rhs.text)
    }

    public static func < (lhs: JSONNumber, rhs: JSONNumber) -> Bool {
        ExactDecimal(lhs.text) < ExactDecimal(rhs.text)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(ExactDecimal(text))
    }

    /// Whether `bytes` is a JSON number by RFC 8259's grammar.
    static func isValid(_ bytes: [UInt8]) -> Bool {
        var index = 0
        func digit(_ i: Int) -> Bool { i < bytes.count && bytes[i] >= UInt8(ascii: "0") && bytes[i] <= UInt8(ascii: "9") }
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard digit(index) else { return false }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
        } else {
            while digit(index) { index += 1 }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard digit(index) else { return false }
            while digit(index) { index += 1 }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard digit(index) else { return false }
            while digit(index) { index += 1 }
        }
        return index == bytes.count
    }
}

/// An exact decimal: sign × 0.d₁d₂d₃… × 10^exponent, with no leading or
/// trailing zero digits (zero has no digits), so equal values have equal parts.
struct ExactDecimal: Hashable, Comparable {
    var negative: Bool
    var digits: [UInt8]
    var exponent: Int

    init(_ text: String) {
        var bytes = Array(text.utf8)
        negative = bytes.first == UInt8(ascii: "-")
        if negative || bytes.first == UInt8(ascii: "+") { bytes.removeFirst() }
        var explicitExponent = 0
        if let e = bytes.firstIndex(where: { $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }) {
            explicitExponent = ExactDecimal.saturatingInt(bytes[(e + 1)...])
            bytes.removeSubrange(e...)
        }
        var integerDigits = bytes.count
        if let dot = bytes.firstIndex(of: UInt8(ascii: ".")) {
            integerDigits = dot
            bytes.remove(at: dot)
        }
        var all = bytes.map { $0 &- UInt8(ascii: "0") }
        var leading = 0
        while leading < all.count, all[leading] == 0 { leading += 1 }
        all.removeFirst(leading)
        while let last = all.last, last == 0 { all.removeLast() }
        digits = all
        if all.isEmpty {
            negative = false
            exponent = 0
        } else {
            let (sum, overflow) = (integerDigits - leading).addingReportingOverflow(explicitExponent)
            exponent = overflow ? (explicitExponent > 0 ? Int.max / 2 : Int.min / 2) : sum
        }
    }

    private static func saturatingInt(_ bytes: ArraySlice<UInt8>) -> Int {
        var negative = false
        var value = 0
        for byte in bytes {
            if byte == UInt8(ascii: "-") {
                negative = true
                continue
            }
            if byte == UInt8(ascii: "+") { continue }
            value = min(value * 10 + Int(byte &- UInt8(ascii: "0")), Int.max / 4)
        }
        return negative ? -value : value
    }

    var isIntegral: Bool { digits.isEmpty || exponent >= digits.count }

    static func < (lhs: ExactDecimal, rhs: ExactDecimal) -> Bool {
        if lhs.negative != rhs.negative { return lhs.negative }
        let magnitudeLess = lessInMagnitude(lhs, rhs)
        let magnitudeGreater = lessInMagnitude(rhs, lhs)
        return lhs.negative ? magnitudeGreater : magnitudeLess
    }

    private static func lessInMagnitude(_ lhs: ExactDecimal, _ rhs: ExactDecimal) -> Bool {
        if lhs.digits.isEmpty { return !rhs.digits.isEmpty }
        if rhs.digits.isEmpty { return false }
        if lhs.exponent != rhs.exponent { return lhs.exponent < rhs.exponent }
        for (a, b) in zip(lhs.digits, rhs.digits) where a != b { return a < b }
        return lhs.digits.count < rhs.digits.count
    }
}
