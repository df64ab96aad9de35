import Foundation

/// Why a round could not run or could not leave its outputs. A bad submission is never one of these: it
/// is that file's row.
public enum RoundError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The submissions folder is missing, not a folder, or cannot be listed.
    case folderUnreadable(folder: String, reason: String)
    /// The output folder is the submissions folder or holds it, or holds files that are not a round's
    /// outputs (which replacing it would delete).
    case outputRefused(folder: String, reason: String)
    /// The output folder holds an earlier round's outputs, and replacing them was not asked for.
    case outputExists(folder: String)
    /// Another round is writing into the same output folder.
    case outputLocked(folder: String)
    /// The `--hwbs` list cannot be used; each problem names its line.
    case badAreaList(file: String, problems: [String])
    /// The outputs could not be written or put in place; the previous outputs are left whole.
    case outputFailed(folder: String, reason: String)

    public var description: String {
        switch self {
        case let .folderUnreadable(folder, reason):
            return "\(folder): the submissions folder cannot be read: \(reason)"
        case let .outputRefused(folder, reason):
            return "\(folder): not used as the round's output folder: \(reason)"
        case let .outputExists(folder):
            return "\(folder) holds an earlier round's outputs; use --overwrite to replace them"
        case let .outputLocked(folder):
            return "\(folder): another round is writing into this folder now; wait for it to finish"
        case let .badAreaList(file, problems):
            return "\(file): the list of areas (--hwbs) cannot be used:\n" + problems.map { "  \($0)" }.joined(separator: "\n")
        case let .outputFailed(folder, reason):
            return "\(folder): the round's outputs could not be written (the previous ones are left as they were): \(reason)"
        }
    }

    /// README, "Exit codes".
    public var exitCode: Int32 {
        switch self {
        case .folderUnreadable: return 50
        case .outputRefused: return 51
        case .outputExists: return 38
        case .outputLocked: return 52
        // As a bad allocations or metrics table: every table of areas given to any command is one fault.
        case .badAreaList: return 37
        case .outputFailed: return 54
        }
    }
}
