/// A fixed C buffer for shim messages, read back as a Swift string.
struct CMessageBuffer {
    static let size = 1024
    var storage = [CChar](repeating: 0, count: CMessageBuffer.size)

    var text: String {
        storage.withUnsafeBufferPointer { buffer in
            let bytes = buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
            return String(decoding: bytes, as: UTF8.self)
        }
    }
}
