import Foundation
import GRDB

/// The search index, kept in the same transaction as every record version: the
/// record's latest act number, date, office and status (`record_search`), and its
/// name words as keys of a full-text index (`name_index`, one document per record):
///
/// - `w<form>`: a word as written, lower case (`name_form`, which knows each form's
///   folded word in `name_term`): a folded match asks for every form of its folded
///   word, so folded words need no keys of their own (each key costs a load time);
/// - `p<a>x<b>`: two folded words of one person (a ≤ b), so that a query of several
///   words finds the people who bear them all, not records where they are scattered.
///
/// The index is contentless (posting lists only, compressed), so a record's keys are
/// removed by naming them again: `record_search.names` keeps them in short form
/// (`child 12:40 7:9;mother 3:5`, role then term:form per word), and NULL there means
/// the record is not indexed yet.
enum SearchIndex {
    /// Words of one person beyond this many are indexed as words, but not in pairs.
    static let pairedWordsPerPerson = 6

    /// Re-indexes a record from the version just written; `isNew` skips looking for
    /// what a record just created cannot have.
    static func update(_ db: Database, recordId: Int64, type: String? = nil, version: NewRecordVersion, isNew: Bool = false,
                       terms: NameIdCache? = nil, statements: RecordStatements? = nil) throws {
        let statements = statements ?? RecordStatements(db)
        let names = try index(db, recordId: recordId, names: version.names, isNew: isNew, terms: terms, statements: statements)
        if isNew, let type {
            try statements(.newSearchRow).execute(.integer(recordId), .text(type), .text(version.status), .init(version.actNumber),
                             .init(version.actDate), .init(version.actOffice), .text(names), .init(version.duplicateKey))
            return
        }
        try db.executeCached(sql: """
            INSERT OR REPLACE INTO record_search (record_id, type, status, act_number, act_date, office, names, duplicate_key,
                                                  duplicate_of)
            VALUES (?, (SELECT type FROM record WHERE id = ?), ?, ?, ?, ?, ?, ?,
                    (SELECT other_id FROM duplicate_decision WHERE record_id = ? AND decision = 'duplicate' ORDER BY id DESC LIMIT 1))
            """, arguments: [recordId, recordId, version.status, version.actNumber, version.actDate, version.actOffice,
                             names, version.duplicateKey, recordId])
    }

