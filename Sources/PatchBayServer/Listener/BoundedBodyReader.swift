import Hummingbird

/// Reads a request body while it stays within a size limit and a deadline,
/// keeping nothing past the limit: a declared `Content-Length` over the
/// limit is refused before any byte is read, and a streamed (chunked) body is
/// dropped as soon as it grows past it.
struct BoundedBodyReader {
    /// How the read ended.
    enum Outcome: Equatable {
        case complete([UInt8])
        case tooLarge
        case tooSlow
    }

    var limit: Int
    var deadline: Duration

    func read(_ request: Request) async throws -> Outcome {
        if let declared = request.headers[.contentLength].flatMap(Int.init), declared > limit {
            return .tooLarge
        }
        let clock = ContinuousClock()
        let end = clock.now + deadline
        var bytes: [UInt8] = []
        for try await chunk in request.body {
            guard clock.now <= end else { return .tooSlow }
            guard bytes.count + chunk.readableBytes <= limit else { return .tooLarge }
            bytes.append(contentsOf: chunk.readableBytesView)
        }
        return .complete(bytes)
    }
}
