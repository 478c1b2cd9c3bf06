import Dispatch
import Foundation
import Logging
import PatchBayCore
import ServiceLifecycle

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Puts a changed mappings directory in force without a restart.
///
/// Every `pollInterval` it compares the directory's fingerprint (each file's
/// inode, size and modification time, so in-place writes, atomic
/// replace-by-rename, new files and deletions all count); on a change, or on
/// SIGHUP, it loads the whole set again and rebuilds the source catalog,
/// secrets included. When anything is invalid the previous set stays in
/// force, and the problems are logged and kept in the ``MappingState``
/// (`/readyz`, `GET /api/mappings`). Requests in flight finish on the
/// catalog they started with.
public final class MappingReloader: Service, Sendable {
    private let directory: MappingDirectory
    private let catalog: CatalogHolder
    private let state: MappingState
    private let requirements: SourceRequirements
    private let secrets: SecretSource
    private let redactor: LogRedactor
    private let metrics: BridgeMetrics
    private let pollInterval: Duration
    private let logger: Logger
    private let hangups: AsyncStream<Void>
    /// Dispatch sources are thread-safe; this one is only cancelled, once.
    nonisolated(unsafe) private let hangupSource: any DispatchSourceSignal

    public init(
        directory: MappingDirectory, catalog: CatalogHolder, state: MappingState,
        requirements: SourceRequirements = SourceRequirements(), secrets: SecretSource,
        redactor: LogRedactor, metrics: BridgeMetrics, pollInterval: Duration = .seconds(1),
        logger: Logger = Logger(label: "patchbay.reload")
    ) {
        self.directory = directory
        self.catalog = catalog
        self.state = state
        self.requirements = requirements
        self.secrets = secrets
        self.redactor = redactor
        self.metrics = metrics
        self.pollInterval = pollInterval
        self.logger = logger
        let (hangups, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        self.hangups = hangups
        Self.ignoreHangupDefault
        hangupSource = DispatchSource.makeSignalSource(signal: SIGHUP, queue: .global())
        hangupSource.setEventHandler { continuation.yield() }
        hangupSource.resume()
    }

    deinit {
        hangupSource.cancel()
    }

    /// SIGHUP would end the process; it is handled by dispatch sources
    /// instead. Set once per process: libdispatch installs its own handler
    /// when the first signal source is made, and setting the disposition
    /// again would take that handler away from later sources.
    private static let ignoreHangupDefault: Void = {
        signal(SIGHUP, SIG_IGN)
    }()

    public func run() async throws {
        await cancelWhenGracefulShutdown { await self.watch() }
    }

    /// Reloads on SIGHUP and whenever the directory's fingerprint changes, until cancelled.
    private func watch() async {
        await withDiscardingTaskGroup { group in
            group.addTask {
                for await _ in self.hangups {
                    self.reload(reason: "SIGHUP")
                }
            }
            var seen = directory.fingerprint()
            while (try? await Task.sleep(for: pollInterval)) != nil {
                let now = directory.fingerprint()
                guard now != seen else { continue }
                seen = now
                reload(reason: "the mappings directory changed")
            }
            group.cancelAll()
        }
    }

    /// Loads the directory and puts the set in force if it is valid in full;
    /// returns whether it did.
    @discardableResult
    public func reload(reason: String) -> Bool {
        let next: SourceCatalog
        do {
            next = try SourceCatalog(mappings: try directory.load(), requirements: requirements, readSecret: secrets.read)
        } catch let error as MappingFilesError {
            return fail(error.problems, reason: reason)
        } catch let error as SourceCatalogError {
            return fail(error.problems, reason: reason)
        } catch {
            return fail(["\(error)"], reason: reason)
        }
        catalog.replace(with: next)
        redactor.update(piiFields: next.mappings.piiFields.keys)
        state.recordSuccess(at: Date())
        metrics.mappingReloaded(succeeded: true)
        logger.notice(
            "mappings reloaded",
            metadata: [
                "reason": "\(reason)", "sources": .array(next.mappings.sources.map { .string($0) }),
            ])
        return true
    }

    private func fail(_ problems: [String], reason: String) -> Bool {
        state.recordFailure(problems, at: Date())
        metrics.mappingReloaded(succeeded: false)
        logger.error(
            "mappings not reloaded: the previous set stays in force",
            metadata: [
                "reason": "\(reason)", "problems": .array(problems.map { .string($0) }),
            ])
        return false
    }
}
