import Archive
import Foundation

/// Reads a BagIt bag and checks it before anything is taken from it: `bagit.txt`
/// names a version, every file a manifest lists is inside the bag and has the
/// checksum listed, every payload file is listed, and `Payload-Oxum` (when given)
/// matches. A path that leaves the bag (`..`, absolute) makes the bag invalid.
public struct BagReader: Sendable {
    public let root: String
    /// `bag-info.txt`'s entries, in order.
    public let info: [(key: String, value: String)]
    /// The payload files and their SHA-256 (or SHA-512, when the bag has no SHA-256 manifest).
    public let payload: [String: String]

    public init(root: String) throws(BagError) {
        let root = URL(fileURLWithPath: root).standardizedFileURL.path
        self.root = root
        var problems: [String] = []
        func text(_ name: String) -> String? {
            FileManager.default.contents(atPath: root + "/" + name).map { String(decoding: $0, as: UTF8.self) }
        }
        guard let declaration = text("bagit.txt") else { throw .invalid(bag: root, problems: ["bagit.txt is missing"]) }
        guard declaration.contains("BagIt-Version: 1.0") || declaration.contains("BagIt-Version: 0.97") else {
            throw .invalid(bag: root, problems: ["bagit.txt names no BagIt version daftar reads (1.0 or 0.97)"])
        }
        info = (text("bag-info.txt") ?? "").split(whereSeparator: \.isNewline).compactMap { line in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (String(line[..<colon]).trimmingCharacters(in: .whitespaces),
                    String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces))
        }
        let algorithm = FileManager.default.fileExists(atPath: root + "/manifest-sha256.txt") ? "sha256" : "sha512"
        guard let manifest = text("manifest-\(algorithm).txt") else {
            throw .invalid(bag: root, problems: ["no manifest-sha256.txt or manifest-sha512.txt"])
        }
        var payload: [String: String] = [:]
        var octets = 0
        for check in [("manifest-\(algorithm).txt", manifest, false)]
            + (text("tagmanifest-\(algorithm).txt").map { [("tagmanifest-\(algorithm).txt", $0, true)] } ?? []) {
            for line in check.1.split(whereSeparator: \.isNewline) where !line.trimmingCharacters(in: .whitespaces).isEmpty {
                let parts = line.split(maxSplits: 1, whereSeparator: { $0 == " " || $0 == "\t" })
                guard parts.count == 2 else {
                    problems.append("\(check.0): unreadable line \"\(line)\"")
                    continue
                }
                let digest = parts[0].lowercased()
                let path = BagPayloadWriter.decodedManifestPath(String(parts[1]).trimmingCharacters(in: .whitespaces))
                guard !path.hasPrefix("/"), !path.split(separator: "/").contains(".."), !path.contains("\\") else {
                    problems.append("\(check.0): \(path) lies outside the bag")
                    continue
                }
                guard let bytes = FileManager.default.contents(atPath: root + "/" + path) else {
                    problems.append("\(path) is listed in \(check.0) but missing")
                    continue
                }
                let actual = algorithm == "sha256" ? ContentHash.sha256(Array(bytes)) : ContentHash.sha512(Array(bytes))
                guard actual == digest else {
                    problems.append("\(path): its \(algorithm) checksum does not match \(check.0) (changed or damaged)")
                    continue
                }
                if !check.2 {
                    payload[path] = digest
                    octets += bytes.count
                }
            }
        }
        // Every file under data/ must be listed.
        if let walker = FileManager.default.enumerator(atPath: root + "/data") {
            for case let relative as String in walker {
                var isFolder: ObjCBool = false
                let exists = FileManager.default.fileExists(atPath: root + "/data/" + relative, isDirectory: &isFolder)
                if exists && !isFolder.boolValue && payload["data/" + relative] == nil
                    && !problems.contains(where: { $0.hasPrefix("data/" + relative) }) {
                    problems.append("data/\(relative) is not in the manifest")
                }
            }
        }
        if let oxum = info.first(where: { $0.key == "Payload-Oxum" })?.value, problems.isEmpty,
           oxum != "\(octets).\(payload.count)" {
            problems.append("Payload-Oxum says \(oxum), the payload is \(octets).\(payload.count)")
        }
        guard problems.isEmpty else { throw .invalid(bag: root, problems: problems) }
        self.payload = payload
    }

    /// The bytes of a payload file the manifest vouched for; nil for any other path.
    public func payloadFile(_ path: String) -> [UInt8]? {
        guard payload[path] != nil, let data = FileManager.default.contents(atPath: root + "/" + path) else { return nil }
        return Array(data)
    }

    /// The value of a `bag-info.txt` entry.
    public func info(_ key: String) -> String? { info.first { $0.key == key }?.value }

    /// The lines of a JSON Lines payload file, decoded.
    func lines<T: Decodable>(_ path: String, as type: T.Type) throws(BagError) -> [T] {
        guard let bytes = payloadFile(path) else { throw .invalid(bag: root, problems: ["\(path) is missing: not a daftar bag"]) }
        let decoder = JSONDecoder()
        var values: [T] = []
        for (number, line) in bytes.split(separator: UInt8(ascii: "\n")).enumerated() where !line.isEmpty {
            do {
                values.append(try decoder.decode(T.self, from: Data(line)))
            } catch {
                throw .invalid(bag: root, problems: ["\(path) line \(number + 1): unreadable (\(error.localizedDescription))"])
            }
        }
        return values
    }
}
