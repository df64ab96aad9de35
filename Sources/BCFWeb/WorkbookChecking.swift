import BCF
import Foundation
import Spreadsheet

/// One uploaded workbook checked in memory, with everything the page and the API show of it. Nothing is
/// written anywhere: the bytes live as long as the request.
struct CheckedUpload: Sendable {
    let check: WorkbookCheck
    /// The edition's title ("Better Care Fund 2017-19 Planning Template"), when recognised.
    let editionTitle: String?
    /// The order of the edition's sheets, for grouping findings as the workbook shows them.
    let sheetOrder: [String]
    /// The workbook with failing cells highlighted and noted; nil when it could not be checked or copied.
    let annotated: Data?
    /// Why no annotated copy could be made of a workbook that was checked.
    let annotatedFailure: String?
    /// The upload broke a reading limit: refused, not judged.
    let refusedForLimit: Bool

    var csv: String { CheckReport.csv([check]) }
    var json: String { CheckReport.json([check]) }
}

/// The checker the server shares between requests, and what a check of one upload gives.
struct WorkbookChecking: Sendable {
    let checker: Checker
    let catalog: DefinitionCatalog
    let limits: ReadLimits

    init(catalog: DefinitionCatalog, limits: ReadLimits) throws {
        self.catalog = catalog
        self.limits = limits
        checker = try Checker(catalog: catalog, limits: limits)
    }

    func check(_ data: Data, name: String) -> CheckedUpload {
        let check: WorkbookCheck
        var refused = false
        do {
            check = checker.check(try checker.reader.read(data: data, name: name))
        } catch {
            if case .limitExceeded? = error as? SpreadsheetError { refused = true }
            let failure = WorkbookCheck.unreadable(file: name, reason: "\(error)")
            return CheckedUpload(check: failure, editionTitle: nil, sheetOrder: [], annotated: nil, annotatedFailure: nil, refusedForLimit: refused)
        }
        let edition = check.edition.flatMap { try? catalog.edition($0) }
        var annotated: Data?
        var annotatedFailure: String?
        do {
            annotated = try AnnotatedCopy.annotatedWorkbook(check, data: data, limits: limits)
        } catch {
            annotatedFailure = "\(error)"
        }
        return CheckedUpload(
            check: check, editionTitle: edition?.title, sheetOrder: edition?.sheets.map(\.name) ?? [],
            annotated: annotated, annotatedFailure: annotatedFailure, refusedForLimit: false
        )
    }
}
