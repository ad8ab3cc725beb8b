import CPDF
import Foundation
import Imaging

/// A PDF file drawn with cairo on A4 pages (points, origin at the top left): text in
/// DejaVu Sans (Cyrillic and Tajik letters included), JPEG images embedded as they are
/// stored (no second compression), filled rectangles for QR modules.
final class PDFCanvas {
    static let pageWidth = 595.276
    static let pageHeight = 841.89
    static let fontFamily = "DejaVu Sans"

    private let surface: OpaquePointer
    private let context: OpaquePointer
    private let path: String

    init(path: String, title: String, author: String) throws(PDFError) {
        self.path = path
        surface = cairo_pdf_surface_create(path, Self.pageWidth, Self.pageHeight)
        guard cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS else {
            let reason = String(cString: cairo_status_to_string(cairo_surface_status(surface)))
            cairo_surface_destroy(surface)
            throw PDFError(path: path, reason: reason)
        }
        context = cairo_create(surface)
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, title)
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_AUTHOR, author)
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "daftar")
        font(size: 10)
    }

    deinit {
        cairo_destroy(context)
        cairo_surface_destroy(surface)
    }

    /// Sets the font for the text that follows.
    func font(size: Double, bold: Bool = false) {
        cairo_select_font_face(context, Self.fontFamily, CAIRO_FONT_SLANT_NORMAL,
                               bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL)
        cairo_set_font_size(context, size)
    }

    /// Sets the colour of what follows, as a gray level (0 black, 1 white).
    func gray(_ level: Double) {
        cairo_set_source_rgb(context, level, level, level)
    }

    /// How far `text` reaches in the current font.
    func width(of text: String) -> Double {
        var extents = cairo_text_extents_t()
        cairo_text_extents(context, text, &extents)
        return extents.x_advance
    }

    /// Draws `text` with its baseline starting at (x, y).
    func text(_ text: String, x: Double, y: Double) {
        cairo_move_to(context, x, y)
        cairo_show_text(context, text)
    }

    /// Draws `text` centred on the page at baseline `y`.
    func centred(_ text: String, y: Double) {
        self.text(text, x: (Self.pageWidth - width(of: text)) / 2, y: y)
    }

    /// `text` broken into lines no wider than `width` at spaces (a word longer than a
    /// line is broken between letters).
    func lines(_ text: String, width: Double) -> [String] {
        var lines: [String] = []
        var current = ""
        for word in text.split(separator: " ", omittingEmptySubsequences: false).map(String.init) {
            let candidate = current.isEmpty ? word : current + " " + word
            if self.width(of: candidate) <= width {
                current = candidate
                continue
            }
            if !current.isEmpty { lines.append(current) }
            current = ""
            for letter in word {
                if self.width(of: current + String(letter)) > width, !current.isEmpty {
                    lines.append(current)
                    current = ""
                }
                current.append(letter)
            }
        }
        if !current.isEmpty || lines.isEmpty { lines.append(current) }
        return lines
    }

    /// A straight line of the given width.
    func line(from start: (Double, Double), to end: (Double, Double), width: Double = 0.5) {
        cairo_set_line_width(context, width)
        cairo_move_to(context, start.0, start.1)
        cairo_line_to(context, end.0, end.1)
        cairo_stroke(context)
    }

    /// An outlined rectangle.
    func frame(x: Double, y: Double, width: Double, height: Double, lineWidth: Double = 0.5) {
        cairo_set_line_width(context, lineWidth)
        cairo_rectangle(context, x, y, width, height)
        cairo_stroke(context)
    }

    /// A filled rectangle.
    func fill(x: Double, y: Double, width: Double, height: Double) {
        cairo_rectangle(context, x, y, width, height)
        cairo_fill(context)
    }

    /// Draws a JPEG's pixels scaled into `width` x `height` at (x, y). The PDF embeds
    /// the JPEG's own bytes (cairo's JPEG mime data); `raster` is what a reader that
    /// cannot use them would show.
    func image(jpeg: [UInt8], raster: Raster, x: Double, y: Double, width: Double, height: Double) throws(PDFError) {
        let image = cairo_image_surface_create(CAIRO_FORMAT_RGB24, Int32(raster.width), Int32(raster.height))
        defer { cairo_surface_destroy(image) }
        guard cairo_surface_status(image) == CAIRO_STATUS_SUCCESS, let data = cairo_image_surface_get_data(image) else {
            throw PDFError(path: path, reason: "no memory for a \(raster.width)x\(raster.height) image")
        }
        cairo_surface_flush(image)
        let stride = Int(cairo_image_surface_get_stride(image))
        raster.pixels.withUnsafeBufferPointer { pixels in
            for row in 0..<raster.height {
                let out = UnsafeMutableRawPointer(data + row * stride).assumingMemoryBound(to: UInt32.self)
                let start = row * raster.width * raster.channels
                for column in 0..<raster.width {
                    let offset = start + column * raster.channels
                    let red = UInt32(pixels[offset])
                    let green = raster.channels >= 3 ? UInt32(pixels[offset + 1]) : red
                    let blue = raster.channels >= 3 ? UInt32(pixels[offset + 2]) : red
                    out[column] = red << 16 | green << 8 | blue
                }
            }
        }
        cairo_surface_mark_dirty(image)
        // cairo keeps the bytes until the image surface is gone; it frees its own copy.
        let copy = malloc(max(jpeg.count, 1))!
        jpeg.withUnsafeBytes { copy.copyMemory(from: $0.baseAddress!, byteCount: jpeg.count) }
        let attached = cairo_surface_set_mime_data(image, CAIRO_MIME_TYPE_JPEG, copy.assumingMemoryBound(to: UInt8.self),
                                                   UInt(jpeg.count), { free($0) }, copy)
        if attached != CAIRO_STATUS_SUCCESS { free(copy) }
        cairo_save(context)
        cairo_translate(context, x, y)
        cairo_scale(context, width / Double(raster.width), height / Double(raster.height))
        cairo_set_source_surface(context, image, 0, 0)
        cairo_paint(context)
        cairo_restore(context)
    }

    /// Ends the page and starts another.
    func newPage() {
        cairo_show_page(context)
    }

    /// Ends the last page and writes the file out.
    func finish() throws(PDFError) {
        cairo_show_page(context)
        cairo_surface_finish(surface)
        let status = cairo_surface_status(surface)
        guard status == CAIRO_STATUS_SUCCESS else {
            throw PDFError(path: path, reason: String(cString: cairo_status_to_string(status)))
        }
    }
}

/// A PDF that could not be made.
public struct PDFError: Error, CustomStringConvertible {
    public let path: String
    public let reason: String
    public var description: String { "\(path): cannot write the PDF: \(reason)" }
}
