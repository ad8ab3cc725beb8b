import ArgumentParser
import Foundation
import Imaging
import Synthesis

/// Writes the Samples folder: scanned ledger pages whose acts a person can read (printed
/// and handwriting-like entries on Russian and Tajik forms), in the formats scanners
/// produce, with `manifest.jsonl` giving the records on them; and the training exercises
/// under `exercises/` (pages, answer key, exercise.json). The same seed gives the same
/// files. `offices.csv`, `policy.json` and the READMEs and briefs are written by hand.
struct SamplesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "samples",
        abstract: "Write the Samples' scanned pages and manifest, and the training exercises' pages and keys."
    )

    @Argument(help: "The Samples folder.")
    var folder: String = "Samples"

    @Option(help: "Resolution of the pages, dpi.")
    var dpi: Int = 150

    /// Office names as the forms print them (`offices.csv` holds the same).
    static let offices = [
        "DSH-01": "г. Душанбе, р-н Исмоили Сомони", "DSH-02": "г. Душанбе, р-н Сино", "DSH-03": "ш. Душанбе, н. Фирдавсӣ",
        "SGD-01": "г. Ленинабад (Худжанд)", "SGD-02": "г. Ура-Тюбе (Истаравшан)", "KHT-01": "ш. Бохтар",
        "KHT-02": "г. Куляб", "GBA-01": "ш. Хоруғ",
    ]

    func run() throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try writeSamples()
        try writeExercises()
    }

    // MARK: Pages

    /// A sheet as the scanner saw it: on the dark bed, turned by `skew`.
    /// `lossless`: the page goes into a TIFF or PNG, so the paper is left without grain
    /// (grain would triple those files; a JPEG's own noise hides it).
    func scan(_ act: SampleAct, seed: UInt64, skew: Double, dpi: Int? = nil, paperLevel: Int = 236,
              pastEdge: Double = 0, border: Int? = nil, lossless: Bool = false) -> Raster {
        let dpi = dpi ?? self.dpi
        var sheet = act.sheet(dpi: dpi, seed: seed, offices: Self.offices)
        sheet.paperLevel = paperLevel
        sheet.grain = lossless ? 1 : 6
        let paper = sheet.renderPaper()
        var random = SeededRandom(seed: seed &+ 17)
        let margin = border ?? dpi / 12
        return ScannerBed.place(paper, width: paper.width + 2 * margin, height: paper.height + 2 * margin, skewDegrees: skew,
                                offset: (Int(Double(paper.width) * pastEdge), 0), random: &random)
    }

    func write(_ pages: [Raster], to path: String, as format: String, dpi: Int? = nil) throws {
        let resolution = dpi ?? self.dpi
        switch format {
        case "g4", "lzw":
            let writer = try TIFFWriter(path: path)
            for page in pages {
                if format == "g4" {
                    try writer.addPage(page, bits: 1, compression: .ccittG4, dpi: Double(resolution))
                } else {
                    try writer.addPage(page, compression: .lzw, dpi: Double(resolution))
                }
            }
            try writer.close()
        case "jpeg":
            try Data(try JPEGEncoder.encode(pages[0], quality: 75, dpi: resolution)).write(to: URL(fileURLWithPath: path))
        default:
            try Data(try PNGEncoder.encode(pages[0], dpi: Double(resolution))).write(to: URL(fileURLWithPath: path))
        }
    }

    // MARK: Samples

    private func writeSamples() throws {
        typealias L = SampleLedger
        var manifest: [String] = []
        func page(_ file: String, _ act: SampleAct, format: String, seed: UInt64, skew: Double, border: Int? = nil) throws {
            try write([scan(act, seed: seed, skew: skew, border: border, lossless: format != "jpeg")], to: folder + "/" + file,
                      as: format)
            manifest.append(act.manifestLine(file: file))
        }
        try page("births-1957-p014.tif", L.birth1957, format: "g4", seed: 14, skew: 0.7)
        try page("births-1957-p015.tif", L.birth1957b, format: "lzw", seed: 15, skew: -1.1)
        try page("deaths-1962-p003.jpg", L.death1962, format: "jpeg", seed: 3, skew: 0.4)
        try page("marriages-1994-p021.png", L.marriage1994, format: "png", seed: 21, skew: -0.6)
        try write([scan(L.birth2001a, seed: 30, skew: 0.9, lossless: true), scan(L.birth2001b, seed: 31, skew: -0.4, lossless: true)],
                  to: folder + "/births-2001-p030-031.tif", as: "lzw")
        manifest.append(L.birth2001a.manifestLine(file: "births-2001-p030-031.tif", page: 1))
        manifest.append(L.birth2001b.manifestLine(file: "births-2001-p030-031.tif", page: 2))
        let spread = LedgerSpread.join(left: scan(L.divorce1988, seed: 40, skew: 0.5, border: 4),
                                       right: scan(L.nameChange1988, seed: 41, skew: -0.8, border: 4), dpi: dpi)
        try write([spread], to: folder + "/book-1988-p040-041.jpg", as: "jpeg")
        manifest.append(L.divorce1988.manifestLine(file: "book-1988-p040-041.jpg", half: "left"))
        manifest.append(L.nameChange1988.manifestLine(file: "book-1988-p040-041.jpg", half: "right"))
        try page("paternity-2003-p007.tif", L.paternity2003, format: "lzw", seed: 7, skew: 4.2, border: dpi / 2)
        // The first page again, scanned a second time: another skew, exposure and format.
        try write([scan(L.birth1957, seed: 14, skew: -1.4, paperLevel: 222)], to: folder + "/births-1957-p014-rescan.jpg", as: "jpeg")
        try (manifest.joined(separator: "\n") + "\n").write(toFile: folder + "/manifest.jsonl", atomically: true, encoding: .utf8)
    }

    // MARK: Exercises

    private func writeExercises() throws {
        typealias L = SampleLedger
        func exercise(_ name: String, _ acts: [SampleAct], formats: [String], seed: UInt64, extra: [String: Any] = [:],
                      duplicate: (of: Int, file: String)? = nil) throws {
            let folder = self.folder + "/exercises/" + name
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            var key: [String] = []
            for (index, act) in acts.enumerated() {
                let format = formats[index % formats.count]
                let ext = format == "jpeg" ? "jpg" : format == "png" ? "png" : "tif"
                let file = String(format: "%@-%02d.%@", name, index + 1, ext)
                let skew = Double(Int(seed &+ UInt64(index) * 37) % 30 - 15) / 10
                try write([scan(act, seed: seed + UInt64(index), skew: skew, lossless: format != "jpeg")], to: folder + "/" + file,
                          as: format)
                key.append(act.manifestLine(file: file))
            }
            if let duplicate {
                try write([scan(acts[duplicate.of], seed: seed + UInt64(duplicate.of), skew: -1.7, paperLevel: 226)],
                          to: folder + "/" + duplicate.file, as: "jpeg")
            }
            try (key.joined(separator: "\n") + "\n").write(toFile: folder + "/key.jsonl", atomically: true, encoding: .utf8)
            var description: [String: Any] = ["name": name, "kind": "data-entry", "policy": ["minimumDpi": 150]]
            for (field, value) in extra { description[field] = value }
            try json(description, to: folder + "/exercise.json")
        }
        try exercise("easy", L.easy, formats: ["g4"], seed: 100, extra: ["level": "easy", "title": "Printed birth acts"])
        try exercise("medium", L.medium, formats: ["jpeg"], seed: 200,
                     extra: ["level": "medium", "title": "Handwritten acts: partial dates, an illegible entry, a blank line"])
        try exercise("hard", L.hard, formats: ["png", "jpeg", "lzw", "jpeg"], seed: 300,
                     extra: ["level": "hard", "title": "Mixed act types, Soviet-era spelling, an act scanned twice",
                             "duplicates": [["file": "hard-05.jpg", "sameAs": "hard-01.png"]]],
                     duplicate: (0, "hard-05.jpg"))

        let folder = self.folder + "/exercises/scanning"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var expected: [[String: Any]] = []
        for (index, scan) in L.scans.enumerated() {
            let act = L.easy[index % L.easy.count]
            let raster = self.scan(act, seed: 500 + UInt64(index), skew: scan.skew, dpi: scan.dpi, paperLevel: scan.paperLevel,
                                   pastEdge: scan.pastEdge)
            try write([raster], to: folder + "/" + scan.file, as: "jpeg", dpi: scan.dpi)
            expected.append(["file": scan.file, "decision": scan.expected == nil ? "keep" : "rescan",
                             "reason": scan.expected ?? NSNull()])
        }
        try json(["name": "scanning", "kind": "scanning", "level": "scanning",
                  "title": "Keep or rescan: pages that break the scan-quality policy",
                  "policy": ["minimumDpi": 150, "maximumSkewDegrees": 5], "expected": expected], to: folder + "/exercise.json")
    }

    private func json(_ object: Any, to path: String) throws {
        let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        try (String(decoding: data, as: UTF8.self) + "\n").write(toFile: path, atomically: true, encoding: .utf8)
    }
}
