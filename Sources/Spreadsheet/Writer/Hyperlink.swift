import CXLSXWriter

/// Hyperlinks: to a cell or range of a sheet in the same workbook, or to a web or mail address.
extension WorksheetWriter {
    /// Excel's limits (libxlsxwriter 1.1.4 checks the first only).
    public static let maxURLLength = 2_079
    public static let maxLinkLocationLength = 255
    public static let maxLinksPerSheet = 65_530

    /// Writes a link to `target` on `sheet` (which may be this one). The cell shows `text`, by
    /// default the location (`'Sheet name'!A1`); without a style it gets Excel's blue, underlined
    /// Hyperlink style.
    public func writeLink(to target: CellReference, in sheet: WorksheetWriter, at reference: CellReference,
                          text: String? = nil, tooltip: String? = nil, style: CellStyle? = nil) throws {
        try writeLink(to: CellRange(start: target, end: target), in: sheet, at: reference, text: text, tooltip: tooltip, style: style)
    }

    public func writeLink(to target: CellRange, in sheet: WorksheetWriter, at reference: CellReference,
                          text: String? = nil, tooltip: String? = nil, style: CellStyle? = nil) throws {
        _ = try self.target(reference, for: "write a link")
        func refuse(_ problem: WriterError.HyperlinkProblem) -> WriterError {
            WriterError.invalidHyperlink(sheet: name, cell: reference, problem: problem)
        }
        guard sheet.workbook === workbook else { throw refuse(.sheetOfAnotherWorkbook) }
        guard target.start.isInGrid, target.end.isInGrid else { throw WriterError.cellOutsideGrid(sheet: sheet.name, cell: target.start) }
        // libxlsxwriter splits every link at the first `#`, internal ones included.
        guard !sheet.name.contains("#") else { throw refuse(.sheetNameContainsHash) }
        // Always quoted: Excel accepts quotes around any name and needs them around most.
        let location = "'" + sheet.name.replacingOccurrences(of: "'", with: "''") + "'!" + target.description
        guard location.utf16.count <= Self.maxLinkLocationLength else {
            throw refuse(.tooLong(part: "location", length: location.utf16.count, limit: Self.maxLinkLocationLength))
        }
        try writeLink("internal:" + location, display: text ?? location, tooltip: tooltip, style: style, at: reference)
    }

    /// Writes a link to an `http://`, `https://`, `ftp://` or `mailto:` address, already percent-encoded
    /// (`https://example.org/a%20b`). A `#` starts the location within the page. The cell shows
    /// `text`, by default the address.
    public func writeLink(url: String, at reference: CellReference, text: String? = nil, tooltip: String? = nil,
                          style: CellStyle? = nil) throws {
        _ = try target(reference, for: "write a link")
        func refuse(_ problem: WriterError.HyperlinkProblem) -> WriterError {
            WriterError.invalidHyperlink(sheet: name, cell: reference, problem: problem)
        }
        let lowered = url.lowercased()
        guard ["http://", "https://", "ftp://", "mailto:"].contains(where: { lowered.hasPrefix($0) }) else { throw refuse(.unsupportedScheme) }
        guard !url.contains("internal:"), !url.contains("external:") else { throw refuse(.containsLinkTypePrefix) }
        // libxlsxwriter percent-encodes a few characters itself, but skips all escaping when the URL holds
        // a `%`; accepting only encoded URLs means nothing is ever escaped, twice or half.
        let scalars = Array(url.unicodeScalars)
        for (offset, scalar) in scalars.enumerated() {
            let isAllowed = (0x21...0x7E).contains(scalar.value) && !"\"<>\\^`{|}[]".unicodeScalars.contains(scalar)
            guard isAllowed else { throw refuse(.characterNeedsEncoding(Character(scalar))) }
            if scalar == "%" {
                let hex = scalars.dropFirst(offset + 1).prefix(2)
                guard hex.count == 2, hex.allSatisfy({ $0.properties.isASCIIHexDigit }) else { throw refuse(.characterNeedsEncoding("%")) }
            }
        }
        let parts = url.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts[0].utf16.count <= Self.maxURLLength else {
            throw refuse(.tooLong(part: "URL", length: parts[0].utf16.count, limit: Self.maxURLLength))
        }
        if parts.count == 2, parts[1].utf16.count > Self.maxLinkLocationLength {
            throw refuse(.tooLong(part: "location after #", length: parts[1].utf16.count, limit: Self.maxLinkLocationLength))
        }
        // libxlsxwriter shows a mailto: link without its scheme.
        let shown = lowered.hasPrefix("mailto:") ? String(url.dropFirst(7)) : url
        try writeLink(url, display: text ?? shown, tooltip: tooltip, style: style, at: reference)
    }

    private func writeLink(_ link: String, display: String, tooltip: String?, style: CellStyle?, at reference: CellReference) throws {
        let (sheet, row, column) = try target(reference, for: "write a link")
        func refuse(_ problem: WriterError.HyperlinkProblem) -> WriterError {
            WriterError.invalidHyperlink(sheet: name, cell: reference, problem: problem)
        }
        // The text goes both into the cell (a shared string, which would be escaped) and, for internal
        // links, verbatim into the `display` attribute: so it must need no escaping at all.
        if let problem = TextCheck.problem(display, limit: WorkbookWriter.maxTextLength, place: .attribute(allowsLineFeed: true)) {
            throw refuse(.text(field: "display", problem: problem))
        }
        if let tooltip, let problem = TextCheck.problem(tooltip, limit: Self.maxLinkLocationLength, place: .attribute(allowsLineFeed: true)) {
            throw refuse(.text(field: "tooltip", problem: problem))
        }
        let links = workbook.sheets[index].hyperlinkCells
        guard links.contains(reference) || links.count < Self.maxLinksPerSheet else { throw refuse(.tooManyLinks(limit: Self.maxLinksPerSheet)) }
        let format = try style.map { try workbook.format(for: $0, sheet: name, cell: reference) }
        let strings = CStrings()
        let status = worksheet_write_url_opt(sheet, row, column, strings.copy(link), format, strings.copy(display), strings.copy(tooltip))
        withExtendedLifetime(strings) {}
        try check(status, "worksheet_write_url_opt", reference)
        workbook.sheets[index].hyperlinkCells.insert(reference)
    }
}
