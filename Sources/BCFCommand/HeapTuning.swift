#if canImport(CMalloc)
import CMalloc
#endif

/// glibc hands freed memory back to the system as soon as 128 KiB lie free at the top of the heap, and a
/// command that reads workbook after workbook takes it straight back for the next one: about 200 page
/// faults and a few `brk` calls a workbook, a tenth of the time of checking one. A command keeps what it
/// has freed instead (its peak is unchanged: memory is kept, not taken), grows the heap in larger steps,
/// and serves buffers of up to 32 MiB (glibc's own ceiling when it adjusts the threshold itself) from the
/// heap rather than mapping and unmapping them each time.
enum HeapTuning {
    static func keepFreedMemory() {
        #if canImport(CMalloc)
        _ = mallopt(M_MMAP_THRESHOLD, 32 << 20)
        _ = mallopt(M_TRIM_THRESHOLD, 256 << 20)
        _ = mallopt(M_TOP_PAD, 16 << 20)
        #endif
    }
}
