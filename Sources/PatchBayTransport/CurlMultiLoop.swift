import CCurl
import Foundation
import Synchronization

/// A libcurl multi handle driven by one dedicated thread.
///
/// Callers submit transfers and cancellations through `inbox` (a mutex) and wake the thread
/// with `curl_multi_wakeup`, the only multi call that is safe from another thread. Everything
/// else about the multi handle and the active transfers belongs to the thread.
///
/// `@unchecked Sendable`: the stored multi handle is a raw pointer; other threads only pass it
/// to `curl_multi_wakeup`, and the loop thread frees it only after the last such call can
/// happen (see `finishShutdown`).
final class CurlMultiLoop: @unchecked Sendable {
    private struct Inbox {
        var waiting = TransferQueue()
        var cancellations: [CurlTransfer] = []
        var isShuttingDown = false
        var hasStopped = false
        var stopWaiters: [CheckedContinuation<Void, Never>] = []
    }

    private let configuration: CurlClientConfiguration
    private let multi: UnsafeMutableRawPointer
    private let inbox = Mutex(Inbox())

    init(configuration: CurlClientConfiguration) throws(TransportError) {
        try configuration.validate()
        try CurlGlobal.initialize()
        guard let multi = curl_multi_init() else {
            throw TransportError(.other, "curl_multi_init failed")
        }
        self.configuration = configuration
        self.multi = multi
        let limits: [(CURLMoption, Int)] = [
            (CURLMOPT_MAX_TOTAL_CONNECTIONS, configuration.maxTotalConnections),
            (CURLMOPT_MAX_HOST_CONNECTIONS, configuration.maxHostConnections),
            (CURLMOPT_MAXCONNECTS, configuration.maxTotalConnections),
            (CURLMOPT_PIPELINING, Int(CURLPIPE_MULTIPLEX)),
        ]
        for (option, value) in limits {
            let code = pb_multi_setopt_long(multi, option, value)
            guard code == CURLM_OK else {
                curl_multi_cleanup(multi)
                throw TransportError(.other, "curl_multi_setopt failed: \(String(cString: curl_multi_strerror(code)))")
            }
        }
        let thread = Thread { [self] in run() }
        thread.name = "patchbay-curl"
        thread.start()
    }

    /// Queues `transfer`, or fails it at once if the calling task is cancelled or the loop is
    /// shutting down.
    func submit(_ transfer: CurlTransfer, continuation: CheckedContinuation<TransportResponse, any Error>) {
        let refusal: (any Error)? = inbox.withLock { inbox in
            if Task.isCancelled { return CancellationError() }
            if inbox.isShuttingDown { return TransportError(.shutDown, "the transport client is shut down") }
            transfer.continuation = continuation
            inbox.waiting.append(transfer)
            return nil
        }
        if let refusal {
            continuation.resume(throwing: refusal)
        } else {
            wakeUnlessStopped()
        }
    }

    /// Cancels `transfer`: at once if it is still waiting, otherwise by asking the thread to
    /// take it out of the multi handle (a no-op if it has completed meanwhile).
    func cancel(_ transfer: CurlTransfer) {
        let wasWaiting = inbox.withLock { inbox in
            if inbox.waiting.remove(transfer) { return true }
            if !inbox.hasStopped { inbox.cancellations.append(transfer) }
            return false
        }
        if wasWaiting {
            transfer.continuation?.resume(throwing: CancellationError())
            transfer.continuation = nil
        } else {
            wakeUnlessStopped()
        }
    }

    /// Asks the thread to stop without waiting for it.
    func requestShutdown() {
        let alreadyStopped = inbox.withLock { inbox in
            inbox.isShuttingDown = true
            return inbox.hasStopped
        }
        if !alreadyStopped { wakeUnlessStopped() }
    }

