import ArgumentParser
import Foundation
import Hummingbird
import Logging
import PatchBayServer
import ReachStandIn

/// `patchbay serve`: the bridge.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Receive webhooks at /hooks/<source>, log them durably and deliver their updates to Reach.",
        discussion: """
            Each source's secret comes from PATCHBAY_SECRET_<SOURCE> unless its mapping names another \
            variable or a file; a source without its secret stops serve from starting.
            Upstream credentials, from the environment only:
            \(ServeOptions.secretsHelp)
            --upstream is required: Reach's base URL, or standin for a local Reach stand-in started in this \
            process on 127.0.0.1:--standin-port (for trials: it keeps customers in memory only).
            The admin listener (--admin-host:--admin-port: /metrics, /api/…, the console at /) runs only when \
            PATCHBAY_ADMIN_TOKEN is set; every route but the console page needs it as a bearer token.
            The mappings directory is watched: a valid change is put in force at once, an invalid one is \
            logged and shown on /readyz and /api/mappings while the previous set stays in force. SIGHUP reloads too.
            SIGTERM or SIGINT stops accepting, lets requests and PATCHes in flight finish, and exits.
            """
    )

    @OptionGroup var options: ServeOptions

    func run() async throws {
        let configuration = try await options.configuration()
        let telemetry = Bridge.Telemetry(redactor: LogRedactor(enabled: !configuration.logUnredacted))
        telemetry.bootstrapProcess(logFormat: configuration.logFormat, logLevel: configuration.logLevel)
        let mappings = try MappingFiles.commandSet([configuration.mappingsDirectory])
        let bridge: Bridge
        do {
            bridge = try await Bridge.open(
                configuration: configuration, mappings: mappings, telemetry: telemetry,
                startStandIn: { port, logger in
                    try await MockReach(options: MockReachOptions(host: "127.0.0.1", port: port)).start(logger: logger)
                })
        } catch let error as BridgeStartupError {
            throw CommandFailure.failed(error.description)
        }
        do {
            try await bridge.application(onServerRunning: { port in
                FileHandle.standardOutput.write(Data("patchbay listening on http://\(configuration.host):\(port)\n".utf8))
            }).runService()
        } catch {
            await bridge.close()
            throw CommandFailure.failed("\(error)")
        }
        await bridge.close()
    }
}
