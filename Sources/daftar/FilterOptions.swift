import ArgumentParser
import Archive
import Registry

/// Checks of the filters `search`, `records`, `export records` and `duplicates` take: a
/// filter naming something that does not exist would find nothing, so it is a usage
/// error naming what does exist.
enum FilterOptions {
    /// Every name role of the act types (`child`, `mother`, `deceased` …).
    static var roles: [String] {
        Set(ActSchema.builtIn.types.flatMap { $0.nameRoles.values }).sorted()
    }

    static func checkRole(_ role: String?) throws {
        guard let role, !roles.contains(role) else { return }
        throw ValidationError("--role \(role): the roles are \(roles.joined(separator: ", "))")
    }

    static func checkStatus(_ status: String?) throws {
        let known = RecordStatus.all
        guard let status, !known.contains(status) else { return }
        throw ValidationError("--status \(status): the statuses are \(known.joined(separator: ", "))")
    }

    /// An office code must be in the offices list, when there is one.
    static func checkOffice(_ office: String?, in offices: OfficeList?) throws {
        guard let office, let offices, offices.names[office] == nil else { return }
        throw ValidationError("--office \(office): not in the offices list; the offices are "
                              + offices.names.keys.sorted().joined(separator: ", "))
    }

    /// `--from` after `--to` (at the precision both have) is a range with no day in it.
    static func checkRange(from: PartialDate?, to: PartialDate?) throws {
        guard let from, let to else { return }
        let start = from.description, end = to.description
        let common = min(start.count, end.count)
        if start.prefix(common) > end.prefix(common) {
            throw ValidationError("--from \(start) is after --to \(end): no date is in that range")
        }
    }
}

