import ArgumentParser
import PatchBayServer

/// The `patchbay` command: its subcommands are the whole command-line surface.
@main
struct PatchBayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "patchbay",
        abstract: "A webhook bridge from email, SMS, payment and form providers to the Reach customer API.",
        version: PatchBayVersion.description,
        subcommands: [
            ServeCommand.self, InitCommand.self, CheckCommand.self, MapCommand.self, SendCommand.self, PathCommand.self,
            EventsCommand.self, ReplayCommand.self, IdentitiesCommand.self, MockReachCommand.self, ReferenceCommand.self,
        ]
    )

    /// Runs the command line, with PatchBay's exit codes: 0 success, 1 the work
    /// failed, 2 bad usage or invalid input given on the command line.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            CommandFailure.exit(for: error)
        }
    }
}
