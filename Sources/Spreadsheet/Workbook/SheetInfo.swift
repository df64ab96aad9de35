public enum SheetState: String, Sendable, Codable {
    case visible
    case hidden
    /// Hidden so that only a macro or the file's XML can show it again.
    case veryHidden
}

public enum SheetKind: String, Sendable, Codable {
    case worksheet, chartsheet, dialogsheet, macrosheet
    /// A relationship of a type this reader does not know, or none at all.
    case unknown
}

public struct SheetInfo: Sendable, Equatable {
    /// Position in the workbook's tab order, from 0.
    public let index: Int
    public let name: String
    public let state: SheetState
    public let kind: SheetKind
    /// The part holding the sheet, resolved through the workbook's relationships; nil when the sheet's
    /// relationship is missing (the sheet is listed, but reading it is an error that says so).
    public let part: String?
}

public struct DefinedName: Sendable, Equatable {
    public let name: String
    /// What the name refers to, as written (`'5. Income'!$C$14`, a constant, or `#REF!`).
    public let refersTo: String
    /// The sheet the name is local to (`localSheetId`), or nil for a workbook-wide name.
    public let sheetIndex: Int?
    public let isHidden: Bool

    public init(name: String, refersTo: String, sheetIndex: Int?, isHidden: Bool) {
        self.name = name
        self.refersTo = refersTo
        self.sheetIndex = sheetIndex
        self.isHidden = isHidden
    }
}