    /// Replaces a record's name keys in the full-text index; returns the short form
    /// `record_search.names` keeps.
    static func index(_ db: Database, recordId: Int64, names: [IndexedName], isNew: Bool = false,
                      terms: NameIdCache? = nil, statements: RecordStatements? = nil) throws -> String {
        if !isNew, let old = try String.fetchOne(try db.cachedStatement(sql: "SELECT names FROM record_search WHERE record_id = ?"),
                                                 arguments: [recordId]), !old.isEmpty {
            try db.executeCached(sql: "INSERT INTO name_index (name_index, rowid, keys) VALUES ('delete', ?, ?)",
                                 arguments: [recordId, keys(of: old)])
        }
        // One person's words are listed together and people in role order (as
        // `RecordKeeping.indexed` lists them, by field key); otherwise they are put so,
        // keeping each person's words in their order.
        let inOrder = zip(names, names.dropFirst()).allSatisfy { $0.role <= $1.role }
        let order = inOrder ? Array(names.indices) : names.indices.sorted { (names[$0].role, $0) < (names[$1].role, $1) }
        // Both texts are built as bytes, a person at a time: a load writes them a million times.
        var text: [UInt8] = [], keys: [UInt8] = [], words: [(term: Int64, form: Int64)] = []
        text.reserveCapacity(names.count * 12)
        keys.reserveCapacity(names.count * 16)
        var next = 0
        while next < order.count {
            let role = names[order[next]].role
            words.removeAll(keepingCapacity: true)
            while next < order.count, names[order[next]].role == role {
                let name = names[order[next]]
                let word: (term: Int64, form: Int64)
                if let known = terms?.words[name.writtenKey] {
                    word = known
                } else {
                    let term = try termId(db, name.folded, terms)
                    word = (term, try formId(db, name.written, term: term))
                    terms?.words[name.writtenKey] = word
                }
                if !words.contains(where: { $0 == word }) { words.append(word) }
                next += 1
            }
            if !text.isEmpty { text.append(UInt8(ascii: ";")) }
            text += role.utf8
            for word in words {
                text.append(UInt8(ascii: " "))
                appendDecimal(word.term, to: &text)
                text.append(UInt8(ascii: ":"))
                appendDecimal(word.form, to: &text)
            }
            appendKeys(of: words, to: &keys)
        }
        if !keys.isEmpty {
            try (statements ?? RecordStatements(db))(.nameKeys).execute(.integer(recordId), .text(String(decoding: keys, as: UTF8.self)))
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// The full-text keys of a record's people, each a list of (term, form) words:
    /// `w<form>` for each word, `p<a>x<b>` for each two of one person's first words.
    /// A key may come twice (two people bearing the same two words): the index takes
    /// that, and removal names the same list again.
    static func keys(of people: [[(term: Int64, form: Int64)]]) -> String {
        var keys: [UInt8] = []
        for words in people { appendKeys(of: words, to: &keys) }
        return String(decoding: keys, as: UTF8.self)
    }

    /// One person's keys (see `keys(of:)`), appended, space-separated.
    static func appendKeys(of words: [(term: Int64, form: Int64)], to keys: inout [UInt8]) {
        func separate() { if !keys.isEmpty { keys.append(UInt8(ascii: " ")) } }
        for word in words {
            separate()
            keys.append(UInt8(ascii: "w"))
            appendDecimal(word.form, to: &keys)
        }
        let paired = min(words.count, pairedWordsPerPerson)
        for i in 0..<paired {
            for j in (i + 1)..<max(paired, i + 1) {
                let (a, b) = (words[i].term, words[j].term)
                separate()
                keys.append(UInt8(ascii: "p"))
                appendDecimal(min(a, b), to: &keys)
                keys.append(UInt8(ascii: "x"))
                appendDecimal(max(a, b), to: &keys)
            }
        }
    }

    /// A non-negative number's decimal digits, appended.
    static func appendDecimal(_ number: Int64, to bytes: inout [UInt8]) {
        var divisor: Int64 = 1
        while divisor <= number / 10 { divisor *= 10 }
        while divisor > 0 {
            bytes.append(UInt8(ascii: "0") + UInt8(number / divisor % 10))
            divisor /= 10
        }
    }

    /// The full-text keys of a record's names in short form (as `record_search.names` keeps them).
    static func keys(of names: String) -> String {
        let people: [[(term: Int64, form: Int64)]] = names.split(separator: ";").map { person -> [(term: Int64, form: Int64)] in
            person.split(separator: " ").dropFirst().compactMap { word -> (term: Int64, form: Int64)? in
                let parts = word.split(separator: ":")
                guard parts.count == 2, let term = Int64(parts[0]), let form = Int64(parts[1]) else { return nil }
                return (term, form)
            }
        }
        return keys(of: people)
    }

    /// The id of a folded word, added (with its trigrams) the first time it is seen.
    static func termId(_ db: Database, _ folded: String, _ cache: NameIdCache?) throws -> Int64 {
        if let id = cache?.terms[folded] { return id }
        let id: Int64
        if let found = try Int64.fetchOne(try db.cachedStatement(sql: "SELECT id FROM name_term WHERE folded = ?"), arguments: [folded]) {
            id = found
        } else {
            try db.executeCached(sql: "INSERT INTO name_term (folded) VALUES (?)", arguments: [folded])
            id = db.lastInsertedRowID
            try db.executeCached(sql: "INSERT INTO name_term_trigram (rowid, padded) VALUES (?, ?)", arguments: [id, "^\(folded)$"])
        }
        cache?.terms[folded] = id
        return id
    }

    /// The id of a word as written (lower case), added with its folded word's id the
    /// first time it is seen (the cache keeps it with the folded word's id, by its bytes).
    static func formId(_ db: Database, _ written: String, term: Int64) throws -> Int64 {
        if let found = try Int64.fetchOne(try db.cachedStatement(sql: "SELECT id FROM name_form WHERE written = ?"), arguments: [written]) {
            return found
        }
        try db.executeCached(sql: "INSERT INTO name_form (written, term_id) VALUES (?, ?)", arguments: [written, term])
        return db.lastInsertedRowID
    }
}
