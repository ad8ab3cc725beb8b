import Archive
import DaftarKit
import Foundation
import Registry

/// The terminal side of `daftar enter`: shows a page, asks for an act type, then for
/// each field of that type in form order, and hands every answer to `DataEntry`.
final class EntryForm {
    let entry: DataEntry
    let input: FormInput
    let language: Language

    init(entry: DataEntry, input: FormInput, language: Language) {
        self.entry = entry
        self.input = input
        self.language = language
    }

    /// How filling one record ended.
    private enum Ending { case saved, stopped }

    func run() throws(ArchiveError) {
        let drafts = try entry.drafts()
        let pages = try entry.waitingPages()
        let scope = entry.ledger.map { FormText.ledger($0) } ?? .allLedgers
        say(.header(scope: scope.text(in: language), pass: entry.pass, operator: entry.operator, pages: pages.count,
                    drafts: drafts.count))
        say(.keys)
        for draft in drafts {
            let page = try entry.keeping.store.pages().first { draft.pages.contains($0.id) }
            if let page { show(page) }
            say(.resuming(record: draft.recordId, type: draft.type))
            if try fill(draft, page: page?.id ?? 0) == .stopped { return }
        }
        for page in pages {
            show(page)
            while true {
                let types = entry.keeping.validator.schema.types.map(\.name)
                switch input.read(prompt: FormText.actTypePrompt(types).text(in: language)) {
                case .interrupted, .ended:
                    say(.stopped)
                    return
                case .text(let typed):
                    let name = typed.trimmingCharacters(in: .whitespaces)
                    if name.isEmpty { break }
                    guard types.contains(name) else {
                        say("  ! " + FormText.notAnActType(name).text(in: language))
                        continue
                    }
                    let draft = DataEntry.Draft(recordId: 0, type: name, pages: [page.id], fields: [:])
                    if try fill(draft, page: page.id) == .stopped { return }
                    guard case .text(let more) = input.read(prompt: FormText.anotherAct.text(in: language)),
                          FormText.isYes(more) else { break }
                    continue
                }
                break
            }
        }
        say(.noMorePages(ledger: entry.ledger))
    }

    /// Asks for the fields of `draft` from where it stopped until the record is keyed
    /// or the operator stops. The draft's record id is 0 until the first answer creates it.
    private func fill(_ start: DataEntry.Draft, page: Int64) throws(ArchiveError) -> Ending {
        guard let type = entry.keeping.validator.schema.type(named: start.type) else { return .saved }
        var draft = start, requiredOnly = false
        // Sent back from the final check to fix one field: check again right after it.
        var fixing = false
        let specs = type.fields
        var index = draft.pendingKey.flatMap { key in specs.firstIndex { $0.key == key } }
            ?? specs.lastIndex { draft.fields[$0.key] != nil }.map { $0 + 1 } ?? 0
        var prefill = draft.pendingText
        while true {
            guard index < specs.count else {
                // The last field is answered: check the record as a whole.
                let id = draft.recordId
                guard id != 0 else {
                    say(.nothingEntered)
                    return .saved
                }
                draft.pendingKey = nil
                draft.pendingText = nil
                switch try finish(draft) {
                case .saved:
                    say(.saved(record: id))
                    return .saved
                case .stopped:
                    try entry.suspend(draft)
                    say(.draftSavedAtCheck(record: id))
                    return .stopped
                case .fix(let key):
                    index = key.flatMap { key in specs.firstIndex { $0.key == key } } ?? 0
                    requiredOnly = false
                    fixing = true
                    continue
                }
            }
            let spec = specs[index]
            if requiredOnly && (!spec.required || draft.fields[spec.key] != nil) {
                index += 1
                continue
            }
            say("[\(index + 1)/\(specs.count)] \(spec.labels.text(in: language)) (\(spec.key); \(FormText.hint(spec.kind).text(in: language)))"
                + (spec.required ? " *" : ""))
            let initial = prefill ?? draft.fields[spec.key].map(FormAnswer.typed) ?? ""
            prefill = nil
            switch input.read(prompt: "> ", initial: initial) {
            case .interrupted(let partial), .ended(let partial):
                if draft.recordId == 0 && !partial.isEmpty {
                    draft.recordId = try entry.begin(type: draft.type, page: page, fields: [:])
                }
                let id = draft.recordId
                guard id != 0 else {
                    say(.stopped)
                    return .stopped
                }
                draft.pendingKey = spec.key
                draft.pendingText = partial.isEmpty ? nil : partial
                try entry.suspend(draft)
                say(.draftSaved(record: id, at: spec.key))
                return .stopped
            case .text(let typed):
                let answer = FormAnswer(typed: typed)
                if answer == .back {
                    index = max(0, index - 1)
                    requiredOnly = false
                    fixing = false
                    continue
                }
                if answer == .requiredOnly {
                    requiredOnly = true
                    if !spec.required { index += 1 }
                    continue
                }
                switch entry.check(answer, for: spec) {
                case .failure(let problem):
                    say("  ! " + problem.message(in: language))
                    prefill = typed
                    continue
                case .success(let stored):
                    draft.fields[spec.key] = stored
                }
                index = fixing ? specs.count : index + 1
                fixing = false
                if draft.recordId == 0 && !draft.fields.isEmpty {
                    draft.recordId = try entry.begin(type: draft.type, page: page, fields: draft.fields)
                }
                if draft.recordId != 0 {
                    draft.pendingKey = index < specs.count ? specs[index].key : nil
                    draft.pendingText = nil
                    try entry.progress(draft)
                }
            }
        }
    }

    /// What the final check of a record came to.
    private enum FinalCheck: Equatable {
        case saved
        /// A problem, or a warning the operator did not confirm: back to this field.
        case fix(String?)
        /// Ctrl-C or end of input at the confirmation.
        case stopped
    }

    /// Checks and saves the record, asking to confirm warnings.
    private func finish(_ draft: DataEntry.Draft) throws(ArchiveError) -> FinalCheck {
        switch try entry.finish(draft, confirmed: false) {
        case .success:
            return .saved
        case .failure(.invalid(let problems)):
            for line in problems.messages(in: language) { say("  ! " + line) }
            return .fix(problems.errors.first?.key)
        case .failure(.needsConfirmation(let warnings)):
            for warning in warnings { say("  ? " + warning.message(in: language)) }
            switch input.read(prompt: FormText.saveAnyway.text(in: language)) {
            case .interrupted, .ended:
                return .stopped
            case .text(let answer) where FormText.isYes(answer):
                if case .failure(let refusal) = try entry.finish(draft, confirmed: true) {
                    for line in refusal.messages(in: language) { say("  ! " + line) }
                    return .fix(nil)
                }
                return .saved
            case .text:
                return .fix(warnings.first?.key)
            }
        }
    }

    /// Prints which page to key from, and opens it when there is a viewer.
    private func show(_ page: PageListing) {
        say("")
        say(.page(id: page.id, file: page.sourceName, number: page.pageIndex + 1, half: page.part, ledger: page.ledger))
        if let file = try? entry.accessImageFile(for: page) {
            say(.image(path: file.path, opened: PageViewer.open(file)))
        }
    }

    private func say(_ text: FormText) { say(text.text(in: language)) }

    private func say(_ line: String) { FormInput.write(line + "\n") }
}
