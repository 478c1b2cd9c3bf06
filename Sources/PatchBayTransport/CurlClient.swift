/// An HTTP client on libcurl's multi interface: one dedicated thread drives every transfer,
/// connections (HTTP/1.1 keep-alive, HTTP/2 multiplexed) are pooled and reused, TLS peers are
/// always verified, and at most `maxConcurrentRequests` requests are on the wire at once.
///
/// Call `shutdown()` when done; dropping the last reference also stops the thread, without
/// waiting for it.
public final class CurlClient: Sendable {
    /// The settings the client was created with.
    public let configuration: CurlClientConfiguration
    private let loop: CurlMultiLoop

    /// Starts the client's thread. Throws `TransportError` for an out-of-range configuration or
    /// if libcurl cannot be initialized.
    public init(configuration: CurlClientConfiguration = CurlClientConfiguration()) throws(TransportError) {
        self.configuration = configuration
        self.loop = try CurlMultiLoop(configuration: configuration)
    }

    deinit {
        loop.requestShutdown()
    }

    /// Sends `request` and returns the complete response, whatever its status.
    ///
    /// Waits for a free slot first when `maxConcurrentRequests` requests are in flight.
    /// Throws `TransportError` when no response was received, and `CancellationError` when the
    /// calling task is cancelled (the transfer is then aborted).
    public func send(_ request: TransportRequest) async throws -> TransportResponse {
        try request.validate()
        let transfer = CurlTransfer(request: request)
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                loop.submit(transfer, continuation: continuation)
            }
        } onCancel: {
            loop.cancel(transfer)
        }
    }

    /// Stops the client: requests not yet completed fail with `TransportError.Kind.shutDown`,
    /// later `send` calls fail the same way. Returns once the thread has exited.
    public func shutdown() async {
        await loop.shutdown()
    }
}
