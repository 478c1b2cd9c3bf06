import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A blocking IPv4 TCP client to 127.0.0.1, for tests that speak HTTP byte by
/// byte: stalling mid-request, trickling a body, watching for a reset.
final class RawConnection: @unchecked Sendable {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    private let descriptor: Int32

    /// Connects; reads give up after `readTimeout` seconds so a test never hangs.
    init(port: Int, readTimeout: Int = 20) throws {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { throw Failure(description: "socket() failed") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            close(descriptor)
            throw Failure(description: "connect() to port \(port) failed")
        }
        var timeout = timeval(tv_sec: readTimeout, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit {
        close(descriptor)
    }

    /// Sends all of `text`.
    func send(_ text: String) throws {
        try send(bytes: Array(text.utf8))
    }

    /// Sends all of `bytes`.
    func send(bytes: [UInt8]) throws {
        var bytes = bytes[...]
        while !bytes.isEmpty {
            let sent = bytes.withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard sent > 0 else { throw Failure(description: "send() failed: errno \(errno)") }
            bytes = bytes.dropFirst(sent)
        }
    }

    /// Whether the peer has sent something not read yet (or closed).
    func hasPendingInput() -> Bool {
        var request = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        return poll(&request, 1, 0) > 0
    }

    /// How reading ended.
    enum End: Equatable {
        /// The peer closed the connection (FIN).
        case closed
        /// The peer reset the connection.
        case reset
        /// Nothing more arrived within the read timeout.
        case timedOut
    }

    /// Everything received until the connection ends, read on a thread of its
    /// own so no task blocks.
    func readToEnd() async -> (bytes: [UInt8], end: End) {
        await withCheckedContinuation { continuation in
            Thread.detachNewThread { [self] in
                continuation.resume(returning: readToEndBlocking())
            }
        }
    }

    /// The text received until the connection ends.
    func responseText() async -> String {
        String(decoding: await readToEnd().bytes, as: UTF8.self)
    }

    private func readToEndBlocking() -> (bytes: [UInt8], end: End) {
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if count > 0 {
                received.append(contentsOf: buffer[..<count])
            } else if count == 0 {
                return (received, .closed)
            } else {
                return (received, errno == ECONNRESET ? .reset : .timedOut)
            }
        }
    }
}
