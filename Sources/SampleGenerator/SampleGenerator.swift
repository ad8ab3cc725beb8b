import ArgumentParser

/// `daftar-samplegen`: synthetic scans for tests and the benchmark (`pages`, the default),
/// and the Samples folder with its training exercises (`samples`).
@main
struct SampleGenerator: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "daftar-samplegen",
        abstract: "Generate synthetic scanned ledger pages, the Samples and the training exercises.",
        subcommands: [PagesCommand.self, SamplesCommand.self],
        defaultSubcommand: PagesCommand.self
    )
}
