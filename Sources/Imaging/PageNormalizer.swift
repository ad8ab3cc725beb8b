/// Whether open-book spreads are looked for and cut in two.
public enum SplitMode: String, Sendable, Codable, CaseIterable {
    case auto, off
}

/// Choices for turning a decoded page into its access copy and thumbnail.
public struct NormalizationOptions: Sendable, Equatable {
    /// Keep colour (RGB) instead of converting to 8-bit gray.
    public var color: Bool
    /// JPEG quality of the access copy.
    public var accessQuality: Int
    /// Longest side of the thumbnail, in pixels.
    public var thumbnailSide: Int
    /// Look for open-book spreads and store their two pages.
    public var split: SplitMode
    /// Also make a bilevel (CCITT G4 TIFF) copy of each page.
    public var bitonal: Bool
    /// Resample to this resolution when the scan is finer (or coarser, with `upscale`).
    public var dpi: Double?
    /// Allow `dpi` to enlarge a coarser scan.
    public var upscale: Bool
    /// No enlargement makes a page larger than this (the import's `--max-pixels`).
    public var maxPixels: Int

    public init(color: Bool = false, accessQuality: Int = 85, thumbnailSide: Int = 256, split: SplitMode = .auto,
                bitonal: Bool = false, dpi: Double? = nil, upscale: Bool = false, maxPixels: Int = 200_000_000) {
        self.maxPixels = maxPixels
        self.color = color
        self.accessQuality = accessQuality
        self.thumbnailSide = thumbnailSide
        self.split = split
        self.bitonal = bitonal
        self.dpi = dpi
        self.upscale = upscale
    }
}

/// One page's derived images and the record of every step that made them.
/// A spread gives two: its left page (part 1), then its right (part 2).
public struct NormalizedPage: Sendable {
    /// 0 for a whole scan, 1 and 2 for the left and right pages of a split spread.
    public let part: Int
    /// Access copy, JPEG.
    public let access: [UInt8]
    public let accessWidth: Int
    public let accessHeight: Int
    /// Resolution of the access copy, when known.
    public let accessDpi: Double?
    /// Thumbnail, JPEG.
    public let thumbnail: [UInt8]
    /// Bilevel copy (one-page CCITT G4 TIFF), when asked for.
    public let bitonal: [UInt8]?
    /// Every step in order, with its parameters.
    public let steps: [OperationRecord]
    /// Perceptual hash of the normalized page, for finding the same sheet scanned twice.
    public let perceptualHash: PerceptualHash
    /// What the quality policy judges.
    public let metrics: ScanMetrics

    /// The measured counter-clockwise skew of the content, 0 when none was measured with confidence.
    public var skewDegrees: Double {
        guard let deskew = steps.first(where: { $0.operation == "deskew" }) else { return 0 }
        return deskew.parameters["degrees"] ?? 0
    }
}

/// Runs the normalization pipeline on one page: orientation, gray, resolution,
/// spread split; then on each page deskew, light flattening, border crop and
/// levels; then encodes the access JPEG, the thumbnail and (optionally) the
/// bilevel TIFF, and measures what the quality policy needs.
public struct PageNormalizer: Sendable {
    public let options: NormalizationOptions

    public init(options: NormalizationOptions) {
        self.options = options
    }

    /// The operations applied to each page after the split, in order.
    public var pageOperations: [any PageOperation] {
        [Deskew(), LightFlattening(), BorderCrop(), LevelsStretch()]
    }

