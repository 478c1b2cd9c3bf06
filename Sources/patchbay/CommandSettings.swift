import ArgumentParser
import PatchBayServer

/// `--config`, and the settings a command shares with `serve`, read through
/// the same layers as `serve` reads them: the command's flags, then the
/// environment, then the config file (`--config` or `PATCHBAY_CONFIG`), then
/// the default.
struct CommandSettings: ParsableArguments {
    @Option(help: .configFile)
    var config: String?

    /// The settings in `reading`, with the values the command's own flags
    /// `given` (`nil` for a flag left out). A bad value is a usage error.
    func load(_ reading: Set<ServeSetting>, given: [(ServeSetting, String?)]) async throws(CommandFailure) -> ServeConfiguration {
        do {
            return try await ServeConfiguration.load(
                reading,
                commandLine: Dictionary(uniqueKeysWithValues: given.compactMap { setting, value in value.map { (setting, $0) } }),
                configFile: config)
        } catch {
            throw .usage(error.message)
        }
    }
}

/// `--mappings` (and `--config`), for the commands that read or write mapping
/// files (`map`, `send`, `init`): the directory is `serve`'s `mappings`
/// setting, so with the same environment or config file they find the files
/// `serve` loads.
struct MappingsOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "The directory of mapping files (env: PATCHBAY_MAPPINGS; default: ./mappings).", valueName: "dir"))
    var mappings: String?

    @OptionGroup var settings: CommandSettings

    /// The mapping directory, and the other settings in `reading` with the
    /// values the command's other flags `given`.
    func configuration(
        _ reading: Set<ServeSetting> = [], given: [(ServeSetting, String?)] = []
    ) async throws(CommandFailure) -> ServeConfiguration {
        try await settings.load(reading.union([.mappings]), given: given + [(.mappings, mappings)])
    }
}
