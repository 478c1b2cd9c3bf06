import ArgumentParser
import Foundation
import PatchBayCore
import PatchBayServer
import PatchBayStore

/// `patchbay events`: what the store holds.
struct EventsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "events",
        abstract: "List the events in the store, or show one.",
        subcommands: [List.self, Show.self],
        defaultSubcommand: List.self
    )

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List events, newest first, one JSON object per line.")

        @Option(
            help: ArgumentHelp("Only events with this status: \(EventStatus.allCases.map(\.rawValue).joined(separator: ", ")).", valueName: "status"))
        var status: String?

        @Option(help: ArgumentHelp("Only events of this source.", valueName: "name"))
        var source: String?

        @Option(help: ArgumentHelp("Only events with an update for this externalId.", valueName: "id"))
        var customer: String?

        @Option(help: "How many events at most.")
        var limit: Int = 50

        @OptionGroup var store: StoreOptions

        func validate() throws {
            if let status, EventStatus(rawValue: status) == nil {
                throw ValidationError("unknown status '\(status)'; expected one of \(EventStatus.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            guard limit > 0 else { throw ValidationError("--limit must be positive") }
        }

        func run() async throws {
            let log = try await store.open()
            let page = try await log.events(
                matching: EventQuery(
                    status: status.flatMap(EventStatus.init(rawValue:)), source: source, externalId: customer, limit: limit))
            var output = ""
            for event in page.events { output += EventJSON.summary(event).serialized() + "\n" }
            print(output, terminator: "")
            try await log.close()
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show one event: its delivery, its updates and every attempt, as JSON.")

        @Argument(help: "The event id.")
        var id: Int64

        @OptionGroup var store: StoreOptions

        func run() async throws {
            let log = try await store.open()
            let detail = try await log.eventDetail(id: id)
            try await log.close()
            guard let detail else { throw CommandFailure.failed("no event \(id) in the store") }
            print(EventJSON.detail(detail).serialized())
        }
    }
}
