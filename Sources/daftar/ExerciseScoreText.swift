import DaftarKit
import Foundation

/// A score as the trainee reads it after an exercise.
enum ExerciseScoreText {
    static func percent(_ value: Double) -> String { String(format: "%.1f%%", value * 100) }

    static func render(_ score: ExerciseScore) -> String {
        var lines = ["exercise \(score.exercise) (\(score.title)), trainee \(score.trainee), time taken \(score.timeTaken)"]
        switch score.kind {
        case .dataEntry:
            let overall = score.overall
            lines.append("fields: \(overall.correct) of \(overall.total) correct (\(percent(overall.accuracy))); "
                         + "\(overall.correctFolded) with names compared folded (\(percent(overall.accuracyFolded)))")
            lines.append("flags: \(score.flags.matched) of \(score.flags.expected) expected flags entered"
                         + (score.flags.unexpected > 0 ? ", \(score.flags.unexpected) flag(s) where the key has none or another" : ""))
            if score.duplicatesExpected > 0 {
                lines.append("pages shown twice: \(score.duplicatesSpotted) of \(score.duplicatesExpected) spotted")
            }
            lines.append("")
            lines.append(TextTable.render(header: ["PAGE", "TYPE", "RECORD", "CORRECT", "ACCURACY"], rows: score.byRecord.map {
                [$0.page, $0.type, $0.recordId.map(String.init) ?? "-", "\($0.tally.correct)/\($0.tally.total)", percent($0.tally.accuracy)]
            }))
            lines.append("")
            lines.append(TextTable.render(header: ["FIELD", "CORRECT", "ACCURACY"], rows: score.byField.map {
                [$0.key, "\($0.tally.correct)/\($0.tally.total)", percent($0.tally.accuracy)]
            }))
        case .scanning:
            lines.append("pages: \(score.overall.correct) of \(score.overall.total) marked as daftar's quality report says "
                         + "(\(percent(score.overall.accuracy)))")
        }
        lines.append("")
        if score.mistakes.isEmpty {
            lines.append("no mistakes")
        } else {
            lines.append("mistakes (\(score.mistakes.count)):")
            lines.append(TextTable.render(header: ["PAGE", "FIELD", "EXPECTED", "ENTERED", "KIND"], rows: score.mistakes.map {
                [$0.page, $0.key, $0.expected, $0.entered, $0.kind]
            }))
        }
        return lines.joined(separator: "\n")
    }
}
