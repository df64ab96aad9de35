import Spreadsheet

/// The cells already given to an item of the adapted sheet, so that two items found in one place are
/// caught here rather than by the compiler.
struct Claims {
    var values: [CellReference: String] = [:]
    var labels: [CellReference: (text: String, owner: String)] = [:]

    /// Claims the cells for `owner`, or names what is already there.
    mutating func claim(_ cells: [CellReference], labels newLabels: [(CellReference, String)], owner: String) -> String? {
        for cell in cells {
            if let other = values[cell], other != owner { return "\(other) at \(cell)" }
            if let label = labels[cell] { return "the label \"\(label.text)\" at \(cell)" }
        }
        for (cell, text) in newLabels {
            if let other = values[cell] { return "\(other) at \(cell)" }
            if let label = labels[cell], label.text != text { return "the label \"\(label.text)\" at \(cell)" }
        }
        for cell in cells { values[cell] = owner }
        for (cell, text) in newLabels { labels[cell] = (text, owner) }
        return nil
    }
}
