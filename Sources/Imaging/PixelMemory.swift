import CImaging

/// Process-wide memory settings for pixel work.
public enum PixelMemory {
    /// Page-sized buffers (megabytes each) then always come from mmap and go back
    /// to the system when freed. glibc's adaptive threshold would otherwise keep
    /// them in the heap, and resident memory would creep up over a long batch.
    /// Call once, at start-up.
    public static func returnLargeBuffersToSystem() {
        dt_return_large_buffers_to_system()
    }
}
