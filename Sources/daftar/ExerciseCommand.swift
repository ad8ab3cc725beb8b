import ArgumentParser
import Archive
import DaftarKit
import Foundation

struct ExerciseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "exercise",
        abstract: "Training exercises for data-entry and scanning staff: start, mark, score, report.",
        subcommands: [ExerciseList.self, ExerciseStart.self, ExerciseMark.self, ExerciseScoreCommand.self, ExerciseReport.self]
    )
}

/// Where the exercises are: `--exercises DIR`, env `DAFTAR_EXERCISES`, or `Samples/exercises`.
struct ExercisesOption: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Folder of exercises (env DAFTAR_EXERCISES; default Samples/exercises).",
                                            valueName: "dir"))
    var exercises: String?

    var folder: String { exercises ?? ProcessInfo.processInfo.environment["DAFTAR_EXERCISES"] ?? "Samples/exercises" }
}

/// The trainee and their practice archive (`practice-<trainee>.sqlite` unless named).
struct TraineeOptions: ParsableArguments {
    @Option(name: .long, help: "The trainee's name.")
    var trainee: String

    @Option(name: .long, help: ArgumentHelp("Practice archive (default practice-<trainee>.sqlite).", valueName: "file"))
    var archive: String?

    var path: String { archive ?? "practice-\(SafeFileName.make(trainee)).sqlite" }

    func open() throws -> ArchiveStore {
        guard FileManager.default.fileExists(atPath: path) else {
            Terminal.printError("\(path): no practice archive (start one with `daftar exercise start NAME --trainee \(trainee)`)")
            throw ExitCode(ExitStatus.usage)
        }
        return try ExitStatus.orExit { () throws(ArchiveError) in try ArchiveStore.open(at: path) }
    }
}

struct ExerciseList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the exercises.")

    @OptionGroup var where_: ExercisesOption

    @Flag(name: .long, help: "Print [{\"name\", \"level\", \"kind\", \"title\", \"pages\"}].")
    var json = false

    func run() throws {
        let exercises = Exercise.all(in: where_.folder)
        guard !exercises.isEmpty else {
            Terminal.printError("\(where_.folder): no exercises here (give --exercises DIR)")
            throw ExitCode(ExitStatus.usage)
        }
        if json {
            struct Item: Encodable { let name, level, kind, title: String; let pages: Int }
            print(try JSONText.encode(exercises.map {
                Item(name: $0.name, level: $0.level, kind: $0.kind.rawValue, title: $0.title, pages: $0.pages.count)
            }))
            return
        }
        print(TextTable.render(header: ["NAME", "LEVEL", "KIND", "PAGES", "TITLE"], rows: exercises.map {
            [$0.name, $0.level, $0.kind.rawValue, String($0.pages.count), $0.title]
        }))
    }
}

struct ExerciseStart: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "start",
        abstract: "Make a trainee's practice archive with an exercise's pages, and start the clock.",
        discussion: """
            The trainee then keys the acts with `daftar enter --archive FILE --operator NAME` (data entry) \
            or marks each page with `daftar exercise mark PAGE keep|rescan [--reason R] --trainee NAME` \
            (scanning), and `daftar exercise score --trainee NAME` compares.
            """
    )

    @OptionGroup var where_: ExercisesOption
    @OptionGroup var trainee: TraineeOptions

    @Argument(help: "The exercise (from `daftar exercise list`).")
    var name: String

    func run() async throws {
        let exercise: Exercise
        do {
            exercise = try Exercise(folder: where_.folder + "/" + name)
        } catch {
            let known = FileManager.default.fileExists(atPath: where_.folder + "/" + name)
            Terminal.printError(known ? error.description
                                : "\(name): no such exercise in \(where_.folder) (see `daftar exercise list`)")
            throw ExitCode(ExitStatus.usage)
        }
        let path = trainee.path
        if FileManager.default.fileExists(atPath: path) {
            Terminal.printError("\(path): exists; a practice archive is made new for each exercise (remove it, or give --archive)")
            throw ExitCode(ExitStatus.usage)
        }
        let store = try ExitStatus.orExit { () throws(ArchiveError) in try ArchiveStore.create(at: path).0 }
        let summary: ImportSummary
        do {
            summary = try await ExerciseSession.begin(exercise, trainee: trainee.trainee, in: store)
        } catch let error as ArchiveError {
            Terminal.printError(error.description)
            throw ExitCode(ExitStatus.code(for: error))
        }
        for rejection in summary.rejected { Terminal.printError("\(rejection.path): \(rejection.error)") }
        print("exercise \(exercise.name) (\(exercise.title)) started for \(trainee.trainee): \(summary.pages) page(s) in \(path)")
        switch exercise.kind {
        case .dataEntry:
            print("key the acts:    daftar enter --archive \(path) --operator \(trainee.trainee)")
        case .scanning:
            print("see the pages:   daftar pages --archive \(path)   (and daftar show page ID)")
            print("mark each page:  daftar exercise mark PAGE keep|rescan [--reason dpi|skew|dark|light|blur|cut] --trainee \(trainee.trainee)")
        }
        print("your score:      daftar exercise score --trainee \(trainee.trainee)")
    }
}

extension ScanReason: ExpressibleByArgument {}

struct ExerciseMark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mark",
        abstract: "Mark a page of a scanning exercise keep or rescan, with the reason (the latest mark counts)."
    )

    enum Decision: String, ExpressibleByArgument { case keep, rescan }

    @OptionGroup var trainee: TraineeOptions

    @Argument(help: "Page id (from `daftar pages`) or the page's file name.")
    var page: String

    @Argument(help: "keep or rescan.")
    var decision: Decision

    @Option(name: .long, help: "Why it must be scanned again: dpi, skew, dark, light, blur or cut.")
    var reason: ScanReason?

    func validate() throws {
        if decision == .rescan && reason == nil { throw ValidationError("rescan needs --reason (dpi, skew, dark, light, blur or cut)") }
        if decision == .keep && reason != nil { throw ValidationError("keep takes no --reason") }
    }

    func run() throws {
        let store = try trainee.open()
        let pages = try ExitStatus.orExit { () throws(ArchiveError) in try store.pages() }
        let matches = pages.filter { String($0.id) == page || $0.sourceName == page }
        guard matches.count == 1, let target = matches.first else {
            Terminal.printError("\(page): \(matches.isEmpty ? "no such page" : "names several pages; give the page id") in \(trainee.path)")
            throw ExitCode(ExitStatus.usage)
        }
        try ExitStatus.orExit { () throws(ArchiveError) in
            try ExerciseSession(store: store).mark(.init(page: target.id, file: target.sourceName, decision: decision.rawValue,
                                                         reason: reason), by: trainee.trainee)
        }
        print("page \(target.id) (\(target.sourceName)): \(decision.rawValue)\(reason.map { " (\($0.rawValue))" } ?? "")")
    }
}

struct ExerciseScoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "score",
        abstract: "Compare a trainee's work with the key: accuracy per field and record, every mistake, the time taken."
    )

    @OptionGroup var where_: ExercisesOption
    @OptionGroup var trainee: TraineeOptions

    @Flag(name: .long, help: "Print the score as JSON.")
    var json = false

    func run() throws {
        let store = try trainee.open()
        let score: ExerciseScore
        do {
            score = try ExerciseScorer(store: store).score(exercises: where_.folder)
        } catch {
            Terminal.printError(error.description)
            throw ExitCode(ExitStatus.usage)
        }
        if json {
            print(try JSONText.encode(score))
        } else {
            print(ExerciseScoreText.render(score))
        }
    }
}
