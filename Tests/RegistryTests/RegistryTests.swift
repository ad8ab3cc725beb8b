import Foundation
import Testing
@testable import Registry

@Suite("Act schema")
struct ActSchemaTests {
    let schema = ActSchema.builtIn

    @Test("the seven act types are there, each with the common act fields and unique keys")
    func actTypes() {
        #expect(schema.types.map(\.name) == ["birth", "death", "marriage", "divorce", "paternity", "name-change", "adoption"])
        for type in schema.types {
            for key in ["act.number", "act.date", "act.office", "certificate.series", "certificate.number",
                        "act.marginNotes", "act.remarks"] {
                #expect(type.field(key) != nil, "\(type.name) lacks \(key)")
            }
            #expect(Set(type.fields.map(\.key)).count == type.fields.count, "\(type.name) repeats a key")
            for field in type.fields {
                #expect(field.key.split(separator: ".").count == 2, "\(field.key) is not role.field or section.field")
                for language in Language.allCases {
                    #expect(!field.labels.text(in: language).isEmpty, "\(field.key) has no \(language) label")
                }
            }
        }
    }

    @Test("each type asks for its own people and facts, as the issue lists them")
    func fieldsPerType() throws {
        let birth = try #require(schema.type(named: "birth"))
        for key in ["child.surname", "child.sex", "mother.givenName", "father.patronymic", "applicant.residence",
                    "birth.date", "birth.place", "birth.liveBorn", "birth.numberBorn", "birth.fatherBasis"] {
            #expect(birth.field(key) != nil, "birth lacks \(key)")
        }
        #expect(birth.field("child.sex")?.kind == .choice(["male", "female", "unknown"]))
        #expect(birth.field("birth.date")?.required == true)
        #expect(birth.field("child.surname")?.labels.tg == "кӯдак: насаб")
        let death = try #require(schema.type(named: "death"))
        #expect(["deceased.birthDate", "death.date", "death.place", "death.cause", "death.document"].allSatisfy { death.field($0) != nil })
        let marriage = try #require(schema.type(named: "marriage"))
        #expect(["husband.surnameAfter", "wife.surname", "wife.surnameAfter", "wife.priorStatus"].allSatisfy { marriage.field($0) != nil })
        let divorce = try #require(schema.type(named: "divorce"))
        #expect(divorce.field("divorce.basis")?.kind == .choice(["court", "joint-application"]))
        #expect(["marriage.date", "divorce.minorChildren"].allSatisfy { divorce.field($0) != nil })
        for name in ["paternity", "name-change", "adoption"] {
            let type = try #require(schema.type(named: name))
            for key in ["person.surname", "personAfter.surname", "birthAct.number", "basis.kind", "basis.document"] {
                #expect(type.field(key) != nil, "\(name) lacks \(key)")
            }
        }
    }

    @Test("the README documents every field of every act type")
    func readmeDocumentsFields() throws {
        let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("README.md")
        let text = try String(contentsOf: readme, encoding: .utf8)
        let lines = text.split(separator: "\n").map(String.init)
        for type in schema.types {
            let row = try #require(lines.first { $0.hasPrefix("| `\(type.name)` (") }, "no README row for \(type.name)")
            for field in type.fields where !field.key.hasPrefix("act.") && !field.key.hasPrefix("certificate.") {
                let parts = field.key.split(separator: ".")
                let documented = row.contains("`\(field.key)`")
                    || (row.contains("`\(parts[0])`:") && row.contains(String(parts[1])))
                #expect(documented, "README does not list \(field.key) for \(type.name)")
            }
        }
        for key in ["act.number", "act.date", "act.office", "certificate.series", "act.marginNotes"] {
            #expect(text.contains("`\(key)`"), "README does not list \(key)")
        }
    }

    @Test("a schema naming a role it does not define is refused")
    func brokenSchema() {
        let json = #"{"personFields": {}, "roleLabels": {}, "commonFields": [], "types": [{"name": "x", "en": "x", "ru": "x", "tg": "x", "roles": [{"role": "ghost", "fields": ["surname"]}], "fields": []}]}"#
        #expect(throws: SchemaError.unknownRole(type: "x", role: "ghost")) { try ActSchema(json: Data(json.utf8)) }
    }
}

