import CImaging

/// Why an image could not be read or written. Messages name the reason; the
/// caller adds the file name.
public enum ImagingError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The magic bytes are not those of TIFF, PNG or JPEG.
    case unknownFormat
    /// The file is damaged or not what its header claims.
    case corrupt(String)
    /// The header claims more pixels than the configured limit.
    case tooLarge(String)
    /// A valid variant this build does not decode (12-bit JPEG, WebP-in-TIFF …).
    case unsupported(String)
    /// Memory or an encoder failed.
    case failed(String)

    public var description: String {
        switch self {
        case .unknownFormat: return "not a TIFF, PNG or JPEG file"
        case .corrupt(let reason): return reason
        case .tooLarge(let reason): return reason
        case .unsupported(let reason): return reason.contains("unsupported") ? reason : "unsupported: \(reason)"
        case .failed(let reason): return reason
        }
    }

    /// Maps a C shim status and message to an error.
    static func from(status: Int32, message: String) -> ImagingError {
        switch Int(status) {
        case Int(DT_TOO_LARGE): return .tooLarge(message)
        case Int(DT_UNSUPPORTED): return .unsupported(message)
        case Int(DT_FAILED): return .failed(message.isEmpty ? "failed" : message)
        default: return .corrupt(message.isEmpty ? "cannot be decoded" : message)
        }
    }
}
