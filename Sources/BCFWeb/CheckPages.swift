import BCF
import Foundation

/// The pages a council's BCF lead sees: the form, the findings of one workbook, and the refusals.
enum CheckPages {
    static func form(roundLink: Bool, limits: WebLimits, message: String? = nil) -> String {
        let notice = message.map { "<div class=\"summary refused\" role=\"alert\"><p>\(escape($0))</p></div>" } ?? ""
        let body = """
        <h1>Check your Better Care Fund workbook</h1>
        <p class="lead">Before you send your plan or quarterly report, check it here as the national team will: every rule they apply, with the cell to look at and the guidance it comes from.</p>
        \(notice)
        <form method="post" action="/check" enctype="multipart/form-data">
        <label class="drop" for="workbook">
        <strong>Drop your workbook here, or choose it</strong>
        The Excel workbook (.xlsx) as you would send it, up to \(limits.maxUploadBytes >> 20) MB.
        <br><input type="file" id="workbook" name="workbook" accept=".xlsx,.xlsm,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" required>
        </label>
        <button type="submit">Check the workbook</button>
        <p id="status" role="status" aria-live="polite"></p>
        </form>
        <h2>What happens to your file</h2>
        <p>It is read in memory on this server, checked, and forgotten as soon as the findings are sent back to you. Nothing is stored and nothing is sent anywhere else.</p>
        """
        return page(title: "Check your workbook", roundLink: roundLink, body: body)
    }

    static func result(_ upload: CheckedUpload, roundLink: Bool) -> String {
        let check = upload.check
        guard check.failure == nil else { return unreadable(upload, roundLink: roundLink) }
        let passes = check.errors == 0
        let verdict = passes
            ? (check.warnings == 0 ? "No problems found" : "No errors: \(count(check.warnings, "warning")) to look at")
            : "\(count(check.errors, "error")) to put right before you send it"
        var body = """
        <h1>Findings for \(escape(check.file))</h1>
        <section class="summary \(passes ? "passes" : "fails")" aria-labelledby="verdict">
        <h2 id="verdict">\(escape(verdict))</h2>
        <dl class="facts">
        <dt>Template</dt><dd>\(escape(upload.editionTitle ?? check.edition ?? "unknown"))</dd>
        <dt>Health and Wellbeing Board</dt><dd>\(escape(check.healthAndWellbeingBoard ?? "not chosen on the cover sheet"))</dd>
        <dt>Errors</dt><dd>\(check.errors)</dd>
        <dt>Warnings</dt><dd>\(check.warnings)</dd>
        </dl>
        </section>
        <p>
        """
        let stem = (check.file as NSString).deletingPathExtension
        // A copy with nothing highlighted would only be the same workbook again.
        if let annotated = upload.annotated, !check.issues.isEmpty {
            body += "<a class=\"button\" download=\"\(escape(stem)) (checked).xlsx\" href=\"data:application/vnd.openxmlformats-officedocument.spreadsheetml.sheet;base64,\(annotated.base64EncodedString())\">Download your workbook with the problems highlighted</a>"
        }
        body += "<a class=\"button secondary\" download=\"\(escape(stem)) findings.csv\" href=\"data:text/csv;charset=utf-8;base64,\(Data(upload.csv.utf8).base64EncodedString())\">Download the findings (CSV)</a>"
        body += "</p><p><a href=\"/\">Check another workbook</a></p>"
        if let failure = upload.annotatedFailure {
            body += "<p>The highlighted copy could not be made: \(escape(failure))</p>"
        }
        if check.issues.isEmpty {
            body += "<p>Every rule the national team applies to this template passed.</p>"
        } else {
            body += "<p>Errors are things the national team will send back; warnings are worth a second look. Each finding names the cell to look at and the guidance it comes from.</p>"
            body += findings(check.issues.map(Finding.init), sheetOrder: upload.sheetOrder)
        }
        return page(title: "Findings for \(check.file)", roundLink: roundLink, body: body)
    }

