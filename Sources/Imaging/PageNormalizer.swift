/// Choices for turning a decoded page into its access copy and thumbnail.
public struct NormalizationOptions: Sendable, Equatable {
    /// Keep colour (RGB) instead of converting to 8-bit gray.
    public var color: Bool
    /// JPEG quality of the access copy.
    public var accessQuality: Int
    /// Longest side of the thumbnail, in pixels.
    public var thumbnailSide: Int

    public init(color: Bool = false, accessQuality: Int = 85, thumbnailSide: Int = 256) {
        self.color = color
        self.accessQuality = accessQuality
        self.thumbnailSide = thumbnailSide
    }
}

/// A page's derived images and the record of every step that made them.
public struct NormalizedPage: Sendable {
    /// Access copy, JPEG.
    public let access: [UInt8]
    public let accessWidth: Int
    public let accessHeight: Int
    /// Thumbnail, JPEG.
    public let thumbnail: [UInt8]
    /// Every step in order, with its parameters.
    public let steps: [OperationRecord]

    /// The measured counter-clockwise skew of the content, 0 when none was measured with confidence.
    public var skewDegrees: Double {
        guard let deskew = steps.first(where: { $0.operation == "deskew" }) else { return 0 }
        return deskew.parameters["degrees"] ?? 0
    }
}

/// Runs the normalization pipeline on one page: orientation, gray, deskew,
/// light flattening, border crop, levels; then encodes the access JPEG and the thumbnail.
public struct PageNormalizer: Sendable {
    public let options: NormalizationOptions

    public init(options: NormalizationOptions) {
        self.options = options
    }

    /// The operations applied after orientation, in order.
    public var operations: [any PageOperation] {
        var list: [any PageOperation] = []
        if !options.color { list.append(GrayConversion()) }
        list.append(Deskew())
        list.append(LightFlattening())
        list.append(BorderCrop())
        list.append(LevelsStretch())
        return list
    }

    public func normalize(_ page: consuming DecodedPage) throws(ImagingError) -> NormalizedPage {
        let orientation = page.orientation
        let dpi = page.dpi.map { Int($0.rounded()) }
        let grayInDecoder = page.grayInDecoder
        var raster = page.takeUpright()
        var steps = [OperationRecord(operation: "orient", applied: orientation != .topLeft,
                                     parameters: ["orientation": Double(orientation.rawValue)])]
        for operation in operations {
            var record = operation.apply(&raster)
            if grayInDecoder && record.operation == "gray" {
                record = OperationRecord(operation: "gray", applied: true, parameters: ["inDecoder": 1])
            }
            steps.append(record)
        }
        let access = try JPEGEncoder.encode(raster, quality: options.accessQuality, dpi: dpi)
        let (small, _) = AreaResampler(longestSide: options.thumbnailSide).apply(to: raster)
        let thumbnail = try JPEGEncoder.encode(small, quality: 80)
        return NormalizedPage(access: access, accessWidth: raster.width, accessHeight: raster.height,
                              thumbnail: thumbnail, steps: steps)
    }
}
