import CXLSXWriter

/// How a written cell looks and whether it stays editable once its sheet is protected.
///
/// A value: equal styles are one format in the file, because `WorkbookWriter` keeps one libxlsxwriter
/// format per distinct style (libxlsxwriter keeps every format it is given until the workbook closes,
/// so making one per cell would grow memory with the sheet). The default style is what Excel shows
/// for a cell with no format, except that it is still written as an explicit format.
public struct CellStyle: Sendable, Hashable {
    /// An RGB colour, `0xRRGGBB`.
    public struct Color: Sendable, Hashable, CustomStringConvertible {
        public var rgb: UInt32

        /// Values above `0xFFFFFF` are refused when the style is used.
        public init(rgb: UInt32) { self.rgb = rgb }

        /// `#RRGGBB` or `RRGGBB`, either case; nil for anything else.
        public init?(hex: String) {
            let digits = hex.hasPrefix("#") ? hex.dropFirst() : hex[...]
            guard digits.count == 6, digits.allSatisfy(\.isHexDigit), let value = UInt32(digits, radix: 16) else { return nil }
            rgb = value
        }

        public static let black = Color(rgb: 0x000000)
        public static let white = Color(rgb: 0xFFFFFF)

        public var description: String {
            let hex = String(rgb, radix: 16, uppercase: true)
            return "#" + String(repeating: "0", count: max(0, 6 - hex.count)) + hex
        }

        /// libxlsxwriter reads 0 as "no colour", and spells black `LXW_COLOR_BLACK` (0x1000000).
        var lxwColor: lxw_color_t { rgb == 0 ? lxw_color_t(LXW_COLOR_BLACK.rawValue) : lxw_color_t(rgb) }
    }

    public enum HorizontalAlignment: Sendable, Hashable, CaseIterable {
        case left, center, right, fill, justify, centerAcrossSelection, distributed

        var lxwValue: UInt8 {
            switch self {
            case .left: UInt8(LXW_ALIGN_LEFT.rawValue)
            case .center: UInt8(LXW_ALIGN_CENTER.rawValue)
            case .right: UInt8(LXW_ALIGN_RIGHT.rawValue)
            case .fill: UInt8(LXW_ALIGN_FILL.rawValue)
            case .justify: UInt8(LXW_ALIGN_JUSTIFY.rawValue)
            case .centerAcrossSelection: UInt8(LXW_ALIGN_CENTER_ACROSS.rawValue)
            case .distributed: UInt8(LXW_ALIGN_DISTRIBUTED.rawValue)
            }
        }
    }

    public enum VerticalAlignment: Sendable, Hashable, CaseIterable {
        case top, center, bottom, justify, distributed

        var lxwValue: UInt8 {
            switch self {
            case .top: UInt8(LXW_ALIGN_VERTICAL_TOP.rawValue)
            case .center: UInt8(LXW_ALIGN_VERTICAL_CENTER.rawValue)
            case .bottom: UInt8(LXW_ALIGN_VERTICAL_BOTTOM.rawValue)
            case .justify: UInt8(LXW_ALIGN_VERTICAL_JUSTIFY.rawValue)
            case .distributed: UInt8(LXW_ALIGN_VERTICAL_DISTRIBUTED.rawValue)
            }
        }
    }

    /// Solid background fill.
    public var fillColor: Color?
    public var fontColor: Color?
    public var isBold: Bool
    public var isItalic: Bool
    public var isUnderlined: Bool
    /// Points, 1 to 409; nil keeps Excel's 11.
    public var fontSize: Double?
    public var wrapsText: Bool
    public var horizontalAlignment: HorizontalAlignment?
    public var verticalAlignment: VerticalAlignment?
    /// A thin border on all four sides.
    public var hasThinBorder: Bool
    /// An Excel number format code such as `#,##0.00`, `0.0%`, `dd/mm/yyyy` or `@` (text).
    public var numberFormat: String?
    /// Locked cells cannot be edited once the sheet is protected. Excel's default is locked, so input
    /// cells of a protected template need `isLocked: false`.
    public var isLocked: Bool
    /// Hides the cell's formula in the formula bar once the sheet is protected.
    public var hidesFormula: Bool

