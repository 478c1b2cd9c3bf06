/// Why a body is not valid in its encoding (form, multipart), and where: the
/// decoders' one error, which ``BodyFormat`` reports as a malformed body.
public struct BodyDecodingError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong.
    public let message: String
    /// The zero-based byte offset of the problem.
    public let offset: Int

    public var description: String { "\(message) at byte \(offset)" }
}
