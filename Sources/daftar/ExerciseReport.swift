import ArgumentParser
import Archive
import DaftarKit
import Foundation

struct ExerciseReport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Summarize a group of trainees: each practice archive's exercise, score, mistakes and time.",
        discussion: "Without archives named, every practice-*.sqlite in the current folder."
    )

    @OptionGroup var where_: ExercisesOption

    @Argument(help: "Practice archives.")
    var archives: [String] = []

    @Flag(name: .long, help: "Print the summary as JSON.")
    var json = false

    @Flag(name: .long, help: "Print the summary as CSV.")
    var csv = false

    struct Line: Encodable {
        let archive: String
        let trainee: String
        let exercise: String
        let kind: String
        let total: Int
        let correct: Int
        let correctFolded: Int
        let accuracy: Double
        let accuracyFolded: Double
        let perfectRecords: Int
        let records: Int
        let mistakes: Int
        let seconds: Int?
    }

    func validate() throws {
        if json && csv { throw ValidationError("give --json or --csv, not both") }
    }

    func run() throws {
        let files = archives.isEmpty
            ? ((try? FileManager.default.contentsOfDirectory(atPath: ".")) ?? []).filter { $0.hasPrefix("practice-") && $0.hasSuffix(".sqlite") }.sorted()
            : archives
        var lines: [Line] = []
        var failed = false
        for file in files {
            do {
                let store = try ArchiveStore.open(at: file)
                let score = try ExerciseScorer(store: store).score(exercises: where_.folder)
                lines.append(Line(archive: file, trainee: score.trainee, exercise: score.exercise, kind: score.kind.rawValue,
                                  total: score.overall.total, correct: score.overall.correct,
                                  correctFolded: score.overall.correctFolded, accuracy: score.overall.accuracy,
                                  accuracyFolded: score.overall.accuracyFolded,
                                  perfectRecords: score.byRecord.filter { $0.tally.correct == $0.tally.total && $0.recordId != nil }.count,
                                  records: score.byRecord.count, mistakes: score.mistakes.count, seconds: score.seconds))
            } catch let error as ArchiveError {
                Terminal.printError(error.description)
                failed = true
            } catch {
                Terminal.printError("\(error)")
                failed = true
            }
        }
        if json {
            print(try JSONText.encode(lines))
        } else if csv {
            print("trainee,exercise,kind,correct,total,accuracy,accuracy_folded,perfect_records,records,mistakes,seconds,archive")
            for line in lines {
                let cells: [String] = [line.trainee, line.exercise, line.kind, String(line.correct), String(line.total),
                                       String(format: "%.4f", line.accuracy), String(format: "%.4f", line.accuracyFolded),
                                       String(line.perfectRecords), String(line.records), String(line.mistakes),
                                       line.seconds.map { String($0) } ?? "", line.archive]
                print(cells.map(CSVCell.quoted).joined(separator: ","))
            }
        } else {
            print(TextTable.render(header: ["TRAINEE", "EXERCISE", "SCORE", "FOLDED", "RECORDS", "MISTAKES", "TIME"], rows: lines.map {
                [$0.trainee, $0.exercise, ExerciseScoreText.percent($0.accuracy), ExerciseScoreText.percent($0.accuracyFolded),
                 $0.kind == "scanning" ? "-" : "\($0.perfectRecords)/\($0.records) perfect", String($0.mistakes),
                 $0.seconds.map { String(format: "%d:%02d", $0 / 60, $0 % 60) } ?? "-"]
            }))
            print("\(lines.count) trainee archive(s)")
        }
        if failed { throw ExitCode(ExitStatus.someRejected) }
    }
}