@Suite("Typed values")
struct TypedValueTests {
    @Test("dates are read at their precision, in ISO and the region's day.month.year")
    func dates() {
        #expect(DateReading("1957") == .date(PartialDate(year: 1957)!))
        #expect(DateReading("1957-03") == .date(PartialDate(year: 1957, month: 3)!))
        #expect(DateReading("1957-03-12") == .date(PartialDate(year: 1957, month: 3, day: 12)!))
        #expect(DateReading("12.03.1957") == .date(PartialDate(year: 1957, month: 3, day: 12)!))
        #expect(DateReading("3.1957") == .date(PartialDate(year: 1957, month: 3)!))
        #expect(DateReading("1957-02-30") == .impossible)
        #expect(DateReading("30.02.1957") == .impossible)
        #expect(DateReading("1957-13") == .impossible)
        #expect(DateReading("1956-02-29") == .date(PartialDate(year: 1956, month: 2, day: 29)!))
        #expect(DateReading("1900-02-29") == .impossible)
        for text in ["57", "12/03/1957", "1957-3-12", "март 1957", "1957-03-12-01", "", "١٩٥٧"] {
            #expect(DateReading(text) == .unreadable, "\(text)")
        }
        #expect(PartialDate(year: 1957, month: 3)!.description == "1957-03")
    }

    @Test("partial dates are out of order only when every day they stand for is")
    func dateOrder() {
        let march = PartialDate(year: 1957, month: 3)!
        #expect(!march.isSurelyBefore(PartialDate(year: 1957, month: 3, day: 1)!))
        #expect(march.isSurelyBefore(PartialDate(year: 1957, month: 4, day: 1)!))
        #expect(!PartialDate(year: 1957)!.isSurelyBefore(PartialDate(year: 1957, month: 12, day: 31)!))
        #expect(PartialDate(year: 1957, month: 3, day: 12)!.years(since: PartialDate(year: 1940, month: 3, day: 13)!) == 16)
    }

    @Test("names are kept as written, in NFC with whitespace folded")
    func names() {
        // ӯ as u + combining macron becomes the single letter; the script is not changed.
        #expect(FieldValue.normalizedName("  Ҷу\u{0304}раева \t Малика ") == "Ҷӯраева Малика")
        #expect(FieldValue.normalizedName("Juraeva") == "Juraeva")
    }

    @Test("the operator's language comes from DAFTAR_LANG, then the locale, English otherwise")
    func language() {
        #expect(Language.current(environment: ["DAFTAR_LANG": "tg"]) == .tg)
        #expect(Language.current(environment: ["LANG": "ru_RU.UTF-8"]) == .ru)
        #expect(Language.current(environment: ["DAFTAR_LANG": "de", "LANG": "ru_RU.UTF-8"]) == .en)
        #expect(Language.current(environment: ["LANG": "C.UTF-8"]) == .en)
        #expect(Language.current(environment: [:]) == .en)
    }

    @Test("the offices list reads code,name lines, quoted names included")
    func offices() throws {
        let list = try OfficeList(csv: "code,name\nDSH-01,\"Dushanbe, Firdavsi district\"\nKHJ-01,Khujand\n")
        #expect(list.names == ["DSH-01": "Dushanbe, Firdavsi district", "KHJ-01": "Khujand"])
        #expect(throws: OfficeListError.malformedLine(2)) { try OfficeList(csv: "code,name\nnocomma\n") }
        // Blank lines count in the line number; doubled quotes are one quote.
        #expect(throws: OfficeListError.malformedLine(3)) { try OfficeList(csv: "code,name\n\nnocomma\n") }
        #expect(try OfficeList(csv: "code,name\nX-1,\"the \"\"new\"\" office\"\n").names == ["X-1": "the \"new\" office"])
    }
}

@Suite("Record validation")
struct RecordValidationTests {
    let validator = RecordValidator(offices: OfficeList(names: ["DSH-01": "Dushanbe, Firdavsi"]))

    var birth: [String: String] {
        ["act.number": "112", "act.date": "20.03.1957", "act.office": "DSH-01", "child.surname": "Ҷӯраев",
         "child.givenName": "Рустам", "child.sex": "male", "mother.surname": "Ҷӯраева", "mother.givenName": "Малика",
         "birth.date": "12.03.1957"]
    }

    @Test("a complete birth act validates into typed values")
    func validBirth() throws {
        let record = try validator.validate(typeName: "birth", values: birth).get()
        #expect(record.fields["act.date"]?.value == .date(PartialDate(year: 1957, month: 3, day: 20)!))
        #expect(record.fields["child.sex"]?.value == .choice("male"))
        #expect(record.fields["act.office"]?.value == .office("DSH-01"))
        #expect(record.warnings.isEmpty)
    }

