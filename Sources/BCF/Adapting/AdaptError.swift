import Foundation
import Spreadsheet

/// Why an edition could not be adapted to a workbook, or its definition not written.
public enum AdaptError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No worksheet of the workbook holds any sheet of the edition: there is nothing to adapt.
    case noSheetFound(file: String, edition: String)
    case outputExists(path: String)
    case cannotWrite(path: String, reason: String)

    /// The exit code of `bcf adapt` when the definition was written but some required fields were not found.
    public static let incompleteExitCode: Int32 = 47

    public var description: String {
        switch self {
        case let .noSheetFound(file, edition):
            return "\(file): no worksheet holds any sheet of edition \(edition) (none has enough of its labels); is it a workbook of that edition?"
        case let .outputExists(path):
            return "\(path) already exists; use --overwrite to replace it"
        case let .cannotWrite(path, reason):
            return "\(path): the definition cannot be written: \(reason)"
        }
    }

    public var exitCode: Int32 {
        switch self {
        case .noSheetFound: return 48
        case .outputExists: return 38
        case .cannotWrite: return 63
        }
    }
}

extension Adaptation {
    /// Writes the adapted definition as YAML; an existing file is replaced only with `overwrite`.
    public func writeDefinition(to path: String, overwrite: Bool = false) throws {
        if !overwrite, FileManager.default.fileExists(atPath: path) { throw AdaptError.outputExists(path: path) }
        do {
            try Data(yaml.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw AdaptError.cannotWrite(path: path, reason: SystemErrorText.reason(of: error))
        }
    }
}
