extension TemplateDefinition {
    /// Every field and table column as one JSON object per line, for `bcf fields --format json`:
    /// `path`, `sheet` and `cell` (or `table`, `firstRow`, `rows` and `column`), `type`, `choices` for
    /// answers from a list, `input` (true where the submitter fills the cell), `role` and `required`.
    public func fieldListingJSON() -> [String] {
        var lines: [String] = []
        for sheet in sheets {
            for field in sheet.fields {
                var entries = [("path", JSONText.string(field.path)), ("sheet", JSONText.string(field.sheet)),
                               ("cell", JSONText.string(field.cell.description))]
                entries += properties(type: field.type, list: field.list, role: field.role, requirement: field.requirement)
                if let label = field.label { entries.append(("label", JSONText.string(label))) }
                if let formula = field.formula { entries.append(("formula", JSONText.string("=" + formula))) }
                lines.append(object(entries))
            }
            for table in sheet.tables {
                for column in table.columns {
                    var entries = [("path", JSONText.string("\(table.path)[].\(column.key)")), ("sheet", JSONText.string(table.sheet)),
                                   ("table", JSONText.string(table.path)), ("firstRow", String(table.firstRow)),
                                   ("rows", String(table.rows)), ("column", JSONText.string(column.letter))]
                    entries += properties(type: column.type, list: column.list, role: column.role, requirement: column.requirement)
                    if let header = column.header { entries.append(("label", JSONText.string(header))) }
                    lines.append(object(entries))
                }
            }
        }
        return lines
    }

    /// The same as tab-separated text: path, sheet, cell or range, type, role, required.
    public func fieldListingText() -> [String] {
        var lines: [String] = []
        for sheet in sheets {
            for field in sheet.fields {
                lines.append([field.path, field.sheet, field.cell.description, field.type.rawValue, field.role.rawValue,
                              describe(field.requirement)].joined(separator: "\t"))
            }
            for table in sheet.tables {
                for column in table.columns {
                    lines.append(["\(table.path)[].\(column.key)", table.sheet, "\(column.letter)\(table.firstRow):\(column.letter)\(table.lastRow)",
                                  column.type.rawValue, column.role.rawValue, describe(column.requirement)].joined(separator: "\t"))
                }
            }
        }
        return lines
    }

    private func properties(type: FieldType, list: String?, role: FieldRole, requirement: Requirement) -> [(String, String)] {
        var entries = [("type", JSONText.string(type.rawValue))]
        if let list, let values = lists[list] {
            entries.append(("list", JSONText.string(list)))
            entries.append(("choices", "[" + values.map(JSONText.string).joined(separator: ",") + "]"))
        }
        entries.append(("input", role == .input ? "true" : "false"))
        entries.append(("role", JSONText.string(role.rawValue)))
        entries.append(("required", JSONText.string(describe(requirement))))
        return entries
    }

    private func describe(_ requirement: Requirement) -> String {
        switch requirement {
        case .optional: return "no"
        case .required: return "yes"
        case let .requiredWhen(path, values, negate): return "when \(path) \(negate ? "is not" : "is") \(values.joined(separator: " or "))"
        }
    }

    private func object(_ entries: [(String, String)]) -> String {
        "{" + entries.map { "\(JSONText.string($0.0)):\($0.1)" }.joined(separator: ",") + "}"
    }
}
