import PatchBayTransport

/// Sends one HTTP request upstream: the seam between the dispatcher and the
/// libcurl transport.
public protocol UpstreamClient: Sendable {
    func send(_ request: TransportRequest) async throws -> TransportResponse
}

extension CurlClient: UpstreamClient {}
