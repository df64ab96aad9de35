/// What an edition is and how a workbook of it is told apart, known from its definition file without
/// compiling it: enough to list the editions, to recognise a workbook by its sheets, and to choose the
/// editions worth compiling.
public struct EditionSummary: Sendable, Equatable {
    public let id: String
    public let title: String
    public let kind: TemplateDefinition.Kind
    public let period: String
    public let years: [String]
    /// The edition this one was adapted from (`bcf adapt`), as `TemplateDefinition.adaptedFrom`.
    public let adaptedFrom: String?
    /// The data sheets, in the definition's order.
    public let sheetNames: [String]
    /// Whether `bcf prefill` can fill the edition (it has a `prefill` section).
    public let canPrefill: Bool

    /// The summary of a merged definition file, with the compiler's defaults and its message for a bad kind.
    init(_ raw: DefinitionFile, file: String) throws {
        guard let kindText = raw.kind, let kind = TemplateDefinition.Kind(rawValue: kindText) else {
            throw DefinitionError(file: file, location: "kind", problem: "must be one of: planning, quarterly")
        }
        id = raw.id
        title = raw.title ?? raw.id
        self.kind = kind
        period = raw.period ?? ""
        years = raw.years ?? []
        adaptedFrom = raw.adaptedFrom
        sheetNames = (raw.sheets ?? []).map(\.name)
        canPrefill = raw.prefill != nil
    }

    init(_ edition: TemplateDefinition) {
        id = edition.id
        title = edition.title
        kind = edition.kind
        period = edition.period
        years = edition.years
        adaptedFrom = edition.adaptedFrom
        sheetNames = edition.sheets.map(\.name)
        canPrefill = edition.prefill != nil
    }
}
