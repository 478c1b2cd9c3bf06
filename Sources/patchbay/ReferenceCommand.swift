import ArgumentParser
import PatchBayServer

/// `patchbay reference`: prints one of the manual's references that come from
/// the binary's own tables, as Markdown. scripts/references writes each into
/// docs/ between marker comments, and a test fails when one there is stale.
struct ReferenceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reference",
        abstract: "Print a reference table of the manual as Markdown.",
        discussion: """
            settings: every setting of 'serve' (flag, environment variable, config file key, default, meaning). \
            providers: the sources of the mapping files in --mappings (how each is verified, the events its \
            rules fire on, the fields they set); a file with problems exits 1. transforms: the transform steps \
            of mapping values. conditions: the keys of a rule's 'when' condition. docs/ holds each, written by \
            scripts/references.
            """
    )

    /// What to print.
    enum Topic: String, ExpressibleByArgument, CaseIterable {
        case settings, providers, transforms, conditions
    }

    @Argument(help: "settings, providers, transforms or conditions.")
    var topic: Topic

    @Option(help: ArgumentHelp("Directory of mapping files, for providers.", valueName: "dir"))
    var mappings = "mappings"

    func run() throws {
        let markdown: String
        switch topic {
        case .settings: markdown = SettingsTable.markdown()
        case .providers: markdown = SourceTable.markdown(try MappingFiles.commandSet([mappings]).mappings)
        case .transforms: markdown = LanguageTable.transforms()
        case .conditions: markdown = LanguageTable.conditions()
        }
        print(markdown, terminator: "")
    }
}
