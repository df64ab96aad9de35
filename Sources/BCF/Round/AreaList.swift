import Foundation

/// The areas a round expects: a `--hwbs` list, or the list of Health and Wellbeing Boards (with their
/// codes) of the round's edition, and the matching of a file to its area when its content cannot say.
public enum AreaList {
    /// Reads a list of areas: a CSV (UTF-8) with the columns `hwb_code` and `hwb_name`, optionally
    /// `region`. Every problem is named with its line; none is passed over.
    public static func parse(csv data: Data, file: String) throws -> [Area] {
        guard let text = String(data: data, encoding: .utf8) else {
            throw RoundError.badAreaList(file: file, problems: ["the file is not UTF-8 text: save it as \"CSV UTF-8\""])
        }
        let table = CSVTable(text: text, commentPrefix: "#")
        guard let code = table.header.firstIndex(of: "hwb_code"), let name = table.header.firstIndex(of: "hwb_name") else {
            let found = table.header.isEmpty ? "it is empty" : "its header is " + table.header.joined(separator: ",")
            throw RoundError.badAreaList(file: file, problems: ["line 1: the header needs the columns hwb_code and hwb_name; \(found)"])
        }
        let region = table.header.firstIndex(of: "region")
        var problems: [String] = []
        var areas: [Area] = []
        var codes: [String: Int] = [:]
        var names: [String: Int] = [:]
        for (line, fields) in table.records {
            guard fields.count == table.header.count else {
                problems.append("line \(line): \(fields.count) value(s) where the header has \(table.header.count)")
                continue
            }
            let areaCode = Whitespace.trimmed(fields[code])
            let areaName = Whitespace.trimmed(fields[name])
            guard !areaCode.isEmpty, !areaName.isEmpty else {
                problems.append("line \(line): the \(areaCode.isEmpty ? "hwb_code" : "hwb_name") is empty")
                continue
            }
            if let first = codes[areaCode] { problems.append("line \(line): the code \(areaCode) is already on line \(first)") }
            let normalName = ChoiceMatcher.normalise(areaName)
            if let first = names[normalName] { problems.append("line \(line): \(areaName) is already on line \(first)") }
            codes[areaCode] = codes[areaCode] ?? line
            names[normalName] = names[normalName] ?? line
            let areaRegion = region.map { Whitespace.trimmed(fields[$0]) }
            areas.append(Area(code: areaCode, name: areaName, region: areaRegion?.isEmpty == false ? areaRegion : nil))
        }
        if areas.isEmpty && problems.isEmpty { problems.append("the list holds no area") }
        guard problems.isEmpty else { throw RoundError.badAreaList(file: file, problems: problems) }
        return areas
    }

    /// The areas of an edition: its list of Health and Wellbeing Boards, with the codes the list file
    /// carries (`Templates/lists/hwbs-*.csv`); nil when the edition has no such list.
    public static func of(_ edition: TemplateDefinition) -> [Area]? {
        guard let list = edition.field(at: "cover.healthAndWellbeingBoard")?.list, let file = edition.listFiles[list],
              let areas = try? parse(csv: Data(file.text.utf8), file: file.name) else { return nil }
        return areas
    }
}

/// Finds the area a file is for from its path, for a file whose cover names no area or that cannot be
/// opened: an ONS code (`E06000018`) or an area's name standing as words in the file name, else in the
/// names of the folders above it. The longest name wins ("North East Lincolnshire" over "Lincolnshire").
struct AreaMatcher: Sendable {
    private let byCode: [String: Area]
    /// Each area's name as words, longest first.
    private let names: [(words: String, area: Area)]
    private let byName: [String: Area]

    init(_ areas: [Area]) {
        byCode = Dictionary(areas.compactMap { area in area.code.map { ($0.uppercased(), area) } }, uniquingKeysWith: { first, _ in first })
        names = areas.map { (Self.words($0.name), $0) }.filter { !$0.0.isEmpty }.sorted { $0.words.count > $1.words.count }
        byName = Dictionary(areas.map { (ChoiceMatcher.normalise($0.name), $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The listed area of this name, as a drop-down answer is matched.
    func area(named name: String) -> Area? {
        byName[ChoiceMatcher.normalise(name)]
    }

    /// The area a relative path names, looking at the file name first and then each folder upwards.
    func area(inPath relative: String) -> Area? {
        for component in relative.split(separator: "/").reversed() {
            let text = String(component)
            if let area = area(inName: text) { return area }
        }
        return nil
    }

    private func area(inName text: String) -> Area? {
        let words = " " + Self.words(text) + " "
        for token in words.split(separator: " ") where token.count == 9 && token.hasPrefix("e") && token.dropFirst().allSatisfy(\.isNumber) {
            if let area = byCode[token.uppercased()] { return area }
        }
        return names.first { words.contains(" \($0.words) ") }?.area
    }

    /// Lower-case letters and digits, every other run of characters one space; `&` read as "and".
    static func words(_ text: String) -> String {
        var out = ""
        var space = true
        for character in text.lowercased().replacingOccurrences(of: "&", with: " and ") {
            if character.isLetter || character.isNumber {
                out.append(character)
                space = false
            } else if !space {
                out.append(" ")
                space = true
            }
        }
        return out.trimmingCharacters(in: .whitespaces)
    }
}
