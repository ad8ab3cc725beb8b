@testable import Imaging

/// Small images built in tests, with known content.
enum TestImages {
    /// A gray page: light paper in a box, dark scanner border around it, a few ink marks.
    static func scannedPage(width: Int, height: Int, paper box: (x: Int, y: Int, width: Int, height: Int)) -> Raster {
        var raster = Raster(width: width, height: height, channels: 1, filling: 20)
        for y in box.y..<(box.y + box.height) {
            for x in box.x..<(box.x + box.width) {
                // Ink: horizontal rules every 20 rows, and a dark mark near each paper edge.
                let ink = (y - box.y) % 20 == 10 || x == box.x + 2 || x == box.x + box.width - 3
                raster.pixels[y * width + x] = ink ? 40 : 230
            }
        }
        return raster
    }
}
