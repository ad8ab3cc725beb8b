import ArgumentParser
import Archive
import DaftarKit
import Foundation
import Registry

struct SchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema",
        abstract: "The act types and fields records are keyed in; an office's own extra fields.",
        subcommands: [SchemaShow.self, SchemaExtend.self],
        defaultSubcommand: SchemaShow.self
    )
}

struct SchemaShow: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Print each act type's fields (key, kind, required, label in your language)."
    )

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: "Only this act type.")
    var type: String?

    @Flag(name: .long, help: "Print {\"extensionVersion\", \"types\": [{\"name\", \"label\", \"fields\": [...]}]}.")
    var json = false

    func run() throws {
        let language = Language.current()
        let store = try global.openArchive()
        let (schema, version) = try ExitStatus.orExit { () throws(ArchiveError) in try OfficeSchema.current(in: store) }
        var types = schema.types
        if let type {
            types = types.filter { $0.name == type }
            guard !types.isEmpty else {
                throw ValidationError("--type \(type): act types are \(schema.types.map(\.name).joined(separator: ", "))")
            }
        }
        let builtIn = ActSchema.builtIn
        struct Field: Encodable { let key, kind, label: String; let values: [String]?; let required, office: Bool }
        struct TypeEntry: Encodable { let name, label: String; let fields: [Field] }
        let entries = types.map { type in
            TypeEntry(name: type.name, label: type.labels.text(in: language), fields: type.fields.map { field in
                var values: [String]?
                if case .choice(let choices) = field.kind { values = choices }
                return Field(key: field.key, kind: field.kind.name, label: field.labels.text(in: language), values: values,
                             required: field.required, office: builtIn.type(named: type.name)?.field(field.key) == nil)
            })
        }
        if json {
            struct Output: Encodable { let extensionVersion: Int?; let types: [TypeEntry] }
            print(try JSONText.encode(Output(extensionVersion: version, types: entries)))
            return
        }
        var lines = ["schema: built-in" + (version.map { " + office extension version \($0)" } ?? "")]
        for entry in entries {
            lines.append("")
            lines.append("\(entry.name) (\(entry.label))")
            let rows = entry.fields.map { field in
                ["  " + field.key, field.kind + (field.values.map { " " + $0.joined(separator: "|") } ?? ""),
                 field.required ? "required" : "", field.office ? "office" : "", field.label]
            }
            lines.append(TextTable.render(header: ["  KEY", "KIND", "", "", "LABEL"], rows: rows))
        }
        print(lines.joined(separator: "\n"))
    }
}

struct SchemaExtend: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "extend",
        abstract: "Store an office's extra fields as the archive's next schema extension version.",
        discussion: """
            The file is JSON: {"fields": [{"key": "child.personalNumber", "types": ["birth"], \
            "kind": "text", "required": false, "en": "…", "ru": "…", "tg": "…"}]}. Kinds: text, \
            name, date, integer, boolean, office, enum (with "values"). "types": ["*"] adds the field \
            to every act type. Each version replaces the one before and must keep its fields.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The extension file (JSON).")
    var file: String

    @Flag(name: .long, help: "Print {\"version\": …}.")
    var json = false

    func run() throws {
        let content = try Terminal.readText(file)
        let store = try global.openArchive()
        let result = try ExitStatus.orExit { () throws(ArchiveError) in
            try OfficeSchema.extend(store, content: content, operator: global.operator)
        }
        switch result {
        case .failure(let refusal):
            Terminal.printError("\(file): \(refusal)")
            throw ExitCode(ExitStatus.someRejected)
        case .success(let version):
            print(json ? try JSONText.encode(["version": version]) : "schema extension version \(version) stored")
        }
    }
}
