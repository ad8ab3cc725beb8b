import Foundation

/// Fields an office adds to act types without a change to daftar: a JSON file
/// `{"fields": [{"key", "types", "kind", "values", "required", "en", "ru", "tg"}]}`.
/// `types` lists act types, or `["*"]` for all; `ru` and `tg` default to `en`.
/// Extension fields come after the built-in ones on every form.
public struct SchemaExtension: Sendable, Equatable {
    /// One added field and the act types that take it.
    public struct Field: Sendable, Equatable {
        public let types: [String]
        public let spec: FieldSpec
    }

    public let fields: [Field]

    /// Reads and checks an extension against `base`: keys well formed (`section.field`),
    /// act types known, no key the act type already has, no key twice.
    public init(json: Data, base: ActSchema = .builtIn) throws(SchemaExtensionError) {
        struct File: Decodable {
            struct Entry: Decodable {
                let key: String
                let types: [String]
                let kind: String
                let values: [String]?
                let required: Bool?
                let en: String
                let ru: String?
                let tg: String?
            }
            let fields: [Entry]
        }
        let file: File
        do {
            file = try JSONDecoder().decode(File.self, from: json)
        } catch {
            throw .unreadable(Self.describe(error))
        }
        var fields: [Field] = [], seen: Set<String> = []
        for entry in file.fields {
            guard entry.key.wholeMatch(of: /[a-z][A-Za-z0-9]*\.[a-z][A-Za-z0-9]*/) != nil else {
                throw .badKey(entry.key)
            }
            guard let kind = FieldKind(named: entry.kind, values: entry.values) else {
                throw .badKind(key: entry.key, kind: entry.kind)
            }
            let types = entry.types == ["*"] ? base.types.map(\.name) : entry.types
            guard !types.isEmpty else { throw .unknownType(key: entry.key, type: "") }
            for type in types {
                guard let actType = base.type(named: type) else { throw .unknownType(key: entry.key, type: type) }
                guard actType.field(entry.key) == nil else { throw .builtInKey(key: entry.key, type: type) }
                guard seen.insert("\(type) \(entry.key)").inserted else { throw .repeatedKey(key: entry.key, type: type) }
            }
            let labels = Labels(en: entry.en, ru: entry.ru ?? entry.en, tg: entry.tg ?? entry.en)
            fields.append(Field(types: types, spec: FieldSpec(key: entry.key, kind: kind, required: entry.required ?? false,
                                                              labels: labels)))
        }
        self.fields = fields
    }

    /// The `type key` pairs this extension adds, to check that a later version keeps them.
    public var typedKeys: Set<String> {
        Set(fields.flatMap { field in field.types.map { "\($0) \(field.spec.key)" } })
    }

    /// A JSON decoding failure in one line.
    private static func describe(_ error: Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, let context):
            return "missing \"\(key.stringValue)\"" + Self.at(context)
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            return "wrong kind of value" + Self.at(context)
        default:
            return "not JSON of the form {\"fields\": [...]}"
        }
    }

    private static func at(_ context: DecodingError.Context) -> String {
        let path = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
        return path.isEmpty ? "" : " at \(path)"
    }
}

extension ActSchema {
    /// This schema with an office's fields added after each act type's own.
    public func extended(by extension: SchemaExtension) -> ActSchema {
        ActSchema(types: types.map { type in
            ActType(name: type.name, labels: type.labels,
                    fields: type.fields + `extension`.fields.filter { $0.types.contains(type.name) }.map(\.spec))
        })
    }
}

/// Why a schema extension was refused.
public enum SchemaExtensionError: Error, Equatable, CustomStringConvertible {
    case unreadable(String)
    case badKey(String)
    case badKind(key: String, kind: String)
    case unknownType(key: String, type: String)
    case builtInKey(key: String, type: String)
    case repeatedKey(key: String, type: String)
    /// A later version dropped a field earlier versions had (records may hold it).
    case droppedKeys([String])

    public var description: String {
        switch self {
        case .unreadable(let reason): "not a schema extension: \(reason)"
        case .badKey(let key): "\"\(key)\": keys are section.field, letters and digits (e.g. child.personalNumber)"
        case .badKind(let key, let kind):
            "\(key): kind \"\(kind)\" is not text, name, date, integer, boolean, office or enum (with values)"
        case .unknownType(let key, let type):
            type.isEmpty ? "\(key): \"types\" names no act type" : "\(key): \"\(type)\" is not an act type"
        case .builtInKey(let key, let type): "\(key): \(type) already has this field"
        case .repeatedKey(let key, let type): "\(key): given twice for \(type)"
        case .droppedKeys(let keys):
            "the new version drops \(keys.joined(separator: ", ")) (records may hold them; fields are never removed)"
        }
    }
}
