import Archive
import DaftarKit
import Foundation
import Registry

/// The terminal side of `daftar enter`: shows a page, asks for an act type, then for
/// each field of that type in form order, and hands every answer to `DataEntry`.
/// A record the final check refuses goes back to the field the operator picks.
final class EntryForm {
    let entry: DataEntry
    let input: FormInput
    let language: Language
    /// Where the pages' images are written for the viewer (removed when the form ends).
    let images: PrivateFolder

    init(entry: DataEntry, input: FormInput, language: Language, images: PrivateFolder) {
        self.entry = entry
        self.input = input
        self.language = language
        self.images = images
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
        // A draft with answers and no field pending was left at the final check: resume there.
        var index = draft.pendingKey.flatMap { key in specs.firstIndex { $0.key == key } }
            ?? (draft.pendingKey == nil && !draft.fields.isEmpty ? specs.count : nil)
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
                case .refused(let problems):
                    if let chosen = chooseField(of: specs, in: draft, problems: problems) {
                        index = chosen
                        requiredOnly = false
                        fixing = true
                        continue
                    }
                    // The operator leaves the record as it is.
                    fallthrough
                case .stopped:
                    try entry.suspend(draft)
                    say(.draftSavedAtCheck(record: id))
                    return .stopped
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
        /// Errors, or warnings the operator did not confirm: not saved.
        case refused([FieldProblem])
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
            return .refused(problems.errors)
        case .failure(.needsConfirmation(let warnings)):
            for warning in warnings { say("  ? " + warning.message(in: language)) }
            switch input.read(prompt: FormText.saveAnyway.text(in: language)) {
            case .interrupted, .ended:
                return .stopped
            case .text(let answer) where FormText.isYes(answer):
                switch try entry.finish(draft, confirmed: true) {
                case .success:
                    return .saved
                case .failure(.invalid(let problems)):
                    for line in problems.messages(in: language) { say("  ! " + line) }
                    return .refused(problems.errors)
                case .failure(.needsConfirmation(let warnings)):
                    return .refused(warnings)
                }
            case .text:
                return .refused(warnings)
            }
        }
    }

    /// After a refused save: lists every field of the form with its number in the form,
    /// its answer and a mark for the check's problems, and asks which one to fix. Nil when
    /// the operator leaves instead (Enter, Ctrl-C, end of input).
    private func chooseField(of specs: [FieldSpec], in draft: DataEntry.Draft, problems: [FieldProblem]) -> Int? {
        say(.fieldList)
        let width = String(specs.count).count
        for (index, spec) in specs.enumerated() {
            let found = problems.filter { $0.key == spec.key }
            let mark = found.isEmpty ? " " : found.allSatisfy(\.isWarning) ? "?" : "!"
            let number = String(index + 1)
            let answer = draft.fields[spec.key].map(FormAnswer.typed) ?? ""
            say("  \(mark) " + String(repeating: " ", count: width - number.count) + number
                + ". \(spec.labels.text(in: language)) (\(spec.key)):" + (answer.isEmpty ? "" : " " + answer))
        }
        while true {
            switch input.read(prompt: FormText.fixPrompt.text(in: language)) {
            case .interrupted, .ended:
                return nil
            case .text(let typed):
                let answer = typed.trimmingCharacters(in: .whitespaces)
                if answer.isEmpty { return nil }
                if let number = Int(answer), (1...specs.count).contains(number) { return number - 1 }
                if let index = specs.firstIndex(where: { $0.key.lowercased() == answer.lowercased() }) { return index }
                say("  ! " + FormText.notAField(answer, count: specs.count).text(in: language))
            }
        }
    }

    /// Prints which page to key from, and opens it when there is a viewer.
    private func show(_ page: PageListing) {
        say("")
        say(.page(id: page.id, file: page.sourceName, number: page.pageIndex + 1, half: page.part, ledger: page.ledger))
        if let file = try? entry.accessImageFile(for: page, in: images) {
            say(.image(path: file.path, opened: PageViewer.open(file)))
        }
    }

    private func say(_ text: FormText) { say(text.text(in: language)) }

    private func say(_ line: String) { FormInput.write(line + "\n") }
}
