import Archive
import Foundation
import Registry

/// Works out a trainee's score from a practice archive: the exercise's answer key against
/// the records keyed (data entry), or daftar's scan-quality report against the trainee's
/// marks (scanning).
public struct ExerciseScorer: Sendable {
    public let store: ArchiveStore

    public init(store: ArchiveStore) {
        self.store = store
    }

    /// Why there is no score.
    public enum Failure: Error, CustomStringConvertible {
        case notPractice(String)
        case exercise(Exercise.Problem)
        case archive(ArchiveError)

        public var description: String {
            switch self {
            case .notPractice(let path): "\(path): not a practice archive (start one with `daftar exercise start`)"
            case .exercise(let problem): problem.description
            case .archive(let error): error.description
            }
        }
    }

    /// Scores the archive's exercise; `exercises` is where to look for it when its folder moved.
    public func score(exercises: String? = nil) throws(Failure) -> ExerciseScore {
        do {
            let session = ExerciseSession(store: store)
            guard let (start, startedAt) = try session.started() else { throw Failure.notPractice(store.path) }
            let exercise: Exercise
            do {
                exercise = try Exercise(folder: start.folder)
            } catch {
                guard let root = exercises else { throw Failure.exercise(error) }
                exercise = try Exercise(folder: root + "/" + start.exercise)
            }
            let pages = try store.pages()
            var score: ExerciseScore
            switch exercise.kind {
            case .dataEntry:
                score = try dataEntry(exercise, start: start, startedAt: startedAt, pages: pages)
            case .scanning:
                score = try scanning(exercise, start: start, startedAt: startedAt, pages: pages, marks: try session.marks())
            }
            score.mistakes.sort { ($0.page, $0.key) < ($1.page, $1.key) }
            return score
        } catch let failure as Failure {
            throw failure
        } catch let problem as Exercise.Problem {
            throw .exercise(problem)
        } catch let error as ArchiveError {
            throw .archive(error)
        } catch {
            throw .archive(.database(path: store.path, message: "\(error)"))
        }
    }

    static func seconds(from start: String, to end: String?) -> Int? {
        let parser = ISO8601DateFormatter()
        parser.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        guard let end, let from = parser.date(from: start), let to = parser.date(from: end) else { return nil }
        return max(0, Int(to.timeIntervalSince(from).rounded()))
    }

    /// Each page's name as the exercise knows it, by page id: the file, then page and half when needed.
    static func names(of pages: [PageListing]) -> [Int64: String] {
        let pageCounts = Dictionary(grouping: pages, by: \.sourceName).mapValues { Set($0.map(\.pageIndex)).count }
        return Dictionary(uniqueKeysWithValues: pages.map { page in
            (page.id, PageName.format(file: page.sourceName, pageIndex: page.pageIndex,
                                      pageCount: pageCounts[page.sourceName] ?? 1, part: page.part))
        })
    }

