import ArgumentParser
import Foundation

/// What the command line does before and around argument-parser: `-V`, a suggestion for a mistyped
/// command, and help with the reading limits after the main options.
enum CommandLineHabits {
    /// The arguments as argument-parser is to read them: `-V` alone is `--version`.
    static func arguments(_ given: [String]) -> [String] {
        given == ["-V"] ? ["--version"] : given
    }

    /// A first argument that is no command and no option: the message, with the nearest command when
    /// one is close enough to be a slip of the keyboard.
    static func unknownCommand(in arguments: [String], commands: [String]) -> String? {
        guard let first = arguments.first, !first.hasPrefix("-"), !commands.contains(first), first != "help" else { return nil }
        let nearest = commands.map { (name: $0, distance: editDistance(first, $0)) }.min { $0.distance < $1.distance }
        if let nearest, nearest.distance <= max(1, min(2, first.count / 2)) {
            return "no command '\(first)'; did you mean '\(nearest.name)'? (bcf --help lists the commands)"
        }
        return "no command '\(first)'; the commands are: \(commands.joined(separator: ", "))"
    }

    /// argument-parser puts titled groups before the options; the reading limits belong after them.
    static func limitsLast(_ help: String) -> String {
        var lines = help.components(separatedBy: "\n")
        func section(titled title: String) -> Range<Int>? {
            guard let start = lines.firstIndex(of: title) else { return nil }
            var end = start + 1
            while end < lines.count, !(lines[end].isEmpty && end + 1 < lines.count && isHeading(lines[end + 1])) { end += 1 }
            return start..<min(end + 1, lines.count)
        }
        guard let limits = section(titled: "READING LIMITS:"), let options = section(titled: "OPTIONS:"), limits.lowerBound < options.lowerBound else {
            return help
        }
        var moved = Array(lines[limits])
        if moved.last != "" { moved.append("") }
        var optionsBlock = Array(lines[options])
        if optionsBlock.last != "" { optionsBlock.append("") }
        lines.replaceSubrange(limits.lowerBound..<options.upperBound, with: optionsBlock + moved)
        while lines.last == "" { lines.removeLast() }
        return lines.joined(separator: "\n")
    }

    private static func isHeading(_ line: String) -> Bool {
        guard line.hasSuffix(":"), let first = line.unicodeScalars.first, ("A"..."Z").contains(first) else { return false }
        return line.dropLast().allSatisfy { $0.isUppercase || $0 == " " || $0 == "-" }
    }

    /// Colour only on a terminal, and never when `NO_COLOR` is set to anything (no-color.org).
    static func colour(on descriptor: Int32) -> Bool {
        guard isatty(descriptor) != 0 else { return false }
        return ProcessInfo.processInfo.environment["NO_COLOR", default: ""].isEmpty
    }

    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        var previous = Array(0...b.count)
        for (i, x) in a.enumerated() {
            var current = [i + 1]
            for (j, y) in b.enumerated() {
                current.append(min(previous[j + 1] + 1, current[j] + 1, previous[j] + (x == y ? 0 : 1)))
            }
            previous = current
        }
        return previous[b.count]
    }
}
