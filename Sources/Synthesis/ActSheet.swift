import CPDF
import Foundation
import Imaging

/// One act of a civil-registry ledger as a sheet of paper: a printed form (title and
/// field labels) filled in by a clerk, in print or a handwriting-like hand, drawn with
/// cairo in DejaVu type (Cyrillic with the Tajik letters). For samples and training
/// exercises whose pages must be readable by a person keying them.
public struct ActSheet: Sendable {
    public enum Hand: Sendable {
        /// Typed or printed entries, upright and even.
        case printed
        /// A clerk's pen: slanted, uneven size and baseline, each word turned a little.
        case handwriting
    }

    /// A line of the form: the printed label and what was written on it.
    public struct Line: Sendable {
        public let label: String
        public let value: String
        /// False: the entry is smudged beyond reading (ink blot, water damage).
        public let legible: Bool

        public init(label: String, value: String, legible: Bool = true) {
            self.label = label
            self.value = value
            self.legible = legible
        }
    }

    public var title: String
    public var subtitle: String
    public var lines: [Line]
    public var hand: Hand
    public var dpi: Int
    public var seed: UInt64
    /// Gray level of the paper (aged or badly exposed paper is darker).
    public var paperLevel: Int = 238
    /// Spread of the paper grain in gray levels.
    public var grain: Int = 6

    public init(title: String, subtitle: String, lines: [Line], hand: Hand, dpi: Int, seed: UInt64) {
        self.title = title
        self.subtitle = subtitle
        self.lines = lines
        self.hand = hand
        self.dpi = dpi
        self.seed = seed
    }

    /// The sheet alone (A4, 8-bit gray), before it lies on a scanner.
    public func renderPaper() -> Raster {
        let width = Int(8.27 * Double(dpi)), height = Int(11.69 * Double(dpi))
        let surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, Int32(width), Int32(height))!
        let context = cairo_create(surface)!
        defer {
            cairo_destroy(context)
            cairo_surface_destroy(surface)
        }
        var random = SeededRandom(seed: seed)
        cairo_set_source_rgb(context, 1, 1, 1)
        cairo_paint(context)
        cairo_scale(context, Double(dpi) / 72, Double(dpi) / 72)  // draw in points on A4
        drawForm(context)
        drawEntries(context, random: &random)
        cairo_surface_flush(surface)

        let stride = Int(cairo_image_surface_get_stride(surface))
        let data = cairo_image_surface_get_data(surface)!
        var pixels = [UInt8](repeating: 0, count: width * height)
        let paper = Double(paperLevel) / 255, spread = UInt64(max(1, grain))
        for y in 0..<height {
            let row = UnsafeRawPointer(data + y * stride).assumingMemoryBound(to: UInt32.self)
            for x in 0..<width {
                let value = row[x]
                let gray = (Double((value >> 16) & 0xFF) + Double((value >> 8) & 0xFF) + Double(value & 0xFF)) / 3
                let noise = Int(random.next() % spread) - Int(spread / 2)
                pixels[y * width + x] = UInt8(clamping: Int(gray * paper) + noise)
            }
        }
        return Raster(width: width, height: height, channels: 1, pixels: pixels)
    }

    /// The printed part: title, subtitle, labels and the rules entries are written on.
    private func drawForm(_ cr: OpaquePointer) {
        cairo_set_source_rgb(cr, 0.1, 0.1, 0.1)
        cairo_select_font_face(cr, "DejaVu Serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD)
        cairo_set_font_size(cr, 15)
        centred(cr, title, y: 70)
        cairo_select_font_face(cr, "DejaVu Serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL)
        cairo_set_font_size(cr, 11)
        centred(cr, subtitle, y: 90)
        cairo_set_line_width(cr, 0.6)
        cairo_move_to(cr, 50, 102)
        cairo_line_to(cr, 545, 102)
        cairo_stroke(cr)
        cairo_set_font_size(cr, 9.5)
        for (index, line) in lines.enumerated() {
            let y = Self.firstLine + Double(index) * Self.lineStep
            cairo_move_to(cr, 56, y)
            cairo_show_text(cr, line.label)
            cairo_set_line_width(cr, 0.4)
            cairo_move_to(cr, Self.valueX - 4, y + 3)
            cairo_line_to(cr, 545, y + 3)
            cairo_stroke(cr)
        }
    }

    static let firstLine = 140.0
    static let lineStep = 26.0
    static let valueX = 250.0

    private func drawEntries(_ cr: OpaquePointer, random: inout SeededRandom) {
        func unit() -> Double { Double(random.next() % 10_000) / 10_000 }
        for (index, line) in lines.enumerated() where !line.value.isEmpty {
            let baseline = Self.firstLine + Double(index) * Self.lineStep
            switch hand {
            case .printed:
                cairo_set_source_rgb(cr, 0.05, 0.05, 0.05)
                cairo_select_font_face(cr, "DejaVu Sans Mono", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL)
                cairo_set_font_size(cr, 12)
                cairo_move_to(cr, Self.valueX, baseline)
                cairo_show_text(cr, line.value)
            case .handwriting:
                cairo_set_source_rgb(cr, 0.12, 0.14, 0.25)
                cairo_select_font_face(cr, "DejaVu Serif", CAIRO_FONT_SLANT_ITALIC, CAIRO_FONT_WEIGHT_NORMAL)
                var x = Self.valueX + unit() * 8
                for word in line.value.split(separator: " ") {
                    let size = 12.5 + unit() * 2.5
                    cairo_set_font_size(cr, size)
                    cairo_save(cr)
                    cairo_translate(cr, x, baseline - 1.5 + unit() * 3)
                    cairo_rotate(cr, (unit() - 0.5) * 0.06)
                    cairo_move_to(cr, 0, 0)
                    cairo_show_text(cr, String(word))
                    cairo_restore(cr)
                    var extents = cairo_text_extents_t()
                    cairo_text_extents(cr, String(word), &extents)
                    x += extents.x_advance + 4 + unit() * 3
                }
            }
            if !line.legible { blot(cr, x: Self.valueX - 6, y: baseline - 16, random: &random) }
        }
    }

    /// An ink blot over an entry: dense strokes until nothing of it can be read.
    private func blot(_ cr: OpaquePointer, x: Double, y: Double, random: inout SeededRandom) {
        func unit() -> Double { Double(random.next() % 10_000) / 10_000 }
        cairo_set_source_rgb(cr, 0.08, 0.08, 0.12)
        cairo_set_line_width(cr, 5)
        cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND)
        for stroke in 0..<14 {
            let top = y + Double(stroke % 7) * 3.2
            cairo_move_to(cr, x + unit() * 10, top + unit() * 3)
            cairo_curve_to(cr, x + 60, top - 3 + unit() * 6, x + 120, top - 3 + unit() * 6, x + 170 + unit() * 30, top + unit() * 4)
            cairo_stroke(cr)
        }
    }

    private func centred(_ cr: OpaquePointer, _ text: String, y: Double) {
        var extents = cairo_text_extents_t()
        cairo_text_extents(cr, text, &extents)
        cairo_move_to(cr, (595.276 - extents.x_advance) / 2, y)
        cairo_show_text(cr, text)
    }
}
