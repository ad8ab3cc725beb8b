/// One normalization step. An operation with nothing to do leaves the raster
/// untouched and says so in its record.
public protocol PageOperation: Sendable {
    /// Applies the step in place (where the step allows it, on the same buffer) and reports what it did.
    func apply(_ raster: inout Raster) -> OperationRecord
}

extension PageOperation {
    /// Applies the step to a copy and returns it with the record.
    public func apply(to raster: Raster) -> (Raster, OperationRecord) {
        var result = raster
        let record = apply(&result)
        return (result, record)
    }
}

/// What one operation did to a page, stored on the page row so an archivist
/// can see (and undo) what the machine did to a scan.
public struct OperationRecord: Codable, Sendable, Equatable {
    /// The operation's name, e.g. `"crop-border"`.
    public let operation: String
    /// False when the operation found nothing to do.
    public let applied: Bool
    /// Numeric parameters, measured or chosen (crop box, black and white points …).
    public let parameters: [String: Double]

    public init(operation: String, applied: Bool, parameters: [String: Double] = [:]) {
        self.operation = operation
        self.applied = applied
        self.parameters = parameters
    }
}
