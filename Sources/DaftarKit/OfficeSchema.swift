import Archive
import Foundation
import Registry

/// The act schema an archive works with: daftar's built-in schema plus the latest
/// version of the office's extension stored in the archive.
public enum OfficeSchema {
    /// The schema in force, and the extension version it includes (nil: built-in only).
    public static func current(in store: ArchiveStore) throws(ArchiveError) -> (schema: ActSchema, version: Int?) {
        guard let latest = try store.schemaExtensions().last else { return (.builtIn, nil) }
        do {
            let parsed = try SchemaExtension(json: Data(latest.content.utf8))
            return (ActSchema.builtIn.extended(by: parsed), latest.version)
        } catch {
            throw .database(path: store.path, message: "schema extension version \(latest.version) is unreadable: \(error)")
        }
    }

    /// Why an extension was not stored.
    public enum Refusal: Error, CustomStringConvertible {
        case invalid(SchemaExtensionError)
        /// The file is the version already in force.
        case unchanged(version: Int)

        public var description: String {
            switch self {
            case .invalid(let error): error.description
            case .unchanged(let version): "this is schema extension version \(version) already; nothing stored"
            }
        }
    }

    /// Checks `content` and stores it as the archive's next extension version. A new
    /// version must keep every field of the one before: records may hold them.
    public static func extend(_ store: ArchiveStore, content: String,
                              operator: String) throws(ArchiveError) -> Result<Int, Refusal> {
        let parsed: SchemaExtension
        do {
            parsed = try SchemaExtension(json: Data(content.utf8))
        } catch {
            return .failure(.invalid(error))
        }
        if let latest = try store.schemaExtensions().last {
            if latest.content == content { return .failure(.unchanged(version: latest.version)) }
            if let previous = try? SchemaExtension(json: Data(latest.content.utf8)) {
                let dropped = previous.typedKeys.subtracting(parsed.typedKeys)
                if !dropped.isEmpty {
                    return .failure(.invalid(.droppedKeys(dropped.sorted().map { $0.replacingOccurrences(of: " ", with: ": ") })))
                }
            }
        }
        return .success(try store.addSchemaExtension(content: content, operator: `operator`))
    }
}
