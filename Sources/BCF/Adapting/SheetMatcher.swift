import Foundation

/// Which worksheet of a workbook holds each sheet of an edition. A sheet is recognised by the labels it
/// holds as much as by its name, so that a renamed, renumbered or reordered sheet is still found, and a
/// sheet with the right name but none of the labels is not.
struct SheetMatcher {
    struct Candidate {
        let sheet: Int
        let labelsFound: Int
        let sameName: Bool
        let similarName: Bool
    }

    /// The distinct label keys of each edition sheet: its labels, headers and static text.
    static func keys(of sheet: SheetDefinition) -> Set<String> {
        Set((sheet.labels.map(\.text) + sheet.notes.map(\.text)).map(LabelKey.of).filter { !$0.isEmpty })
    }

    /// A sheet name without its number and punctuation: "4. Expenditure" and "Expenditure (4)" alike.
    static func nameKey(_ name: String) -> String {
        String(LabelKey.of(name).drop { $0.isNumber })
    }

    /// For each edition sheet, the index of its worksheet in `texts` with the reason, or the reason none fits.
    static func match(_ sheets: [SheetDefinition], in texts: [SheetTexts]) -> [SheetMatch] {
        var candidates: [(edition: Int, candidate: Candidate)] = []
        let sheetKeys = sheets.map(keys(of:))
        for (index, sheet) in sheets.enumerated() {
            let keys = sheetKeys[index]
            for (workbookIndex, workbookSheet) in texts.enumerated() {
                let found = keys.filter { workbookSheet.cellsByKey[$0] != nil }.count
                let same = workbookSheet.name.caseInsensitiveCompare(sheet.name) == .orderedSame
                let similar = !nameKey(sheet.name).isEmpty && nameKey(sheet.name) == nameKey(workbookSheet.name)
                // Every sheet shares a few labels ("Selected Health and Wellbeing Board:"); a third of the
                // sheet's own labels, or its name and at least one label, is what makes it the sheet.
                let enough = found * 3 >= keys.count || ((same || similar) && found > 0)
                if found > 0, enough {
                    candidates.append((index, Candidate(sheet: workbookIndex, labelsFound: found, sameName: same, similarName: similar)))
                }
            }
        }
        candidates.sort { lhs, rhs in
            let left = Double(lhs.candidate.labelsFound) / Double(max(1, sheetKeys[lhs.edition].count))
            let right = Double(rhs.candidate.labelsFound) / Double(max(1, sheetKeys[rhs.edition].count))
            if left != right { return left > right }
            if lhs.candidate.sameName != rhs.candidate.sameName { return lhs.candidate.sameName }
            if lhs.candidate.similarName != rhs.candidate.similarName { return lhs.candidate.similarName }
            return (lhs.edition, lhs.candidate.sheet) < (rhs.edition, rhs.candidate.sheet)
        }
        var chosen: [Int: Candidate] = [:]
        var taken = Set<Int>()
        for (edition, candidate) in candidates where chosen[edition] == nil && !taken.contains(candidate.sheet) {
            chosen[edition] = candidate
            taken.insert(candidate.sheet)
        }
        return sheets.enumerated().map { index, sheet in
            let total = sheetKeys[index].count
            guard let candidate = chosen[index] else {
                return SheetMatch(editionSheet: sheet.name, workbookSheet: nil,
                                  reason: "no worksheet holds enough of its \(total) labels")
            }
            let name = texts[candidate.sheet].name
            let how = candidate.sameName ? "same name" : candidate.similarName ? "renamed \"\(name)\" (the same words)"
                : "found by its content as \"\(name)\""
            return SheetMatch(editionSheet: sheet.name, workbookSheet: name, workbookIndex: candidate.sheet,
                              reason: "\(how); \(candidate.labelsFound) of its \(total) labels there")
        }
    }
}
