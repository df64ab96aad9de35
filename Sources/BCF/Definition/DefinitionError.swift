/// A definition file that cannot be used, with the place in the file that is wrong.
public struct DefinitionError: Error, Sendable, Equatable, CustomStringConvertible {
    public let file: String
    /// Where in the file, e.g. `sheet "3. Income", table income.dfg, column 2017-18`.
    public let location: String
    public let problem: String

    public init(file: String, location: String, problem: String) {
        self.file = file
        self.location = location
        self.problem = problem
    }

    public var description: String {
        location.isEmpty ? "\(file): \(problem)" : "\(file): \(location): \(problem)"
    }
}

extension DefinitionError {
    /// The exit code of `bcf` when a definition file is wrong.
    public static let exitCode: Int32 = 34
}