    private func dataEntry(_ exercise: Exercise, start: ExerciseSession.Start, startedAt: String,
                           pages: [PageListing]) throws -> ExerciseScore {
        let schema = try OfficeSchema.current(in: store).schema
        let key = try exercise.key()
        var standing: [StandingRecord] = []
        try store.forEachStandingRecord { standing.append($0) }
        let lastWork = standing.map(\.updatedAt).max()
        var score = ExerciseScore(exercise: exercise.name, title: exercise.title, kind: exercise.kind, trainee: start.trainee,
                                  startedAt: startedAt, lastWorkAt: lastWork,
                                  seconds: Self.seconds(from: startedAt, to: lastWork))
        let names = Self.names(of: pages)
        func pageIds(file: String, pageOfFile: Int?, part: Int?) -> [Int64] {
            pages.filter { $0.sourceName == file && (pageOfFile == nil || $0.pageIndex == pageOfFile! - 1)
                && (part == nil || $0.part == part!) }.map(\.id)
        }
        var used = Set<Int64>()
        var byField: [String: ExerciseScore.Tally] = [:]
        var fieldOrder: [String] = []
        // Records resolved as duplicates are the trainee's answer to a page shown twice.
        let live = standing.filter { $0.duplicateOf == nil }
        for row in key.rows {
            guard let file = row.file else { continue }
            let ids = Set(pageIds(file: file, pageOfFile: row.pageOfFile, part: row.part))
            let pageName = pages.first { ids.contains($0.id) }.flatMap { names[$0.id] } ?? file
            // The act of a page shown twice may be kept on either page (the other keying resolved as its duplicate).
            let twins = Set(exercise.duplicates.filter { $0.sameAs == file }.flatMap { pageIds(file: $0.file, pageOfFile: nil, part: nil) })
            let candidates = live.filter { !used.contains($0.id) && !ids.isDisjoint(with: $0.pages) }
            let twinCandidates = live.filter { !used.contains($0.id) && !twins.isDisjoint(with: $0.pages) }
            let record = candidates.first { $0.type == row.type } ?? candidates.first
                ?? twinCandidates.first { $0.type == row.type } ?? twinCandidates.first
            var expected: [String: StoredField] = [:]
            for (key, value) in row.values { expected[key] = StoredField(value: value, flag: row.flags[key]?.rawValue) }
            for (key, flag) in row.flags where expected[key] == nil { expected[key] = StoredField(value: nil, flag: flag.rawValue) }
            var tally = ExerciseScore.Tally()
            guard let record else {
                for key in expected.keys.sorted() {
                    tally.add(.missing)
                    if byField[key] == nil { fieldOrder.append(key) }
                    byField[key, default: .init()].add(.missing)
                    if expected[key]?.value == nil { score.flags.expected += 1 }
                }
                score.mistakes.append(.init(page: pageName, key: "record", expected: "a \(row.type) act",
                                            entered: "no record", kind: "missing-record"))
                score.byRecord.append(.init(page: pageName, type: row.type, recordId: nil, tally: tally))
                score.overall.total += tally.total
                continue
            }
            used.insert(record.id)
            if record.type != row.type {
                score.mistakes.append(.init(page: pageName, key: "type", expected: row.type, entered: record.type, kind: "type"))
            }
            let type = schema.type(named: row.type)
            let order = (type?.fields.map(\.key) ?? [])
            let keys = Set(expected.keys).union(record.fields.keys).sorted {
                (order.firstIndex(of: $0) ?? .max, $0) < (order.firstIndex(of: $1) ?? .max, $1)
            }
            for key in keys {
                let want = expected[key], got = record.fields[key]
                let verdict = FieldComparison.compare(expected: want, entered: got, kind: type?.field(key)?.kind)
                tally.add(verdict)
                if byField[key] == nil { fieldOrder.append(key) }
                byField[key, default: .init()].add(verdict)
                let wantFlag = want?.flag.flatMap(FieldFlag.init(rawValue:)).flatMap { $0 == .uncertain ? nil : $0 }
                let gotFlag = got?.flag.flatMap(FieldFlag.init(rawValue:)).flatMap { $0 == .uncertain ? nil : $0 }
                if wantFlag != nil { score.flags.expected += 1 }
                if let wantFlag, wantFlag == gotFlag { score.flags.matched += 1 }
                if let gotFlag, gotFlag != wantFlag { score.flags.unexpected += 1 }
                guard verdict != .correct else { continue }
                let kind = verdict == .sameWhenFolded ? "spelling" : verdict.rawValue
                score.mistakes.append(.init(page: pageName, key: key, expected: FieldComparison.shown(want),
                                            entered: FieldComparison.shown(got), kind: kind))
            }
            score.byRecord.append(.init(page: pageName, type: row.type, recordId: record.id, tally: tally))
            score.overall.total += tally.total
            score.overall.correct += tally.correct
            score.overall.correctFolded += tally.correctFolded
        }
        // A page that repeats another: keyed once, or its second keying resolved as a duplicate.
        for duplicate in exercise.duplicates {
            score.duplicatesExpected += 1
            let repeated = Set(pageIds(file: duplicate.file, pageOfFile: nil, part: nil))
            let original = Set(pageIds(file: duplicate.sameAs, pageOfFile: nil, part: nil))
            let onRepeat = standing.filter { !repeated.isDisjoint(with: $0.pages) }
            let onOriginal = standing.filter { !original.isDisjoint(with: $0.pages) }
            // Every keying on one of the two pages resolved as a duplicate of a keying on the
            // other (either way round), or the act keyed on one page only.
            func resolved(_ records: [StandingRecord], into pages: Set<Int64>) -> Bool {
                records.allSatisfy { record in
                    guard let kept = record.duplicateOf, let other = standing.first(where: { $0.id == kept }) else { return false }
                    return !pages.isDisjoint(with: other.pages)
                }
            }
            let spotted = resolved(onRepeat, into: original) || resolved(onOriginal, into: repeated)
            if spotted {
                score.duplicatesSpotted += 1
            } else {
                score.mistakes.append(.init(page: duplicate.file, key: "record", expected: "the act of \(duplicate.sameAs), keyed once",
                                            entered: "keyed again (record \(onRepeat.map { String($0.id) }.joined(separator: ", ")))",
                                            kind: "duplicate"))
            }
            used.formUnion(onRepeat.map(\.id))
        }
        for record in live where !used.contains(record.id) {
            let page = pages.first { record.pages.contains($0.id) }
            score.mistakes.append(.init(page: page.flatMap { names[$0.id] } ?? "-",
                                        key: "record", expected: "no record", entered: "a \(record.type) act (record \(record.id))",
                                        kind: "extra-record"))
        }
        score.byField = fieldOrder.map { .init(key: $0, tally: byField[$0]!) }
        return score
    }

    private func scanning(_ exercise: Exercise, start: ExerciseSession.Start, startedAt: String, pages: [PageListing],
                          marks: [Int64: (mark: ExerciseSession.Mark, time: String)]) throws -> ExerciseScore {
        let lastWork = marks.values.map(\.time).max()
        var score = ExerciseScore(exercise: exercise.name, title: exercise.title, kind: exercise.kind, trainee: start.trainee,
                                  startedAt: startedAt, lastWorkAt: lastWork, seconds: Self.seconds(from: startedAt, to: lastWork))
        let names = Self.names(of: pages)
        for page in pages {
            let name = names[page.id] ?? page.sourceName
            let problems = (try? JSONDecoder().decode([String].self, from: Data(page.qualityProblems.utf8))) ?? []
            let reasons = ScanReason.reasons(of: problems)
            let expected = reasons.isEmpty ? "keep" : "rescan (" + reasons.map(\.rawValue).sorted().joined(separator: " or ") + ")"
            score.overall.total += 1
            guard let mark = marks[page.id]?.mark else {
                score.mistakes.append(.init(page: name, key: "decision", expected: expected, entered: "not marked", kind: "not-marked"))
                continue
            }
            let entered = mark.decision == "keep" ? "keep" : "rescan (\(mark.reason?.rawValue ?? "no reason"))"
            let right = reasons.isEmpty ? mark.decision == "keep" : mark.decision == "rescan" && mark.reason.map(reasons.contains) == true
            if right {
                score.overall.correct += 1
                score.overall.correctFolded += 1
            } else {
                score.mistakes.append(.init(page: name, key: "decision", expected: expected, entered: entered, kind: "wrong"))
            }
        }
        return score
    }
}