    @Test("every error names its field and rule, all at once")
    func errors() {
        var values = birth
        values["birth.date"] = "1957-02-30"
        values["child.sex"] = "boy"
        values["act.office"] = "XXX-9"
        values["birth.numberBorn"] = "two"
        values["child.shoeSize"] = "3"
        values.removeValue(forKey: "mother.surname")
        guard case .failure(let problems) = validator.validate(typeName: "birth", values: values) else {
            Issue.record("accepted an invalid record")
            return
        }
        #expect(problems.messages(in: .en) == [
            "child.shoeSize: no such field in a birth act",
            "act.office: \"XXX-9\" is not in the offices list",
            "child.sex: \"boy\" is not one of male, female, unknown",
            "mother.surname: required, not entered",
            "birth.date: \"1957-02-30\" is not a day of the calendar",
            "birth.numberBorn: \"two\" is not a whole number",
        ])
        #expect(problems.messages(in: .ru)[4] == "birth.date: \"1957-02-30\" — такого дня нет в календаре")
        #expect(problems.messages(in: .tg)[3] == "mother.surname: майдони ҳатмӣ пур нашудааст")
    }

    @Test("an unknown act type is named with the known ones")
    func unknownType() {
        guard case .failure(let problems) = validator.validate(typeName: "baptism", values: [:]) else {
            Issue.record("accepted an unknown type")
            return
        }
        #expect(problems.messages(in: .en) == [
            "type: \"baptism\" is not an act type (birth, death, marriage, divorce, paternity, name-change, adoption)",
        ])
    }

    @Test("flags stand in for values: illegible and blank-in-source replace one, uncertain keeps it")
    func flags() throws {
        var values = birth
        values.removeValue(forKey: "mother.surname")
        values["mother.patronymic"] = "Каримовна"
        let record = try validator.validate(typeName: "birth", values: values,
                                            flags: ["mother.surname": .illegible, "mother.patronymic": .uncertain,
                                                    "birth.place": .blankInSource]).get()
        #expect(record.fields["mother.surname"] == FieldEntry(value: nil, flag: .illegible))
        #expect(record.fields["mother.patronymic"] == FieldEntry(value: .name("Каримовна"), flag: .uncertain))
        #expect(record.fields["birth.place"] == FieldEntry(value: nil, flag: .blankInSource))
        #expect(record.fields["father.surname"] == nil, "not entered is not blank-in-source")
        let conflicting = validator.validate(typeName: "birth", values: birth, flags: ["child.surname": .illegible])
        #expect((try? conflicting.get()) == nil)
    }

    @Test("implausible dates and ages are warnings to confirm, not errors")
    func plausibility() throws {
        var death = ["act.number": "7", "act.date": "1950-01-05", "act.office": "DSH-01", "deceased.surname": "Каримов",
                     "deceased.givenName": "Ali", "deceased.birthDate": "1957", "death.date": "1951-01-02"]
        var record = try validator.validate(typeName: "death", values: death).get()
        #expect(record.warnings.map { $0.message(in: .en) } == [
            "death.date: \"1951-01-02\" is before deceased.birthDate",
            "act.date: \"1950-01-05\" is before the event it records (death.date)",
        ])
        death["deceased.birthDate"] = "1951"  // could be any day of 1951: not surely after the death
        death["act.date"] = "1951-01"
        record = try validator.validate(typeName: "death", values: death).get()
        #expect(record.warnings.isEmpty)
        let marriage = ["act.number": "3", "act.date": "12.05.1975", "act.office": "DSH-01", "husband.surname": "Раҳимов",
                        "husband.givenName": "Фарҳод", "husband.birthDate": "01.02.1950", "wife.surname": "Юсупова",
                        "wife.givenName": "Зарина", "wife.birthDate": "20.05.1960"]
        record = try validator.validate(typeName: "marriage", values: marriage).get()
        #expect(record.warnings.map { $0.message(in: .en) } == ["wife.birthDate: 14 years old at the act date"])
    }

    @Test("a date after today, in any date field, is a warning to confirm; a partial date only when all of it is to come")
    func afterToday() throws {
        // 2030-06-15 at noon UTC: the same day in every time zone a test machine is likely to be in.
        let validator = RecordValidator(offices: nil, today: Date(timeIntervalSince1970: 1_907_755_200))
        #expect(validator.today == PartialDate(year: 2030, month: 6, day: 15))
        var values = birth
        for date in ["2030-06-15", "15.06.2030", "2030-06", "2030", "1957"] {
            values["act.date"] = date
            #expect(try validator.validate(typeName: "birth", values: values).get().warnings.isEmpty, "\(date) is not after today")
        }
        for date in ["2030-06-16", "2030-07", "2031", "01.01.2157"] {
            values["act.date"] = date
            let warnings = try validator.validate(typeName: "birth", values: values).get().warnings
            #expect(warnings.map(\.key) == ["act.date"] && warnings.allSatisfy(\.isWarning), "\(date) is after today")
        }
        values["act.date"] = "2157-01-01"
        values["birth.date"] = "2157"
        values["mother.birthDate"] = "2157-03"
        let warnings = try validator.validate(typeName: "birth", values: values).get().warnings
        #expect(warnings.map { $0.message(in: .en) } == [
            "act.date: \"2157-01-01\" is in the future (after today)",
            "mother.birthDate: \"2157-03\" is in the future (after today)",
            "birth.date: \"2157\" is in the future (after today)",
        ])
        #expect(warnings[0].message(in: .ru) == "act.date: \"2157-01-01\" — дата в будущем (позже сегодняшнего дня)")
        #expect(warnings[0].message(in: .tg) == "act.date: \"2157-01-01\" санаи оянда аст (баъд аз имрӯз)")
    }
}