    public init(fillColor: Color? = nil, fontColor: Color? = nil, bold: Bool = false, italic: Bool = false,
                underline: Bool = false, fontSize: Double? = nil, wrapText: Bool = false,
                horizontalAlignment: HorizontalAlignment? = nil, verticalAlignment: VerticalAlignment? = nil,
                thinBorder: Bool = false, numberFormat: String? = nil, locked: Bool = true, hidesFormula: Bool = false) {
        self.fillColor = fillColor
        self.fontColor = fontColor
        isBold = bold
        isItalic = italic
        isUnderlined = underline
        self.fontSize = fontSize
        wrapsText = wrapText
        self.horizontalAlignment = horizontalAlignment
        self.verticalAlignment = verticalAlignment
        hasThinBorder = thinBorder
        self.numberFormat = numberFormat
        isLocked = locked
        self.hidesFormula = hidesFormula
    }

    /// Excel's limit for a format code is 255 characters; libxlsxwriter 1.1.4 copies it with
    /// `strncpy` into a 128-byte field, cutting longer codes silently (possibly inside a UTF-8
    /// sequence, which makes styles.xml unreadable).
    public static let maxNumberFormatBytes = 127

    /// nil when libxlsxwriter can write the style exactly.
    var problem: WriterError.StyleProblem? {
        if let fillColor, fillColor.rgb > 0xFFFFFF { return .colorOutOfRange(field: "fill", rgb: fillColor.rgb) }
        if let fontColor, fontColor.rgb > 0xFFFFFF { return .colorOutOfRange(field: "font", rgb: fontColor.rgb) }
        if let fontSize, !(1...409).contains(fontSize) { return .fontSizeOutOfRange(fontSize) }
        if let numberFormat, let problem = TextCheck.problem(numberFormat, limit: 255, byteLimit: Self.maxNumberFormatBytes,
                                                            place: .attribute(allowsLineFeed: false)) {
            return .numberFormat(problem)
        }
        return nil
    }

    /// The first property a conditional format cannot change (Excel's `dxf` carries font colour and
    /// style, fill, border and number format only; alignment, size and protection stay the cell's).
    var propertyNotAllowedInConditionalFormat: String? {
        if fontSize != nil { return "font size" }
        if horizontalAlignment != nil || verticalAlignment != nil { return "alignment" }
        if wrapsText { return "text wrapping" }
        if !isLocked || hidesFormula { return "cell protection" }
        return nil
    }

    /// Sets every property on a new libxlsxwriter format. libxlsxwriter copies the number format code
    /// into the format at once, so the C string need only live for the call.
    func apply(to format: UnsafeMutablePointer<lxw_format>) {
        if let fillColor { format_set_bg_color(format, fillColor.lxwColor) }
        if let fontColor { format_set_font_color(format, fontColor.lxwColor) }
        if isBold { format_set_bold(format) }
        if isItalic { format_set_italic(format) }
        if isUnderlined { format_set_underline(format, UInt8(LXW_UNDERLINE_SINGLE.rawValue)) }
        if let fontSize { format_set_font_size(format, fontSize) }
        if wrapsText { format_set_text_wrap(format) }
        if let horizontalAlignment { format_set_align(format, horizontalAlignment.lxwValue) }
        if let verticalAlignment { format_set_align(format, verticalAlignment.lxwValue) }
        if hasThinBorder { format_set_border(format, UInt8(LXW_BORDER_THIN.rawValue)) }
        if let numberFormat { format_set_num_format(format, numberFormat) }
        if !isLocked { format_set_unlocked(format) }
        if hidesFormula { format_set_hidden(format) }
    }
}
