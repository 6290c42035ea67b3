import CICU

/// glibc's allocator, set once per process when the first `Cleaner` is made (every entry point makes
/// one: the CLI's commands, the bench, a library user). Each document allocates its lines, blocks,
/// verdicts and tables afresh. By default glibc maps buffers above its mmap threshold (dynamic, at most
/// 32 MB) straight from the kernel and unmaps them when they are freed, and hands a free heap top back,
/// so the next large document faults every page in again: for the eval pages cleaned as one 22.5 MB
/// document, about 28,000 page faults each time. Here buffers up to 256 MB come from the heap and up to
/// 256 MB of free heap top stay with the process for the next document: a process keeps what its largest
/// document needed (its peak resident size does not grow). Left alone when malloc is tuned through the
/// environment (`MALLOC_TRIM_THRESHOLD_` and the like, `GLIBC_TUNABLES`).
public enum AllocatorSettings {
    /// The largest buffer taken from the heap, and the most free heap top kept.
    public static let limit: Int32 = 256 << 20

    /// Whether the settings were made (false on other C libraries and when the environment tunes malloc).
    public static let applied: Bool = cicu_keep_heap(limit) == 1
}
