import ArgumentParser
import Registry

/// `--type` values: each must be one of the built-in act types, or a usage error lists them.
enum ActTypeOption {
    static func check(_ types: [String]) throws {
        for type in types where ActSchema.builtIn.type(named: type) == nil {
            throw ValidationError("--type \(type): the act types are \(ActSchema.builtIn.types.map(\.name).joined(separator: ", "))")
        }
    }
}