@Suite("Schema extensions")
struct SchemaExtensionTests {
    func parse(_ json: String) -> Result<SchemaExtension, SchemaExtensionError> {
        do throws(SchemaExtensionError) {
            return .success(try SchemaExtension(json: Data(json.utf8)))
        } catch {
            return .failure(error)
        }
    }

    @Test("an office's fields go after the act type's own, with their kind, labels and requirement")
    func extended() throws {
        let parsed = try parse("""
            {"fields": [
              {"key": "child.personalNumber", "types": ["birth"], "kind": "integer", "required": true,
               "en": "personal number", "ru": "личный номер", "tg": "рақами шахсӣ"},
              {"key": "archive.box", "types": ["*"], "kind": "enum", "values": ["A", "B"], "en": "archive box"}
            ]}
            """).get()
        let schema = ActSchema.builtIn.extended(by: parsed)
        let birth = try #require(schema.type(named: "birth"))
        #expect(Array(birth.fields.suffix(2).map(\.key)) == ["child.personalNumber", "archive.box"])
        #expect(birth.field("child.personalNumber")?.kind == .integer && birth.field("child.personalNumber")?.required == true)
        #expect(birth.field("archive.box")?.labels.ru == "archive box", "a missing translation falls back to English")
        #expect(schema.types.allSatisfy { $0.field("archive.box")?.kind == .choice(["A", "B"]) })
        #expect(schema.type(named: "death")?.field("child.personalNumber") == nil)
        // The validator takes the new field like any other.
        let validator = RecordValidator(schema: schema, offices: nil)
        let values = ["act.number": "1", "act.date": "1957", "act.office": "X", "child.surname": "A", "child.givenName": "B",
                      "child.sex": "male", "mother.surname": "C", "mother.givenName": "D", "birth.date": "1957"]
        guard case .failure(let problems) = validator.validate(typeName: "birth", values: values) else {
            Issue.record("a required extension field left out must be refused")
            return
        }
        #expect(problems.errors == [FieldProblem(key: "child.personalNumber", rule: .required)])
        guard case .success = validator.validate(typeName: "birth", values: values.merging(["child.personalNumber": "17"]) { $1 }) else {
            Issue.record("the extended record should validate")
            return
        }
    }

    @Test("malformed extensions are refused with the reason", arguments: [
        (#"{"fields": [{"key": "Child-No", "types": ["birth"], "kind": "text", "en": "x"}]}"#, "\"Child-No\": keys are section.field"),
        (#"{"fields": [{"key": "child.no", "types": ["birth"], "kind": "money", "en": "x"}]}"#, "child.no: kind \"money\" is not"),
        (#"{"fields": [{"key": "child.no", "types": ["baptism"], "kind": "text", "en": "x"}]}"#, "child.no: \"baptism\" is not an act type"),
        (#"{"fields": [{"key": "act.number", "types": ["death"], "kind": "text", "en": "x"}]}"#, "act.number: death already has this field"),
        (#"{"fields": [{"key": "child.no", "types": ["birth"], "kind": "enum", "en": "x"}]}"#, "child.no: kind \"enum\" is not"),
        (#"{"fields": [{"key": "child.no", "types": ["birth"], "kind": "text"}]}"#, "missing \"en\" at .fields[0]"),
        (#"{"fields": [{"key": "a.b", "types": ["*"], "kind": "text", "en": "x"}, {"key": "a.b", "types": ["birth"], "kind": "text", "en": "y"}]}"#,
         "a.b: given twice for birth"),
    ])
    func refused(json: String, message: String) {
        guard case .failure(let error) = parse(json) else {
            Issue.record("accepted: \(json)")
            return
        }
        #expect(error.description.contains(message), "\(error.description)")
    }
}
