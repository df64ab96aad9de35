import BCF
import Foundation
import Hummingbird
import NIOCore

/// The round's pages for the national team: every area with its status, one page per area, the national
/// totals, and the dataset's files.
struct RoundRoutes: Sendable {
    let round: RoundFolder

    func register(on router: Router<BasicRequestContext>) {
        router.get("/round") { _, _ in html(RoundPages.overview(round)) }
        router.get("/round/areas/:key") { _, context in
            // The router hands the path segment over as sent: percent-encoded.
            let raw = context.parameters.get("key") ?? ""
            let key = raw.removingPercentEncoding ?? raw
            guard let area = round.areas().first(where: { $0.key == key }) else {
                return html(RoundPages.notFound("No area “\(key)” in this round."), status: .notFound)
            }
            return html(RoundPages.area(area, round: round))
        }
        router.get("/round/files/:name") { _, context in
            guard let name = context.parameters.get("name"), let path = round.downloads[name],
                  let data = FileManager.default.contents(atPath: path)
            else { return html(RoundPages.notFound("No such file in this round."), status: .notFound) }
            let type = name.hasSuffix(".csv") ? "text/csv; charset=utf-8"
                : name.hasSuffix(".xlsx") ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" : "application/vnd.sqlite3"
            var response = Response(status: .ok, headers: [.contentType: type], body: .init(byteBuffer: ByteBuffer(bytes: data)))
            response.headers[.contentDisposition] = "attachment; filename=\"\(name)\""
            return response
        }
    }
}

enum RoundPages {
    /// The names the guidance gives the income sources (Docs/DATASET.md, `contributions.source`).
    static let sourceNames = [
        "dfg": "Disabled Facilities Grant", "ccg_minimum": "Minimum CCG contribution", "ibcf": "Improved Better Care Fund",
        "additional_la": "Additional local authority contribution", "additional_ccg": "Additional CCG contribution",
        "winter_pressures": "Winter pressures grant", "social_care_capital": "Social care capital grant",
    ]

