import Foundation
import Imaging

/// What an archival extract shows, already in its language, and how it is laid out:
/// page 1 the header, the act's fields by section, and the issue block with the
/// verification code and its QR symbol; page 2, when the act has scanned pages, their
/// images. The fields' type shrinks until they fit on page 1.
struct ExtractDocument {
    struct Section {
        let title: String?
        let rows: [(label: String, value: String)]
    }

    struct PageImage {
        let caption: String
        let jpeg: [UInt8]
        let raster: Raster
    }

    let wording: ExtractWording
    let title: String
    let headerLines: [String]
    let subtitle: String
    /// A warning printed under the title in bold (an extract from an unverified record).
    let notice: String?
    let sections: [Section]
    let issueRows: [(label: String, value: String)]
    let code: String
    let images: [PageImage]

    static let margin = 56.0
    static let labelWidth = 170.0
    /// Where the issue block starts: the fields stay above it.
    static let issueTop = PDFCanvas.pageHeight - 200

    func write(to path: String, author: String) throws(PDFError) {
        let canvas = try PDFCanvas(path: path, title: title, author: author)
        drawFirstPage(canvas)
        if !images.isEmpty {
            canvas.newPage()
            try drawImages(canvas)
        }
        try canvas.finish()
    }

    private func drawFirstPage(_ canvas: PDFCanvas) {
        let width = PDFCanvas.pageWidth, margin = Self.margin
        var y = 58.0
        canvas.gray(0)
        for (index, line) in headerLines.enumerated() {
            canvas.font(size: index == 0 ? 11 : 10, bold: index == 0)
            canvas.centred(line, y: y)
            y += 15
        }
        canvas.line(from: (margin, y - 4), to: (width - margin, y - 4), width: 0.8)
        y += 24
        canvas.font(size: 16, bold: true)
        canvas.centred(wording.title, y: y)
        y += 20
        if let notice {
            canvas.font(size: 11, bold: true)
            for line in canvas.lines(notice, width: width - 2 * margin) {
                canvas.centred(line, y: y)
                y += 15
            }
            y += 4
        }
        canvas.font(size: 10.5)
        for line in canvas.lines(subtitle, width: width - 2 * margin) {
            canvas.centred(line, y: y)
            y += 14
        }
        y += 10
        drawSections(canvas, top: y)
        drawIssueBlock(canvas)
    }

    /// The field rows at the largest type size (10 down to 6.5 points) that fits above the issue block.
    private func drawSections(_ canvas: PDFCanvas, top: Double) {
        let valueX = Self.margin + Self.labelWidth
        let valueWidth = PDFCanvas.pageWidth - Self.margin - valueX
        var size = 10.0
        var laidOut: [(Section, [[String]])] = []
        while true {
            canvas.font(size: size)
            laidOut = sections.map { section in (section, section.rows.map { canvas.lines($0.value, width: valueWidth) }) }
            let lines = laidOut.reduce(0.0) { total, item in
                total + (item.0.title == nil ? 0 : 1.6) + Double(item.1.reduce(0) { $0 + $1.count }) + 0.4
            }
            if top + lines * size * 1.35 <= Self.issueTop - 16 || size <= 6.5 { break }
            size -= 0.5
        }
        let leading = size * 1.35
        var y = top
        if sections.allSatisfy({ $0.rows.isEmpty }) {
            canvas.font(size: size)
            canvas.text(wording.nothingEntered, x: Self.margin, y: y)
            return
        }
        for (section, valueLines) in laidOut where !section.rows.isEmpty {
            if let title = section.title {
                y += leading * 0.3
                canvas.font(size: size, bold: true)
                canvas.gray(0)
                canvas.text(title, x: Self.margin, y: y)
                y += leading * 1.3
            }
            for (row, lines) in zip(section.rows, valueLines) {
                canvas.font(size: size * 0.9)
                canvas.gray(0.35)
                canvas.text(row.label, x: Self.margin + 8, y: y)
                canvas.font(size: size)
                canvas.gray(0)
                for line in lines {
                    canvas.text(line, x: valueX, y: y)
                    y += leading
                }
            }
            y += leading * 0.4
        }
    }

    private func drawIssueBlock(_ canvas: PDFCanvas) {
        let margin = Self.margin, top = Self.issueTop
        let qrSide = 120.0
        canvas.gray(0)
        canvas.line(from: (margin, top), to: (PDFCanvas.pageWidth - margin, top), width: 0.8)
        var y = top + 22
        for row in issueRows {
            canvas.font(size: 9.5)
            canvas.gray(0.35)
            canvas.text(row.label + ":", x: margin, y: y)
            canvas.font(size: 10)
            canvas.gray(0)
            canvas.text(row.value, x: margin + 120, y: y)
            y += 15
        }
        canvas.font(size: 9.5)
        canvas.gray(0.35)
        canvas.text(wording.code + ":", x: margin, y: y + 6)
        canvas.font(size: 14, bold: true)
        canvas.gray(0)
        canvas.text(code, x: margin + 120, y: y + 6)
        canvas.font(size: 9.5)
        canvas.gray(0.35)
        canvas.text(wording.signature + ": ______________________", x: margin, y: y + 40)
        canvas.text(wording.seal, x: margin + 250, y: y + 40)
        if let symbol = QRSymbol(code) {
            canvas.qr(symbol, x: PDFCanvas.pageWidth - margin - qrSide, y: top + 10, side: qrSide)
        }
        if !images.isEmpty {
            canvas.font(size: 8.5)
            canvas.gray(0.35)
            canvas.text(wording.imagesFollow, x: margin, y: PDFCanvas.pageHeight - 36)
        }
    }

    /// The act's page images side by side (one, two) or in a grid, each scaled to fit its cell.
    private func drawImages(_ canvas: PDFCanvas) throws(PDFError) {
        let margin = 40.0
        canvas.gray(0)
        canvas.font(size: 12, bold: true)
        canvas.text(wording.images, x: margin, y: 50)
        canvas.font(size: 9)
        canvas.text(wording.code + ": " + code, x: margin, y: 66)
        let columns = images.count == 1 ? 1 : 2
        let rows = (images.count + columns - 1) / columns
        let areaTop = 82.0, areaHeight = PDFCanvas.pageHeight - areaTop - 30
        let cellWidth = (PDFCanvas.pageWidth - 2 * margin - Double(columns - 1) * 12) / Double(columns)
        let cellHeight = (areaHeight - Double(rows - 1) * 12) / Double(rows)
        for (index, image) in images.enumerated() {
            let cellX = margin + Double(index % columns) * (cellWidth + 12)
            let cellY = areaTop + Double(index / columns) * (cellHeight + 12)
            let scale = min(cellWidth / Double(image.raster.width), (cellHeight - 16) / Double(image.raster.height))
            let width = Double(image.raster.width) * scale, height = Double(image.raster.height) * scale
            let x = cellX + (cellWidth - width) / 2
            try canvas.image(jpeg: image.jpeg, raster: image.raster, x: x, y: cellY, width: width, height: height)
            canvas.gray(0.6)
            canvas.frame(x: x, y: cellY, width: width, height: height, lineWidth: 0.4)
            canvas.gray(0.2)
            canvas.font(size: 8)
            canvas.text(image.caption, x: x, y: cellY + height + 11)
        }
    }
}