    public func normalize(_ page: consuming DecodedPage) throws(ImagingError) -> [NormalizedPage] {
        let orientation = page.orientation
        let scannedDpi = page.dpi
        let grayInDecoder = page.grayInDecoder
        var raster = page.takeUpright()
        var steps = [OperationRecord(operation: "orient", applied: orientation != .topLeft,
                                     parameters: ["orientation": Double(orientation.rawValue)])]
        if !options.color {
            let record = GrayConversion().apply(&raster)
            steps.append(grayInDecoder ? OperationRecord(operation: "gray", applied: true, parameters: ["inDecoder": 1]) : record)
        }
        var dpi = scannedDpi
        if let target = options.dpi {
            let change = ResolutionChange(sourceDpi: dpi, targetDpi: target, upscale: options.upscale,
                                          maxPixels: options.maxPixels)
            dpi = change.resultDpi(width: raster.width, height: raster.height)
            steps.append(change.apply(&raster))
        }
        if options.split == .auto {
            if let gutter = SpreadSplitter().gutter(in: raster) {
                steps.append(OperationRecord(operation: "split", applied: true,
                                             parameters: ["gutter": Double(gutter), "width": Double(raster.width)]))
                var left = BorderCrop.crop(raster, x: 0, y: 0, width: gutter, height: raster.height)
                var right = BorderCrop.crop(raster, x: gutter, y: 0, width: raster.width - gutter, height: raster.height)
                return [try finish(&left, part: 1, steps: steps, scannedDpi: scannedDpi, dpi: dpi),
                        try finish(&right, part: 2, steps: steps, scannedDpi: scannedDpi, dpi: dpi)]
            }
            steps.append(OperationRecord(operation: "split", applied: false))
        }
        return [try finish(&raster, part: 0, steps: steps, scannedDpi: scannedDpi, dpi: dpi)]
    }

    /// Normalizes one page (a whole scan or half a spread) and makes its derived images.
    private func finish(_ raster: inout Raster, part: Int, steps: [OperationRecord],
                        scannedDpi: Double?, dpi: Double?) throws(ImagingError) -> NormalizedPage {
        var steps = steps
        for operation in pageOperations { steps.append(operation.apply(&raster)) }
        let wholeDpi = dpi.map { Int($0.rounded()) }
        let access = try JPEGEncoder.encode(raster, quality: options.accessQuality, dpi: wholeDpi)
        let (small, _) = AreaResampler(longestSide: options.thumbnailSide).apply(to: raster)
        let thumbnail = try JPEGEncoder.encode(small, quality: 80)
        let gray = GrayConversion.gray(of: raster)
        var bitonal: [UInt8]?
        if options.bitonal {
            var bilevel = gray
            steps.append(SauvolaBinarization(dpi: dpi).apply(&bilevel))
            bitonal = try G4Encoder.encode(bilevel, dpi: dpi)
        }
        let metrics = Self.measure(gray, steps: steps, scannedDpi: scannedDpi)
        return NormalizedPage(part: part, access: access, accessWidth: raster.width, accessHeight: raster.height,
                              accessDpi: dpi, thumbnail: thumbnail, bitonal: bitonal, steps: steps,
                              perceptualHash: PerceptualHash(of: gray), metrics: metrics)
    }

    static func measure(_ gray: Raster, steps: [OperationRecord], scannedDpi: Double?) -> ScanMetrics {
        func record(_ name: String) -> OperationRecord? { steps.last(where: { $0.operation == name }) }
        let levels = record("levels")?.parameters ?? [:]
        let crop = record("crop-border")?.parameters ?? [:]
        // A side had scanner background if the crop saw it, or if the scan showed it
        // before deskew turned it into a wedge the crop does not take for background.
        let turned = record("deskew").flatMap { $0.applied ? $0.parameters : nil } ?? [:]
        func bordered(_ side: String) -> Bool { crop[side] == 1 || turned[side] == 1 }
        let open = (left: !bordered("borderLeft"), top: !bordered("borderTop"),
                    right: !bordered("borderRight"), bottom: !bordered("borderBottom"))
        return ScanMetrics(dpi: scannedDpi, skewDegrees: record("deskew")?.parameters["degrees"] ?? 0,
                           paperLevel: Int(levels["white"] ?? 255), inkLevel: Int(levels["black"] ?? 0),
                           sharpness: ScanMeasure.sharpness(gray), cutSides: ScanMeasure.cutSides(gray, open: open))
    }
}
