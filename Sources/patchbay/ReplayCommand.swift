import ArgumentParser
import Foundation
import PatchBayCore
import PatchBayServer
import PatchBayStore

/// `patchbay replay`: send finished events again.
struct ReplayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Queue finished events for delivery again, as mapped or re-mapped with the current mappings.",
        discussion: """
            A running `patchbay serve` on the same data directory picks the queued updates up within seconds.
            With --remap, each event is mapped again from its kept raw delivery (after a mapping fix) and its
            updates are replaced by the new ones.
            """
    )

    @Argument(help: "The ids of the events to replay.")
    var ids: [Int64] = []

    @Flag(help: "Replay every dead event (of --source, when given).")
    var dead = false

    @Option(help: ArgumentHelp("With --dead: only this source's events.", valueName: "name"))
    var source: String?

    @Flag(help: "Map the raw deliveries again with the mappings in --mappings.")
    var remap = false

    @Option(help: ArgumentHelp("The mappings directory, for --remap (env: PATCHBAY_MAPPINGS; default: ./mappings).", valueName: "dir"))
    var mappings: String?

    @OptionGroup var store: StoreOptions

    func validate() throws {
        if dead == !ids.isEmpty { throw ValidationError("give event ids or --dead, not both or neither") }
        if source != nil && !dead { throw ValidationError("--source goes with --dead") }
        if mappings != nil && !remap { throw ValidationError("--mappings goes with --remap") }
    }

    func run() async throws {
        let selection: ReplaySelection = dead ? .dead(source: source) : .events(ids)
        let configuration = try await store.configuration(mappings: mappings)
        let log = try await StoreOptions.open(configuration)
        let replayer = Replayer(store: log)
        if remap {
            let set = try MappingFiles.commandSet([configuration.mappingsDirectory])
            let report = try await replayer.remap(selection, with: set)
            for id in report.replayed { print("re-mapped event \(id)") }
            for skipped in report.skipped { print("left event \(skipped.id) alone: \(skipped.reason)") }
            try await log.close()
            if !report.skipped.isEmpty { throw CommandFailure.silent }
        } else {
            let report = try await replayer.replay(selection)
            if dead || report.replayedEvents > 0 {
                print("replayed \(report.replayedEvents) event(s), \(report.requeuedUpdates) update(s) queued")
            }
            let problems =
                report.notFound.map { "no event \($0) in the store" }
                + report.notFinished.map { "event \($0) is still being delivered" }
                + report.withoutUpdates.map { "event \($0) has no update to send (ignored or not mapped): use --remap" }
            problems.forEach(note)
            try await log.close()
            if !problems.isEmpty { throw CommandFailure.silent }
        }
    }
}
