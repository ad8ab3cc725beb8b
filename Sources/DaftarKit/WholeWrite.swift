import Foundation

/// Writing all of a buffer to an open file: `write` may take less than asked (a pipe,
/// a terminal, a signal), so the rest is written again until none is left.
public enum WholeWrite {
    /// Writes every byte of `bytes` to `descriptor`; false, with `errno` set, when the
    /// system refuses (a full disk, a closed pipe).
    @discardableResult
    public static func write(_ bytes: [UInt8], to descriptor: Int32) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { Foundation.write(descriptor, $0.baseAddress! + offset, $0.count - offset) }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { return false }
            offset += written
        }
        return true
    }
}
