import Foundation
import Imaging

/// A training exercise: a folder with the pages to work on, `exercise.json` (name,
/// title, level, kind, scan policy, the pages that repeat another) and, for data entry,
/// the answer key `key.jsonl` (a manifest: what a careful operator keys from each page).
public struct Exercise: Sendable {
    public enum Kind: String, Codable, Sendable {
        /// Key the acts on the pages (`daftar enter`); scored against the key.
        case dataEntry = "data-entry"
        /// Mark each page keep or rescan (`daftar exercise mark`); scored against daftar's quality report.
        case scanning
    }

    /// A page that shows the same act as another (scanned twice): key it once, or mark the
    /// second keying a duplicate.
    public struct Duplicate: Codable, Sendable, Equatable {
        public let file: String
        public let sameAs: String
    }

    struct Description: Codable {
        let name: String
        let title: String
        let level: String
        let kind: Kind
        let policy: QualityPolicy?
        let duplicates: [Duplicate]?
    }

    public let name: String
    public let title: String
    public let level: String
    public let kind: Kind
    public let folder: String
    /// The page files, sorted.
    public let pages: [String]
    public let policy: QualityPolicy
    public let duplicates: [Duplicate]

    /// Why an exercise could not be read.
    public struct Problem: Error, CustomStringConvertible {
        public let description: String
    }

    public init(folder: String) throws(Problem) {
        let folder = URL(fileURLWithPath: folder).standardizedFileURL.path
        guard let data = FileManager.default.contents(atPath: folder + "/exercise.json") else {
            throw Problem(description: "\(folder): no exercise.json (not an exercise folder)")
        }
        let description: Description
        do {
            description = try JSONDecoder().decode(Description.self, from: data)
        } catch {
            throw Problem(description: "\(folder)/exercise.json: unreadable (\(error))")
        }
        self.folder = folder
        name = description.name
        title = description.title
        level = description.level
        kind = description.kind
        policy = description.policy ?? QualityPolicy()
        duplicates = description.duplicates ?? []
        pages = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [])
            .filter { ["tif", "tiff", "jpg", "jpeg", "png"].contains(($0 as NSString).pathExtension.lowercased()) }.sorted()
        if kind == .dataEntry && !FileManager.default.fileExists(atPath: folder + "/key.jsonl") {
            throw Problem(description: "\(folder): no key.jsonl (a data-entry exercise needs its answer key)")
        }
    }

    /// The exercises in `root`'s subfolders, by name.
    public static func all(in root: String) -> [Exercise] {
        ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []).sorted()
            .compactMap { try? Exercise(folder: root + "/" + $0) }
    }

    /// The answer key, parsed as a manifest.
    public func key() throws(Problem) -> RecordManifest {
        guard let data = FileManager.default.contents(atPath: folder + "/key.jsonl") else {
            throw Problem(description: "\(folder)/key.jsonl: missing")
        }
        let manifest = RecordManifest(text: String(decoding: data, as: UTF8.self))
        if let first = manifest.unreadable.first {
            throw Problem(description: "\(folder)/key.jsonl line \(first.line): \(first.reason)")
        }
        return manifest
    }
}
