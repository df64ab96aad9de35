import Foundation

/// Text made safe to put in HTML, in an element or in a quoted attribute.
func escape(_ text: String) -> String {
    var out = ""
    out.reserveCapacity(text.utf8.count)
    for character in text {
        switch character {
        case "&": out += "&amp;"
        case "<": out += "&lt;"
        case ">": out += "&gt;"
        case "\"": out += "&quot;"
        case "'": out += "&#39;"
        default: out.append(character)
        }
    }
    return out
}

/// The frame every page shares: a heading, a skip link for keyboard users, the stylesheet and script
/// served by this server (the Content-Security-Policy allows nothing else).
func page(title: String, roundLink: Bool, body: String) -> String {
    let nav = roundLink
        ? "<nav aria-label=\"Sections\"><a href=\"/\">Check a workbook</a><a href=\"/round\">The round</a></nav>"
        : "<nav aria-label=\"Sections\"><a href=\"/\">Check a workbook</a></nav>"
    return """
    <!doctype html>
    <html lang="en-GB">
    <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>\(escape(title)) – Better Care Fund checks</title>
    <link rel="stylesheet" href="/assets/bcf.css">
    <script src="/assets/bcf.js" defer></script>
    </head>
    <body>
    <a class="skip" href="#main">Skip to the content</a>
    <header><div class="wrap"><span class="brand">Better Care Fund · checks</span>\(nav)</div></header>
    <main id="main" class="wrap">
    \(body)
    </main>
    <footer class="wrap"><p>Nothing you upload is kept: the workbook is read in memory, checked, and forgotten when the page is sent.</p></footer>
    </body>
    </html>

    """
}

/// £1,234.50 from a number of pence.
func pounds(pence: Int) -> String {
    let formatter = NumberFormatter()
    formatter.numberStyle = .decimal
    formatter.minimumFractionDigits = 2
    formatter.maximumFractionDigits = 2
    formatter.locale = Locale(identifier: "en_GB")
    let text = formatter.string(from: NSDecimalNumber(decimal: Decimal(pence) / 100)) ?? String(pence)
    return (pence < 0 ? "−£" + text.replacingOccurrences(of: "-", with: "") : "£" + text)
}
