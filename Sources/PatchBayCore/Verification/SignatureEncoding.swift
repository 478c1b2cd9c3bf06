import Foundation

/// How a signature's bytes are written as text.
public enum SignatureEncoding: String, Sendable, Hashable, CaseIterable {
    /// Hexadecimal digits, either case.
    case hex
    /// Standard base64 with padding (RFC 4648 section 4).
    case base64

    /// The bytes `text` encodes, or `nil` when it is not valid in this encoding.
    func decode(_ text: some StringProtocol) -> [UInt8]? {
        switch self {
        case .hex: Self.decodeHex(text)
        case .base64: Data(base64Encoded: String(text)).map { Array($0) }
        }
    }

    /// `bytes` written in this encoding (hex in lowercase).
    public func encode(_ bytes: some Sequence<UInt8>) -> String {
        switch self {
        case .hex:
            let digits = Array("0123456789abcdef".utf8)
            var text: [UInt8] = []
            for byte in bytes {
                text.append(digits[Int(byte >> 4)])
                text.append(digits[Int(byte & 0x0F)])
            }
            return String(decoding: text, as: UTF8.self)
        case .base64:
            return Data(bytes).base64EncodedString()
        }
    }

    private static func decodeHex(_ text: some StringProtocol) -> [UInt8]? {
        let digits = Array(text.utf8)
        guard !digits.isEmpty, digits.count.isMultiple(of: 2) else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(digits.count / 2)
        var index = 0
        while index < digits.count {
            guard let high = hexValue(digits[index]), let low = hexValue(digits[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
            index += 2
        }
        return bytes
    }

    private static func hexValue(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
