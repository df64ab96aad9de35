import Foundation

/// Writes a definition file as YAML in the layout of the hand-written ones in `Templates/`: top-level keys
/// as blocks, each content item on one line. Every string is double-quoted with JSON's escapes, which YAML
/// reads as the same string, so that no answer ("No", "2019-20") can come back as another type.
enum DefinitionYAML {
    static func text(of file: DefinitionFile, header: [String]) -> String {
        var lines = header.map { "# " + $0 }
        func add(_ key: String, _ value: String?) { if let value { lines.append("\(key): \(value)") } }
        add("id", quoted(file.id))
        add("title", file.title.map(quoted))
        add("kind", file.kind.map(quoted))
        add("period", file.period.map(quoted))
        add("adaptedFrom", file.adaptedFrom.map(quoted))
        add("years", file.years.map { flow($0.map(quoted)) })
        if let colours = file.colours, !colours.isEmpty {
            lines.append("colours: " + flowMap(colours.keys.sorted().map { ($0, quoted(colours[$0] ?? "")) }))
        }
        if let limits = file.limits, !limits.isEmpty {
            lines.append("limits:")
            for name in limits.keys.sorted() {
                guard let limit = limits[name] else { continue }
                var pairs = [("minimum", number(limit.minimum)), ("maximum", number(limit.maximum))]
                if let message = limit.message { pairs.append(("message", quoted(message))) }
                lines.append("  \(name): " + flowMap(pairs))
            }
        }
        add("guidanceSheet", file.guidanceSheet.map(quoted))
        if let guidance = file.guidance {
            lines.append("guidance:")
            lines += guidance.map { "  - " + quoted($0) }
        }
        if let lists = file.lists, !lists.isEmpty {
            lines.append("lists:")
            for name in lists.keys.sorted() {
                guard let list = lists[name] else { continue }
                switch list {
                case let .values(values): lines.append("  \(name): " + flow(values.map(quoted)))
                case let .file(path, column): lines.append("  \(name): " + flowMap([("file", quoted(path)), ("column", quoted(column))]))
                }
            }
        }
        if let sheets = file.sheets {
            lines.append("")
            lines.append("sheets:")
            for sheet in sheets {
                lines.append("  - name: " + quoted(sheet.name))
                if let heading = sheet.heading { lines.append("    heading: " + quoted(heading)) }
                if let hidden = sheet.hidden { lines.append("    hidden: \(hidden)") }
                if let widths = sheet.columnWidths, !widths.isEmpty {
                    lines.append("    columnWidths: " + flowMap(widths.keys.sorted().map { ($0, number(widths[$0] ?? 0)) }))
                }
                lines.append("    content:")
                lines += (sheet.content ?? []).map { "      - " + item($0) }
            }
        }
        if let prefill = file.prefill {
            lines.append("")
            lines.append("prefill:")
            lines.append("  hwb: " + quoted(prefill.hwb))
            lines.append("  items:")
            for name in prefill.items.keys.sorted() {
                guard let entry = prefill.items[name] else { continue }
                let pairs = [("table", entry.table), ("body", entry.body), ("amount", entry.amount), ("field", entry.field)]
                    .compactMap { key, value in value.map { (key, quoted($0)) } }
                lines.append("    \(name): " + flowMap(pairs))
            }
        }
        if let funding = file.funding {
            lines.append("")
            lines.append("funding:")
            lines += funding.map { "  - " + flowMap([("answer", quoted($0.answer)), ("key", quoted($0.key)), ("income", quoted($0.income))]) }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func item(_ item: RawItem) -> String {
        var pairs: [(String, String)] = []
        func add(_ key: String, _ value: String?) { if let value { pairs.append((key, value)) } }
        add("path", item.path.map(quoted))
        add("grid", item.grid.map(quoted))
        add("table", item.table.map(quoted))
        add("checklist", item.checklist.map { "\($0)" })
        add("text", item.text.map(quoted))
        add("cell", item.cell.map(quoted))
        add("label", item.label.map(quoted))
        add("labelCell", item.labelCell.map(quoted))
        add("labelColumn", item.labelColumn.map(quoted))
        add("headerRow", item.headerRow.map(String.init))
        add("firstRow", item.firstRow.map(String.init))
        add("minimumRows", item.minimumRows.map(String.init))
        add("type", item.type.map(quoted))
        add("list", item.list.map(quoted))
        add("role", item.role.map(quoted))
        add("required", item.required.map(requirement))
        add("formula", item.formula.map(quoted))
        add("description", item.description.map(quoted))
        add("check", item.check.map { "\($0)" })
        add("style", item.style.map(quoted))
        if let columns = item.columns {
            add("columns", flow(columns.map(column)))
        }
        switch item.rows {
        case let .capacity(count)?: add("rows", String(count))
        case let .rows(rows)?: add("rows", flow(rows.map(gridRow)))
        case nil: break
        }
        return flowMap(pairs)
    }

    private static func column(_ column: RawColumn) -> String {
        let pairs: [(String, String?)] = [
            ("key", quoted(column.key)), ("column", quoted(column.column)), ("label", column.label.map(quoted)),
            ("type", column.type.map(quoted)), ("list", column.list.map(quoted)), ("role", column.role.map(quoted)),
            ("required", column.required.map(requirement)), ("formula", column.formula.map(quoted)),
        ]
        return flowMap(pairs.compactMap { key, value in value.map { (key, $0) } })
    }

    private static func gridRow(_ row: RawGridRow) -> String {
        func map(_ values: [String: String]?) -> String? {
            values.map { values in flowMap(values.keys.sorted().map { ($0, quoted(values[$0] ?? "")) }) }
        }
        let pairs: [(String, String?)] = [
            ("key", quoted(row.key)), ("row", String(row.row)), ("label", row.label.map(quoted)), ("role", row.role.map(quoted)),
            ("type", row.type.map(quoted)), ("list", row.list.map(quoted)), ("required", row.required.map(requirement)),
            ("roles", map(row.roles)), ("formulas", map(row.formulas)), ("vars", map(row.vars)),
            ("skip", row.skip.map { flow($0.map(quoted)) }),
        ]
        return flowMap(pairs.compactMap { key, value in value.map { (key, $0) } })
    }

    private static func requirement(_ requirement: RawRequirement) -> String {
        switch requirement {
        case let .always(flag): return "\(flag)"
        case let .when(path, values, negate):
            return flowMap([("when", quoted(path)), (negate ? "isNot" : "is", flow(values.map(quoted)))])
        }
    }

    private static func flow(_ items: [String]) -> String { "[" + items.joined(separator: ", ") + "]" }

    private static func flowMap(_ pairs: [(String, String)]) -> String {
        "{" + pairs.map { "\(quotedKey($0.0)): \($0.1)" }.joined(separator: ", ") + "}"
    }

    /// Keys such as `2019-20` or `2019-20.income` are quoted so that none is read as a number or a date.
    private static func quotedKey(_ key: String) -> String {
        key.allSatisfy { $0.isLetter || $0 == "_" } ? key : quoted(key)
    }

    private static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : "\(value)"
    }

    static func quoted(_ text: String) -> String { JSONText.string(text) }
}
