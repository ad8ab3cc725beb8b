import Foundation

/// Expands the operator's paths into the files to import: files as given,
/// folders walked recursively in name order. Inside folders, hidden files and
/// the text sidecars that travel with scans (READMEs, manifests, lists) are
/// skipped; every other file is tried and its format sniffed from its bytes.
/// Paths are in `PathBytes`' escaped form: a name that is not UTF-8 is found and kept.
public enum FileCollector {
    /// Extensions of text sidecars skipped inside folders (a file named explicitly is always tried).
    public static let sidecarExtensions: Set<String> = ["md", "txt", "csv", "tsv", "json", "jsonl", "xml", "yaml", "yml"]

    /// A path that could not be used, with the reason.
    public struct Problem: Sendable, Equatable {
        public let path: String
        public let reason: String
    }

    /// - Parameter excluding: files never to import (the archive itself and its -wal/-shm/-journal companions).
    public static func collect(_ paths: [String], excluding: [String] = []) -> (files: [String], problems: [Problem]) {
        let excluded = Set(excluding.flatMap { path in
            ["", "-wal", "-shm", "-journal"].map { canonical(path + $0) }
        })
        var files: [String] = []
        var problems: [Problem] = []
        for path in paths {
            let found = PathBytes.exists(path)
            guard found.exists else {
                problems.append(Problem(path: path, reason: "no such file or folder"))
                continue
            }
            guard found.isFolder else {
                files.append(path)
                continue
            }
            var visited = Set<String>()
            walk(path, into: &files, problems: &problems, visited: &visited)
        }
        return (files.filter { !excluded.contains(canonical($0)) }, problems)
    }

    private static func canonical(_ path: String) -> String {
        PathBytes.resolved(path) ?? URL(fileURLWithPath: path).standardizedFileURL.path
    }

    private static func walk(_ folder: String, into files: inout [String], problems: inout [Problem],
                             visited: inout Set<String>) {
        // A symbolic link back up the tree must not send the walk round forever.
        guard visited.insert(canonical(folder)).inserted else { return }
        // readdir, not FileManager: it gives every name's bytes, UTF-8 or not.
        guard let names = PathBytes.names(inFolder: folder) else {
            problems.append(Problem(path: folder, reason: "folder cannot be read"))
            return
        }
        for name in names.sorted() where !name.hasPrefix(".") {
            let path = PathBytes.join(folder, name)
            let found = PathBytes.exists(path)
            guard found.exists else { continue }
            if found.isFolder {
                walk(path, into: &files, problems: &problems, visited: &visited)
            } else if !sidecarExtensions.contains((name as NSString).pathExtension.lowercased()) {
                files.append(path)
            }
        }
    }
}
