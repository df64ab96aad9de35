import Foundation

/// Keeps an adapted definition whole once some fields are left out: a formula that uses a field not
/// found goes with it (its cell is left out too), a condition on such a field is dropped (the field
/// becomes optional), and the prefill items and funding sources that need a missing table are removed.
struct AdaptedReferences {
    private(set) var file: DefinitionFile
    /// Each path left out here, with why.
    private(set) var dropped: [String: String] = [:]
    private(set) var notes: [String] = []

    init(file: DefinitionFile) {
        self.file = file
    }

    mutating func dropDangling() {
        while dropFormulas() {}
        dropConditions()
        dropPrefill()
        dropFunding()
    }

    /// Every field path and table column path (`table[].key`) of the definition as it stands.
    private var paths: Set<String> {
        var paths = Set<String>()
        for sheet in file.sheets ?? [] {
            for item in sheet.content ?? [] {
                if let path = item.path { paths.insert(path) }
                if let grid = item.grid, case let .rows(rows)? = item.rows {
                    for row in rows {
                        for column in item.columns ?? [] where !(row.skip ?? []).contains(column.key) {
                            paths.insert("\(grid).\(row.key).\(column.key)")
                        }
                    }
                }
                if let table = item.table { for column in item.columns ?? [] { paths.insert("\(table)[].\(column.key)") } }
            }
        }
        return paths
    }

    /// The first token of a formula that names nothing there is, if any.
    private func dangling(_ formula: String, vars: [String: String] = [:], sameRow: (String) -> Bool = { _ in false },
                          sameColumn: (String) -> Bool = { _ in false }, known: Set<String>) -> String? {
        var text = formula
        for (name, value) in vars { text = text.replacingOccurrences(of: "{$\(name)}", with: value) }
        guard let parts = FormulaTemplate.parse(text) else { return nil }
        for case let .token(token) in parts {
            switch token {
            case let .path(path) where !known.contains(path): return path
            case let .sameRow(key) where !sameRow(key): return "~" + key
            case let .sameColumn(key) where !sameColumn(key): return "^" + key
            default: continue
            }
        }
        return nil
    }

    /// Drops one round of fields whose formulas use something missing; true when anything was dropped.
    private mutating func dropFormulas() -> Bool {
        let known = paths
        var changed = false
        for (sheetIndex, sheet) in (file.sheets ?? []).enumerated() {
            var content: [RawItem] = []
            for var item in sheet.content ?? [] {
                if let path = item.path, let formula = item.formula, let missing = dangling(formula, known: known) {
                    drop(path, "its formula uses \(missing), which was not found")
                    changed = true
                    continue
                }
                if let grid = item.grid, case var .rows(rows)? = item.rows {
                    for index in rows.indices {
                        let row = rows[index]
                        for column in item.columns ?? [] where !(row.skip ?? []).contains(column.key) {
                            guard let formula = row.formulas?[column.key] ?? column.formula else { continue }
                            let missing = dangling(formula, vars: row.vars ?? [:],
                                                   sameRow: { known.contains("\(grid).\(row.key).\($0)") },
                                                   sameColumn: { known.contains("\(grid).\($0).\(column.key)") }, known: known)
                            if let missing {
                                drop("\(grid).\(row.key).\(column.key)", "its formula uses \(missing), which was not found")
                                rows[index].skip = (rows[index].skip ?? []) + [column.key]
                                changed = true
                            }
                        }
                    }
                    rows.removeAll { row in (item.columns ?? []).allSatisfy { (row.skip ?? []).contains($0.key) } }
                    guard !rows.isEmpty else { continue }
                    item.rows = .rows(rows)
                }
                if let table = item.table, let columns = item.columns {
                    let keys = Set(columns.map(\.key))
                    let kept = columns.filter { column in
                        guard let formula = column.formula,
                              let missing = dangling(formula, sameRow: { keys.contains($0) }, known: known) else { return true }
                        drop("\(table)[].\(column.key)", "its formula uses \(missing), which was not found")
                        changed = true
                        return false
                    }
                    guard !kept.isEmpty else { continue }
                    item.columns = kept
                }
                content.append(item)
            }
            file.sheets?[sheetIndex].content = content
        }
        return changed
    }

