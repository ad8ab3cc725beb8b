import Foundation

/// An act type (birth, death, marriage …) and its fields in the order a form asks for them.
/// A class, so that looking one up for each of a million records costs one retain.
public final class ActType: Sendable, Equatable {
    public let name: String
    public let labels: Labels
    public let fields: [FieldSpec]

    /// Each field's place in `fields`, by key (records are checked a million at a time).
    private let positions: [String: Int]
    /// The name fields' keys and their roles (`child.surname` → `child`).
    public let nameRoles: [String: String]
    /// The same, ordered by key.
    public let nameFields: [(key: String, role: String)]
    /// The date fields' keys, in form order (each is checked against today).
    public let dateFields: [String]

    public init(name: String, labels: Labels, fields: [FieldSpec]) {
        self.name = name
        self.labels = labels
        self.fields = fields
        positions = Dictionary(fields.enumerated().map { ($1.key, $0) }, uniquingKeysWith: { first, _ in first })
        nameRoles = Dictionary(fields.filter { $0.kind == .name }.map { ($0.key, String($0.key.prefix { $0 != "." })) },
                               uniquingKeysWith: { first, _ in first })
        nameFields = nameRoles.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        dateFields = fields.filter { $0.kind == .date }.map(\.key)
    }

    /// The field with this key, if the act type has it.
    public func field(_ key: String) -> FieldSpec? { positions[key].map { fields[$0] } }

    /// The place in `fields` of the field with this key, if the act type has it.
    public func position(of key: String) -> Int? { positions[key] }

    public static func == (lhs: ActType, rhs: ActType) -> Bool {
        lhs.name == rhs.name && lhs.labels == rhs.labels && lhs.fields == rhs.fields
    }
}

/// The civil registry's act types, read from data (`Resources/acts.json`): the
/// common act fields, then each role's person fields, then the type's own fields.
public struct ActSchema: Sendable {
    public let types: [ActType]

    /// The schema built into daftar.
    public static let builtIn: ActSchema = {
        guard let url = Bundle.module.url(forResource: "acts", withExtension: "json"),
              let data = try? Data(contentsOf: url),
              let schema = try? ActSchema(json: data) else {
            fatalError("daftar's built-in act schema (acts.json) is missing or invalid")
        }
        return schema
    }()

    /// The act type with this name (`birth`, `name-change` …).
    public func type(named name: String) -> ActType? { types.first { $0.name == name } }

    public init(types: [ActType]) {
        self.types = types
    }

    /// Reads a schema in the format of `acts.json`.
    public init(json: Data) throws {
        let file = try JSONDecoder().decode(SchemaFile.self, from: json)
        let common = try file.commonFields.map { try $0.spec() }
        types = try file.types.map { type in
            var fields = common
            for role in type.roles {
                guard let roleLabels = file.roleLabels[role.role] else {
                    throw SchemaError.unknownRole(type: type.name, role: role.role)
                }
                for name in role.fields {
                    guard let person = file.personFields[name] else {
                        throw SchemaError.unknownPersonField(type: type.name, field: name)
                    }
                    let labels = Labels(en: "\(roleLabels.en): \(person.en)", ru: "\(roleLabels.ru): \(person.ru)",
                                        tg: "\(roleLabels.tg): \(person.tg)")
                    fields.append(FieldSpec(key: "\(role.role).\(name)", kind: try person.fieldKind(),
                                            required: role.required?.contains(name) ?? false, labels: labels))
                }
            }
            fields += try type.fields.map { try $0.spec() }
            return ActType(name: type.name, labels: Labels(en: type.en, ru: type.ru, tg: type.tg), fields: fields)
        }
    }
}

/// A schema file that does not hold together.
public enum SchemaError: Error, Equatable {
    case unknownRole(type: String, role: String)
    case unknownPersonField(type: String, field: String)
    case unknownKind(field: String, kind: String)
}

/// The JSON layout of `acts.json`.
private struct SchemaFile: Decodable {
    struct Field: Decodable {
        let key: String?
        let kind: String
        let values: [String]?
        let required: Bool?
        let en: String, ru: String, tg: String

        func fieldKind() throws -> FieldKind {
            guard let fieldKind = FieldKind(named: kind, values: values) else {
                throw SchemaError.unknownKind(field: key ?? en, kind: kind)
            }
            return fieldKind
        }

        func spec() throws -> FieldSpec {
            FieldSpec(key: key ?? "", kind: try fieldKind(), required: required ?? false, labels: Labels(en: en, ru: ru, tg: tg))
        }
    }
    struct Role: Decodable {
        let role: String
        let fields: [String]
        let required: [String]?
    }
    struct ActTypeEntry: Decodable {
        let name: String
        let en: String, ru: String, tg: String
        let roles: [Role]
        let fields: [Field]
    }
    let personFields: [String: Field]
    let roleLabels: [String: Labels]
    let commonFields: [Field]
    let types: [ActTypeEntry]
}
