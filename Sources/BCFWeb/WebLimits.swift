import Spreadsheet

/// What one request may cost the server. The defaults keep a laptop serving a whole region responsive:
/// BCF templates are well under a megabyte, so an upload of 20 MiB or a sheet of two million cells is
/// already far outside what a council sends.
public struct WebLimits: Sendable, Equatable {
    /// Bytes of one uploaded workbook (the body of `POST /api/check`, or the file of the form).
    public var maxUploadBytes: Int
    /// Checks running at once; more wait in the queue.
    public var concurrentChecks: Int
    /// Checks waiting for a turn; one more is refused with 503 and Retry-After.
    public var queuedChecks: Int
    /// Seconds a client has to send its whole upload.
    public var uploadSeconds: Int
    /// Seconds one check (reading, the rules, the annotated copy) may take before the answer is a refusal.
    public var checkSeconds: Int
    /// Seconds an idle connection is kept open.
    public var idleSeconds: Int
    /// The reading limits applied to every upload (Docs/READER.md).
    public var read: ReadLimits

    /// The reading limits of a server: tighter than the command line's, since anyone who can reach the
    /// page can send a file.
    public static let serverReadLimits = ReadLimits(
        maxPartBytes: 256 << 20, maxWorkbookBytes: 512 << 20, maxParts: 10_000, maxSharedStrings: 1_000_000,
        maxSheets: 1_000, maxCellsPerSheet: 2_000_000
    )

    public init(
        maxUploadBytes: Int = 20 << 20, concurrentChecks: Int = 2, queuedChecks: Int = 16,
        uploadSeconds: Int = 30, checkSeconds: Int = 30, idleSeconds: Int = 60,
        read: ReadLimits = WebLimits.serverReadLimits
    ) {
        self.maxUploadBytes = maxUploadBytes
        self.concurrentChecks = concurrentChecks
        self.queuedChecks = queuedChecks
        self.uploadSeconds = uploadSeconds
        self.checkSeconds = checkSeconds
        self.idleSeconds = idleSeconds
        self.read = read
    }
}