    /// Findings grouped by sheet in the workbook's order, errors first within each sheet.
    static func findings(_ issues: [Finding], sheetOrder: [String]) -> String {
        let bySheet = Dictionary(grouping: issues, by: \.sheet)
        let sheets = bySheet.keys.sorted { (sheetOrder.firstIndex(of: $0) ?? .max, $0) < (sheetOrder.firstIndex(of: $1) ?? .max, $1) }
        var out = ""
        for (index, sheet) in sheets.enumerated() {
            let rows = (bySheet[sheet] ?? []).enumerated().sorted { ($0.element.severity, $0.offset) < ($1.element.severity, $1.offset) }.map(\.element)
            let errors = rows.filter { $0.severity == .error }.count
            let warnings = rows.filter { $0.severity == .warning }.count
            let title = sheet.isEmpty ? "The workbook as a whole" : "Sheet “\(sheet)”"
            out += "<section class=\"sheet\" aria-labelledby=\"sheet-\(index)\"><h3 id=\"sheet-\(index)\">\(escape(title)) <span class=\"guidance\">(\(count(errors, "error")), \(count(warnings, "warning")))</span></h3>"
            out += "<table><thead><tr><th scope=\"col\">Severity</th><th scope=\"col\">Cell</th><th scope=\"col\">What was found</th></tr></thead><tbody>"
            for issue in rows {
                let rule = RuleCatalogue.rule(issue.rule)
                let guidance = rule.map { ($0.title.hasSuffix(".") ? $0.title : $0.title + ".") + " Guidance: \($0.source)" } ?? ""
                out += "<tr class=\"finding \(issue.severity.rawValue)\"><td><span class=\"tag \(issue.severity.rawValue)\">\(issue.severity.rawValue)</span></td>"
                out += "<td class=\"cell\">\(escape(issue.cells.isEmpty ? "–" : issue.cells.joined(separator: ", ")))</td>"
                out += "<td><div class=\"message\">\(escape(issue.message))</div><div class=\"guidance\">\(escape(guidance)) <span class=\"rule\">(\(escape(issue.rule)))</span></div></td></tr>"
            }
            out += "</tbody></table></section>"
        }
        return out
    }

    static func unreadable(_ upload: CheckedUpload, roundLink: Bool) -> String {
        let heading = upload.refusedForLimit ? "This file is too large to check here" : "This file could not be checked"
        let advice = upload.refusedForLimit
            ? "It goes beyond what this server reads from one workbook. A Better Care Fund template is far smaller: check that you picked the right file, or ask the national team to check it for you."
            : "Check that it is the Better Care Fund template as the national team sent it, saved as an Excel workbook (.xlsx) without a password. If it is, send the message below to the national team."
        let body = """
        <h1>\(heading)</h1>
        <section class="summary \(upload.refusedForLimit ? "refused" : "unreadable")" role="alert">
        <h2>\(escape(upload.check.file))</h2>
        <p>\(advice)</p>
        <p class="guidance">\(escape(upload.check.failure ?? ""))</p>
        </section>
        <p><a class="button" href="/">Check another workbook</a></p>
        """
        return page(title: heading, roundLink: roundLink, body: body)
    }

    /// A refusal before any check: too large an upload, the server busy, too slow.
    static func refusal(heading: String, message: String, roundLink: Bool) -> String {
        page(title: heading, roundLink: roundLink, body: """
        <h1>\(escape(heading))</h1>
        <section class="summary refused" role="alert"><p>\(escape(message))</p></section>
        <p><a class="button" href="/">Back to the check</a></p>
        """)
    }

    static func count(_ number: Int, _ noun: String) -> String { "\(number) \(noun)\(number == 1 ? "" : "s")" }
}

/// One finding as the pages show it, from a check or from the round's `issues` table.
struct Finding: Sendable {
    let rule: String
    let severity: Severity
    let sheet: String
    let cells: [String]
    let message: String

    init(_ issue: CheckIssue) {
        self.init(rule: issue.rule, severity: issue.severity, sheet: issue.sheet, cells: issue.cells, message: issue.message)
    }

    init(rule: String, severity: Severity, sheet: String, cells: [String], message: String) {
        self.rule = rule
        self.severity = severity
        self.sheet = sheet
        self.cells = cells
        self.message = message
    }
}