    /// Stops the thread, failing unfinished transfers with `TransportError.Kind.shutDown`, and
    /// returns once the thread has released libcurl's resources.
    func shutdown() async {
        await withCheckedContinuation { continuation in
            let alreadyStopped = inbox.withLock { inbox in
                inbox.isShuttingDown = true
                if !inbox.hasStopped { inbox.stopWaiters.append(continuation) }
                return inbox.hasStopped
            }
            if alreadyStopped {
                continuation.resume()
            } else {
                wakeUnlessStopped()
            }
        }
    }

    /// Calls `curl_multi_wakeup` while holding the lock, so the thread cannot free the multi
    /// handle in between.
    private func wakeUnlessStopped() {
        inbox.withLock { inbox in
            if !inbox.hasStopped { curl_multi_wakeup(multi) }
        }
    }

    // MARK: - The loop thread

    private func run() {
        var active: [UnsafeMutableRawPointer: CurlTransfer] = [:]
        while true {
            let (starting, cancelled, stopping) = inbox.withLock { inbox in
                var starting: [CurlTransfer] = []
                while !inbox.isShuttingDown, active.count + starting.count < configuration.maxConcurrentRequests,
                    let next = inbox.waiting.popFirst()
                {
                    starting.append(next)
                }
                let cancelled = inbox.cancellations
                inbox.cancellations = []
                return (starting, cancelled, inbox.isShuttingDown)
            }
            for transfer in cancelled {
                guard let easy = transfer.easy, active.removeValue(forKey: easy) != nil else { continue }
                curl_multi_remove_handle(multi, easy)
                complete(transfer, with: .failure(CancellationError()))
            }
            if stopping { break }
            for transfer in starting { add(transfer, to: &active) }
            var running: Int32 = 0
            curl_multi_perform(multi, &running)
            collectFinished(from: &active)
            curl_multi_poll(multi, nil, 0, 1000, nil)
        }
        finishShutdown(active: active)
    }

    private func add(_ transfer: CurlTransfer, to active: inout [UnsafeMutableRawPointer: CurlTransfer]) {
        do {
            let easy = try transfer.start(configuration: configuration)
            let code = curl_multi_add_handle(multi, easy)
            guard code == CURLM_OK else {
                transfer.release()
                throw TransportError(.other, "curl_multi_add_handle failed: \(String(cString: curl_multi_strerror(code)))")
            }
            active[easy] = transfer
        } catch {
            complete(transfer, with: .failure(error))
        }
    }

    private func collectFinished(from active: inout [UnsafeMutableRawPointer: CurlTransfer]) {
        var remaining: Int32 = 0
        while let message = curl_multi_info_read(multi, &remaining) {
            guard message.pointee.msg == CURLMSG_DONE, let easy = message.pointee.easy_handle,
                let transfer = active.removeValue(forKey: easy)
            else { continue }
            let result = pb_message_result(message)
            curl_multi_remove_handle(multi, easy)
            complete(transfer, with: transfer.finish(result: result).mapError { $0 })
        }
    }

    private func complete(_ transfer: CurlTransfer, with result: Result<TransportResponse, any Error>) {
        transfer.release()
        transfer.continuation?.resume(with: result)
        transfer.continuation = nil
    }

    private func finishShutdown(active: [UnsafeMutableRawPointer: CurlTransfer]) {
        let shutDown = TransportError(.shutDown, "the transport client shut down before the request completed")
        for (easy, transfer) in active {
            curl_multi_remove_handle(multi, easy)
            complete(transfer, with: .failure(shutDown))
        }
        let (waiting, stopWaiters) = inbox.withLock { inbox in
            inbox.hasStopped = true
            inbox.cancellations = []
            let stopWaiters = inbox.stopWaiters
            inbox.stopWaiters = []
            return (inbox.waiting.removeAll(), stopWaiters)
        }
        curl_multi_cleanup(multi)
        for transfer in waiting { complete(transfer, with: .failure(shutDown)) }
        for waiter in stopWaiters { waiter.resume() }
    }
}
