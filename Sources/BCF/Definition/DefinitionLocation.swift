import Foundation

extension DefinitionCatalog {
    /// The definitions a command uses: the folder given (`--templates`), else the folder in
    /// `$BCF_TEMPLATES` when it is set and not empty, else the library's own. A folder replaces the
    /// library's editions rather than adding to them, so a national team's folder says exactly what
    /// workbooks are read and checked against. The working folder is never searched: a `Templates/`
    /// planted in a submissions folder or `/tmp` must not redefine what a workbook is checked against.
    public init(folder: URL?, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        if let folder {
            try self.init(directory: folder)
        } else if let fromEnvironment = environment["BCF_TEMPLATES"], !fromEnvironment.isEmpty {
            try self.init(directory: URL(fileURLWithPath: fromEnvironment))
        } else {
            try self.init()
        }
    }
}
