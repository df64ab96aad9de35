/// The one place where file names are made from data (an area's code and name, from a workbook or a
/// `--hwbs` list): whatever the text, the name stays inside its folder, is short enough for every file
/// system, and names one file.
enum SafeFileName {
    /// The most bytes (UTF-8) of a name before its extension: well under the 255 of common file systems.
    static let maxBytes = 120

    /// Names Windows keeps for devices, which cannot be files there whatever the extension.
    static let reserved = Set(["con", "prn", "aux", "nul"] + (1...9).flatMap { ["com\($0)", "lpt\($0)"] })

    /// `text` made into a file name with `ext`: path separators, characters Windows refuses and control
    /// characters become `_`, leading dots and spaces go, an empty or reserved name gets a `_`, and the
    /// name is cut (at a character) to `maxBytes`.
    static func make(_ text: String, extension ext: String) -> String {
        var name = ""
        for scalar in text.unicodeScalars {
            let category = scalar.properties.generalCategory
            if "/\\:*?\"<>|".unicodeScalars.contains(scalar) || category == .control || category == .format
                || category == .lineSeparator || category == .paragraphSeparator {
                name += "_"
            } else {
                name.unicodeScalars.append(scalar)
            }
        }
        while let first = name.first, first == "." || first == " " { name.removeFirst() }
        while let last = name.last, last == "." || last == " " { name.removeLast() }
        if name.isEmpty || reserved.contains(name.lowercased()) { name = "_" + name }
        var bounded = ""
        for character in name {
            guard bounded.utf8.count + character.utf8.count <= maxBytes else { break }
            bounded.append(character)
        }
        return bounded + "." + ext
    }

    /// The names, each made unique (ignoring letter case, as Windows and macOS do) by ` (2)`, ` (3)`, ...
    /// before the extension; order kept.
    static func unique(_ names: [String]) -> [String] {
        var taken = Set<String>()
        return names.map { name in
            if taken.insert(name.lowercased()).inserted { return name }
            let dot = name.lastIndex(of: ".") ?? name.endIndex
            var number = 2
            while true {
                let candidate = String(name[..<dot]) + " (\(number))" + String(name[dot...])
                if taken.insert(candidate.lowercased()).inserted { return candidate }
                number += 1
            }
        }
    }
}