    static func overview(_ round: RoundFolder) -> String {
        let areas = round.areas().sorted { $0.name < $1.name }
        let counts = Dictionary(grouping: areas, by: \.statusText).mapValues(\.count)
        let regions = Set(areas.map(\.region).filter { !$0.isEmpty }).sorted()
        var body = """
        <h1>The round</h1>
        <p class="lead">\(areas.count) Health and Wellbeing Boards: \(counts["passes"] ?? 0) pass, \(counts["fails"] ?? 0) fail, \(counts["unreadable"] ?? 0) unreadable, \(counts["not sent"] ?? 0) not sent.</p>
        <h2 id="areas-heading">Areas</h2>
        <div class="filters" role="search">
        <label for="filter-text">Find an area<input id="filter-text" type="search" autocomplete="off"></label>
        <label for="filter-status">Status<select id="filter-status"><option value="">All</option><option value="passes">Passes</option><option value="fails">Fails</option><option value="unreadable">Unreadable</option><option value="missing">Not sent</option></select></label>
        <label for="filter-region">Region<select id="filter-region"><option value="">All</option>
        """
        body += regions.map { "<option value=\"\(escape($0))\">\(escape($0))</option>" }.joined()
        body += "</select></label><p id=\"shown\" role=\"status\" aria-live=\"polite\">\(areas.count) areas shown</p></div>"
        body += "<table id=\"areas\" class=\"sortable\" aria-labelledby=\"areas-heading\"><thead><tr>"
        for (title, numeric) in [("Area", false), ("Code", false), ("Region", false), ("Status", false), ("Errors", true), ("Warnings", true), ("Return", false)] {
            body += "<th scope=\"col\"\(numeric ? " class=\"num\"" : "")><button class=\"sort\" type=\"button\">\(title)</button></th>"
        }
        body += "</tr></thead><tbody>"
        for area in areas {
            let link = "/round/areas/\(area.key.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/"))) ?? "")"
            let period = area.submission.map(returnName) ?? ""
            body += "<tr data-status=\"\(escape(area.status))\" data-region=\"\(escape(area.region))\">"
            body += "<td><a href=\"\(escape(link))\">\(escape(area.name))</a></td><td>\(escape(area.code.isEmpty ? "–" : area.code))</td><td>\(escape(area.region.isEmpty ? "–" : area.region))</td>"
            body += "<td data-sort=\"\(escape(area.status))\"><span class=\"tag \(escape(area.status))\">\(escape(area.statusText))</span></td>"
            body += "<td class=\"num\">\(area.submission == nil ? "–" : String(area.errors))</td><td class=\"num\">\(area.submission == nil ? "–" : String(area.warnings))</td>"
            body += "<td>\(escape(period))</td></tr>"
        }
        body += "</tbody></table>"
        body += unmatched(round)
        body += totals(round)
        body += schemeTypeTotals(round)
        body += downloads(round)
        return page(title: "The round", roundLink: true, body: body)
    }

    /// Income by funding source and year over every area's current plan, in pounds from exact pence.
    static func totals(_ round: RoundFolder) -> String {
        let current = currentSubmissions(round)
        var bySource: [String: [String: Int]] = [:]
        for row in round.table("contributions") where current.contains(row["submission_id"] ?? "") {
            guard let source = row["source"], let year = row["year"], let pence = row["amount_pence"].flatMap({ Int($0) }) else { continue }
            bySource[source, default: [:]][year, default: 0] += pence
        }
        guard !bySource.isEmpty else { return "<h2>National totals by funding source</h2><p>No planning returns with income in this round.</p>" }
        return yearTable(id: "totals", heading: "National totals by funding source", intro: "Income planned by every area's current return, summed exactly.",
                         rowHeader: "Funding source", sums: bySource) { sourceNames[$0] ?? $0 }
    }

    /// Planned spending by scheme type and year over every area's current plan, in pounds from exact pence.
    static func schemeTypeTotals(_ round: RoundFolder) -> String {
        let current = currentSubmissions(round)
        var typeOf: [String: String] = [:]
        for row in round.table("schemes") where current.contains(row["submission_id"] ?? "") {
            let type = (row["scheme_type"] ?? "").isEmpty ? "(scheme type not stated)" : row["scheme_type"] ?? ""
            typeOf["\(row["submission_id"] ?? "")/\(row["row"] ?? "")"] = type
        }
        var byType: [String: [String: Int]] = [:]
        for row in round.table("scheme_spend") where current.contains(row["submission_id"] ?? "") {
            guard let type = typeOf["\(row["submission_id"] ?? "")/\(row["row"] ?? "")"], let year = row["year"],
                  let pence = row["amount_pence"].flatMap({ Int($0) }) else { continue }
            byType[type, default: [:]][year, default: 0] += pence
        }
        guard !byType.isEmpty else { return "" }
        return yearTable(id: "scheme-types", heading: "National totals by scheme type",
                         intro: "Spending planned on the schemes of every area's current return, summed exactly, largest first.",
                         rowHeader: "Scheme type", sums: byType) { $0 }
    }

    /// The ids of the submissions that stand (not superseded by a newer file).
    private static func currentSubmissions(_ round: RoundFolder) -> Set<String> {
        Set(round.table("submissions").filter { ($0["superseded_by"] ?? "").isEmpty }.compactMap { $0["id"] })
    }

    /// Sums in pence by row and year as a table, largest row first, each figure with a bar beside it.
    private static func yearTable(id: String, heading: String, intro: String, rowHeader: String, sums: [String: [String: Int]],
                                  name: (String) -> String) -> String {
        let years = Set(sums.values.flatMap(\.keys)).sorted()
        let largest = sums.values.flatMap(\.values).max() ?? 1
        let total = { (key: String) in sums[key]?.values.reduce(0, +) ?? 0 }
        var out = "<h2 id=\"\(id)-heading\">\(escape(heading))</h2><p>\(escape(intro))</p>"
        out += "<table id=\"\(id)\" aria-labelledby=\"\(id)-heading\"><thead><tr><th scope=\"col\">\(escape(rowHeader))</th>"
        out += years.map { "<th scope=\"col\" class=\"num\">\(escape($0))</th>" }.joined() + "</tr></thead><tbody>"
        for key in sums.keys.sorted(by: { (total($0), name($1)) > (total($1), name($0)) }) {
            out += "<tr><th scope=\"row\">\(escape(name(key)))</th>"
            for year in years {
                let pence = sums[key]?[year] ?? 0
                out += "<td class=\"num\" data-pence=\"\(pence)\">\(pounds(pence: pence))<br><meter min=\"0\" max=\"\(largest)\" value=\"\(max(0, pence))\" aria-hidden=\"true\"></meter></td>"
            }
            out += "</tr>"
        }
        return out + "</tbody></table>"
    }

    /// Files the round could not tie to an area (unreadable, or no area chosen on the cover).
    static func unmatched(_ round: RoundFolder) -> String {
        let files = round.table("submissions").filter { ($0["hwb_name"] ?? "").isEmpty && ($0["hwb_code"] ?? "").isEmpty }
        guard !files.isEmpty else { return "" }
        var out = "<h2 id=\"unmatched-heading\">Files not tied to an area</h2><table aria-labelledby=\"unmatched-heading\"><thead><tr><th scope=\"col\">File</th><th scope=\"col\">Status</th><th scope=\"col\">Why</th></tr></thead><tbody>"
        for file in files {
            let status = file["status"] ?? ""
            out += "<tr><td>\(escape(file["file"] ?? ""))</td><td><span class=\"tag \(escape(status))\">\(escape(status))</span></td><td>\(escape(file["failure"] ?? ""))</td></tr>"
        }
        return out + "</tbody></table>"
    }

    static func downloads(_ round: RoundFolder) -> String {
        guard !round.downloads.isEmpty else { return "" }
        var out = "<h2>Downloads</h2><p>The round's dataset (described in the project's Docs/DATASET.md): the SQLite database, the report workbook and each table as CSV.</p><ul>"
        for name in round.downloads.keys.sorted(by: { ($0.hasSuffix(".csv") ? 1 : 0, $0) < ($1.hasSuffix(".csv") ? 1 : 0, $1) }) {
            out += "<li><a href=\"/round/files/\(escape(name))\" download>\(escape(name))</a></li>"
        }
        return out + "</ul>"
    }

    static func area(_ area: RoundArea, round: RoundFolder) -> String {
        var body = "<p><a href=\"/round\">← All areas</a></p><h1>\(escape(area.name))</h1>"
        body += "<section class=\"summary \(escape(area.status))\"><dl class=\"facts\">"
        body += "<dt>Code</dt><dd>\(escape(area.code.isEmpty ? "–" : area.code))</dd><dt>Region</dt><dd>\(escape(area.region.isEmpty ? "–" : area.region))</dd>"
        body += "<dt>Status</dt><dd><span class=\"tag \(escape(area.status))\">\(escape(area.statusText))</span></dd>"
        if let submission = area.submission {
            body += "<dt>File</dt><dd>\(escape(submission["file"] ?? ""))</dd><dt>Return</dt><dd>\(escape(returnName(submission)))</dd>"
            body += "<dt>Errors</dt><dd>\(area.errors)</dd><dt>Warnings</dt><dd>\(area.warnings)</dd>"
            if let failure = submission["failure"], !failure.isEmpty { body += "<dt>Why unreadable</dt><dd>\(escape(failure))</dd>" }
        }
        body += "</dl></section>"
        if let id = area.submission?["id"] {
            let findings = round.table("issues").filter { $0["submission_id"] == id }.compactMap { row -> Finding? in
                guard let severity = row["severity"].flatMap(Severity.init(rawValue:)) else { return nil }
                return Finding(rule: row["rule"] ?? "", severity: severity, sheet: row["sheet"] ?? "",
                               cells: (row["cells"] ?? "").split(separator: " ").map(String.init), message: row["message"] ?? "")
            }
            body += "<h2>Findings</h2>" + (findings.isEmpty ? "<p>No findings.</p>" : CheckPages.findings(findings, sheetOrder: []))
        } else {
            body += "<p>This area has not sent a return in this round.</p>"
        }
        if let letter = round.letter(for: area) {
            body += "<h2>The letter</h2><pre class=\"letter\">\(escape(letter))</pre>"
        }
        return page(title: area.name, roundLink: true, body: body)
    }

    /// "Planning return, 2017-19", "Quarterly return, 2018-19 Q2".
    static func returnName(_ submission: [String: String]) -> String {
        guard let kind = submission["kind"], !kind.isEmpty else { return "not read" }
        return "\(kind.prefix(1).uppercased() + kind.dropFirst()) return, \(submission["period"] ?? "")"
    }

    static func notFound(_ message: String) -> String {
        page(title: "Not found", roundLink: true, body: "<h1>Not found</h1><p>\(escape(message))</p><p><a href=\"/round\">All areas</a></p>")
    }
}
