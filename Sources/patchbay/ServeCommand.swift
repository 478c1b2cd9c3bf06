import ArgumentParser
import Foundation
import Hummingbird
import Logging
import PatchBayServer

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
            With no --upstream, a local Reach stand-in is started in this process on 127.0.0.1:--standin-port.
            SIGTERM or SIGINT stops accepting, lets requests and PATCHes in flight finish, and exits.
            """
    )

    @OptionGroup var options: ServeOptions

    func run() async throws {
        let configuration = try await options.configuration()
        let mappings = try MappingFiles.loadSet([configuration.mappingsDirectory])
        let bridge: Bridge
        do {
            bridge = try await Bridge.open(configuration: configuration, mappings: mappings)
        } catch let error as BridgeStartupError {
            throw CommandFailure.failed(error.description)
        }
        do {
            try await bridge.application { port in
                FileHandle.standardOutput.write(Data("patchbay listening on http://\(configuration.host):\(port)\n".utf8))
            }.runService()
        } catch {
            await bridge.close()
            throw CommandFailure.failed("\(error)")
        }
        await bridge.close()
    }
}
