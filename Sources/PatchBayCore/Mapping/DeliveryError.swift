/// Why a whole delivery could not be read: nothing in it is mapped.
public enum DeliveryError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The content type does not fit the mapping's body format (HTTP 415).
    case unsupportedContentType(String, expected: String)
    /// The body is not valid JSON or form encoding, or not the shape the
    /// format requires; `offset` is the byte where reading failed (HTTP 400).
    case malformedBody(message: String, offset: Int)

    /// The HTTP status a listener answers with.
    public var httpStatus: Int {
        switch self {
        case .unsupportedContentType: 415
        case .malformedBody: 400
        }
    }

    public var description: String {
        switch self {
        case .unsupportedContentType(let type, let expected): "unsupported content type '\(type)' (expected \(expected))"
        case .malformedBody(let message, let offset): "malformed body: \(message) (byte \(offset))"
        }
    }
}