    private mutating func drop(_ path: String, _ reason: String) {
        dropped[path] = reason
    }

    /// A field required only when a field not found holds some answer becomes optional.
    private mutating func dropConditions() {
        let known = paths
        for (sheetIndex, sheet) in (file.sheets ?? []).enumerated() {
            for (itemIndex, item) in (sheet.content ?? []).enumerated() {
                var adapted = item
                if let path = item.path, case let .when(target, _, _)? = item.required, !known.contains(target) {
                    adapted.required = nil
                    notes.append("\(path) is optional here: it is required only by an answer of \(target), which was not found")
                }
                if let grid = item.grid, case var .rows(rows)? = item.rows {
                    for index in rows.indices {
                        if case let .when(target, _, _)? = rows[index].required,
                           !known.contains(target.hasPrefix("~") ? "\(grid).\(rows[index].key).\(target.dropFirst())" : target) {
                            rows[index].required = nil
                            notes.append("\(grid).\(rows[index].key) is optional here: its condition names \(target), which was not found")
                        }
                    }
                    adapted.rows = .rows(rows)
                    adapted.columns = item.columns?.map { column in
                        guard case let .when(target, _, _)? = column.required else { return column }
                        let present = rows.allSatisfy { row in
                            known.contains(target.hasPrefix("~") ? "\(grid).\(row.key).\(target.dropFirst())" : target)
                        }
                        guard !present else { return column }
                        notes.append("\(grid) column \(column.key) is optional here: its condition names \(target), which was not found")
                        var optional = column
                        optional.required = nil
                        return optional
                    }
                }
                if let table = item.table {
                    let keys = Set((item.columns ?? []).map(\.key))
                    adapted.columns = item.columns?.map { column in
                        guard case let .when(key, _, _)? = column.required, !keys.contains(key) else { return column }
                        notes.append("\(table)[].\(column.key) is optional here: its condition names the column \(key), which was not found")
                        var optional = column
                        optional.required = nil
                        return optional
                    }
                }
                file.sheets?[sheetIndex].content?[itemIndex] = adapted
            }
        }
    }

    private mutating func dropPrefill() {
        guard var prefill = file.prefill else { return }
        let known = paths
        guard known.contains(prefill.hwb) else {
            file.prefill = nil
            notes.append("no prefill: the field \(prefill.hwb) that takes the area's name was not found")
            return
        }
        let years = file.years ?? []
        for (name, item) in prefill.items {
            let needed: [String]
            if let table = item.table, let body = item.body {
                needed = ["\(table)[].\(body)"] + years.map { "\(table)[].\((item.amount ?? "{year}").replacingOccurrences(of: "{year}", with: $0))" }
            } else if let field = item.field {
                needed = years.map { field.replacingOccurrences(of: "{year}", with: $0) }
            } else {
                needed = []
            }
            if let missing = needed.first(where: { !known.contains($0) }) {
                prefill.items[name] = nil
                notes.append("prefill item \(name) left out: \(missing) was not found")
            }
        }
        file.prefill = prefill
    }

    private mutating func dropFunding() {
        guard let funding = file.funding else { return }
        let known = paths
        let needed = ["\(FundingSourceDefinition.schemesPath)[].sourceOfFunding"] + funding.map(\.income)
        let lacking = needed.filter { path in
            path.contains("[].") ? !known.contains(path)
                : !known.contains("\(path)[].localAuthority") && !known.contains("\(path)[].ccg")
        }
        guard !lacking.isEmpty else { return }
        file.funding = nil
        notes.append("no income-against-expenditure check by source: \(lacking.joined(separator: ", ")) not found")
    }
}
