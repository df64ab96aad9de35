import Spreadsheet

/// The look of a template: the edition's colours for input, pre-populated and calculated cells, number
/// formats by field type, and the text styles of titles, labels and headers.
struct TemplateStyles {
    let colours: TemplateDefinition.Colours

    let title = CellStyle(bold: true, fontSize: 14)
    let heading = CellStyle(bold: true, fontSize: 12)
    let label = CellStyle(wrapText: true, verticalAlignment: .top)
    let paragraph = CellStyle(wrapText: true, verticalAlignment: .top)
    let header = CellStyle(fillColor: CellStyle.Color(rgb: 0xD9D9D9), bold: true, wrapText: true, verticalAlignment: .top, thinBorder: true)
    let note = CellStyle(fontColor: CellStyle.Color(rgb: 0x595959), italic: true, wrapText: true)
    let checker = CellStyle(bold: true, horizontalAlignment: .center, thinBorder: true)
    let no = CellStyle(fillColor: CellStyle.Color(rgb: 0xFFC7CE), fontColor: CellStyle.Color(rgb: 0x9C0006))
    let yes = CellStyle(fillColor: CellStyle.Color(rgb: 0xC6EFCE), fontColor: CellStyle.Color(rgb: 0x006100))

    func text(_ style: StaticText.TextStyle) -> CellStyle {
        switch style {
        case .label: return label
        case .heading: return heading
        case .note: return note
        case .header: return header
        }
    }

    /// Input cells are unlocked so that a protected sheet still takes them; everything else is locked.
    func cell(role: FieldRole, type: FieldType) -> CellStyle {
        let fill: UInt32
        switch role {
        case .input: fill = colours.input
        case .prepopulated: fill = colours.prepopulated
        case .computed: fill = colours.computed
        }
        return CellStyle(fillColor: CellStyle.Color(rgb: fill), wrapText: type == .text, verticalAlignment: .top, thinBorder: true,
                         numberFormat: Self.numberFormat(type), locked: role != .input)
    }

    static func numberFormat(_ type: FieldType) -> String? {
        switch type {
        case .money: return "£#,##0.00"
        case .integer: return "#,##0"
        case .number: return "#,##0.00"
        case .percent: return "0.0%"
        case .date: return "dd/mm/yyyy"
        case .text: return "@"
        case .yesNo, .choice: return nil
        }
    }
}
