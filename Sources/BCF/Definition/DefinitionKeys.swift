import Yams

/// Refuses keys a definition does not know. YAML decoding would otherwise ignore them, and a misspelt
/// `requried: true` would quietly leave a field optional.
enum DefinitionKeys {
    private static let top: Set<String> = ["id", "title", "kind", "period", "extends", "adaptedFrom", "years", "colours", "limits", "lists",
                                           "guidance", "guidanceSheet", "sheets", "removeSheets", "prefill", "funding"]
    private static let prefill: Set<String> = ["hwb", "items"]
    private static let prefillItem: Set<String> = ["table", "body", "amount", "field"]
    private static let fundingSource: Set<String> = ["answer", "key", "income"]
    private static let limit: Set<String> = ["minimum", "maximum", "message"]
    private static let listFile: Set<String> = ["file", "column", "values"]
    private static let sheet: Set<String> = ["name", "heading", "hidden", "columnWidths", "content"]
    private static let item: Set<String> = ["path", "cell", "grid", "labelColumn", "table", "firstRow", "rows", "minimumRows",
                                            "headerRow", "columns", "checklist", "text", "check", "style", "label", "labelCell", "type", "list",
                                            "role", "required", "formula", "description"]
    private static let column: Set<String> = ["key", "column", "label", "type", "list", "role", "required", "formula"]
    private static let gridRow: Set<String> = ["key", "row", "label", "role", "type", "list", "required", "roles", "formulas", "vars", "skip"]
    private static let requirement: Set<String> = ["when", "is", "isNot"]

    static func check(_ root: Node, file: String) throws {
        try keys(of: root, allowed: top, at: "", file: file)
        for (name, limitNode) in mapping(root["limits"]) { try keys(of: limitNode, allowed: limit, at: "limits.\(name)", file: file) }
        for (name, listNode) in mapping(root["lists"]) where listNode.mapping != nil {
            try keys(of: listNode, allowed: listFile, at: "lists.\(name)", file: file)
        }
        if let prefillNode = root["prefill"] {
            try keys(of: prefillNode, allowed: prefill, at: "prefill", file: file)
            for (name, itemNode) in mapping(prefillNode["items"]) { try keys(of: itemNode, allowed: prefillItem, at: "prefill.items.\(name)", file: file) }
        }
        for (index, sourceNode) in sequence(root["funding"]).enumerated() {
            try keys(of: sourceNode, allowed: fundingSource, at: "funding[\(index + 1)]", file: file)
        }
        for (sheetIndex, sheetNode) in sequence(root["sheets"]).enumerated() {
            let sheetPlace = "sheets[\(sheetIndex + 1)]" + (sheetNode["name"]?.string.map { " \"\($0)\"" } ?? "")
            try keys(of: sheetNode, allowed: sheet, at: sheetPlace, file: file)
            for (itemIndex, itemNode) in sequence(sheetNode["content"]).enumerated() {
                let itemPlace = "\(sheetPlace), content item \(itemIndex + 1)"
                try keys(of: itemNode, allowed: item, at: itemPlace, file: file)
                try requirementKeys(itemNode["required"], at: itemPlace, file: file)
                for (columnIndex, columnNode) in sequence(itemNode["columns"]).enumerated() {
                    try keys(of: columnNode, allowed: column, at: "\(itemPlace), column \(columnIndex + 1)", file: file)
                    try requirementKeys(columnNode["required"], at: "\(itemPlace), column \(columnIndex + 1)", file: file)
                }
                for (rowIndex, rowNode) in sequence(itemNode["rows"]).enumerated() {
                    try keys(of: rowNode, allowed: gridRow, at: "\(itemPlace), row \(rowIndex + 1)", file: file)
                    try requirementKeys(rowNode["required"], at: "\(itemPlace), row \(rowIndex + 1)", file: file)
                }
            }
        }
    }

    private static func requirementKeys(_ node: Node?, at place: String, file: String) throws {
        guard let node, node.mapping != nil else { return }
        try keys(of: node, allowed: requirement, at: "\(place), required", file: file)
    }

    private static func keys(of node: Node, allowed: Set<String>, at place: String, file: String) throws {
        guard let mapping = node.mapping else { return }
        for (key, _) in mapping {
            guard let name = key.string, allowed.contains(name) else {
                let suggestion = allowed.sorted().joined(separator: ", ")
                throw DefinitionError(file: file, location: place.isEmpty ? "top level" : place,
                                      problem: "unknown key \"\(key.string ?? "?")\"; the keys here are: \(suggestion)")
            }
        }
    }

    private static func mapping(_ node: Node?) -> [(String, Node)] {
        guard let mapping = node?.mapping else { return [] }
        return mapping.compactMap { key, value in key.string.map { ($0, value) } }
    }

    private static func sequence(_ node: Node?) -> [Node] {
        guard let sequence = node?.sequence else { return [] }
        return Array(sequence)
    }
}
