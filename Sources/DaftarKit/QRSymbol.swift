import CPDF

/// A QR code symbol made by libqrencode: a square of dark and light modules.
struct QRSymbol {
    /// Modules per side.
    let size: Int
    /// Row by row, true where a module is dark.
    let dark: [Bool]

    /// Encodes `text` as 8-bit data at error-correction level M (15 % of the symbol
    /// may be lost to a stain or a fold), in the smallest version it fits.
    init?(_ text: String) {
        guard let code = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1) else { return nil }
        defer { QRcode_free(code) }
        size = Int(code.pointee.width)
        // Bit 0 of each byte is the module's colour; the other bits say what it is part of.
        dark = (0..<size * size).map { code.pointee.data[$0] & 1 == 1 }
    }

    func isDark(row: Int, column: Int) -> Bool { dark[row * size + column] }
}

extension PDFCanvas {
    /// Draws `symbol` in a `side` x `side` square at (x, y), with the four-module light
    /// margin a reader needs inside the square.
    func qr(_ symbol: QRSymbol, x: Double, y: Double, side: Double) {
        let module = side / Double(symbol.size + 8)
        gray(1)
        fill(x: x, y: y, width: side, height: side)
        gray(0)
        for row in 0..<symbol.size {
            for column in 0..<symbol.size where symbol.isDark(row: row, column: column) {
                // A hair wider than a module, so that neighbours leave no seam.
                fill(x: x + Double(column + 4) * module, y: y + Double(row + 4) * module,
                     width: module + 0.05, height: module + 0.05)
            }
        }
    }
}
