import Foundation

/// The one file of an HTML form sent as `multipart/form-data` (RFC 7578): the check page's form has a
/// single file field, so this finds that part and nothing more.
struct MultipartFile: Sendable {
    let fileName: String
    let data: Data

    /// nil when the body is not such a form or holds no file.
    init?(body: Data, contentType: String) {
        guard contentType.lowercased().hasPrefix("multipart/form-data"),
              let boundaryParameter = contentType.split(separator: ";").map({ $0.trimmingCharacters(in: .whitespaces) })
                  .first(where: { $0.lowercased().hasPrefix("boundary=") })
        else { return nil }
        var boundary = String(boundaryParameter.dropFirst("boundary=".count))
        if boundary.hasPrefix("\""), boundary.hasSuffix("\""), boundary.count >= 2 { boundary = String(boundary.dropFirst().dropLast()) }
        guard !boundary.isEmpty else { return nil }
        let delimiter = Data("--\(boundary)".utf8)
        let separator = Data("\r\n\r\n".utf8)
        var searchFrom = body.startIndex
        while let start = body.range(of: delimiter, in: searchFrom..<body.endIndex) {
            guard let headersEnd = body.range(of: separator, in: start.upperBound..<body.endIndex) else { return nil }
            let headers = String(decoding: body[start.upperBound..<headersEnd.lowerBound], as: UTF8.self)
            let contentStart = headersEnd.upperBound
            guard let next = body.range(of: Data("\r\n".utf8) + delimiter, in: contentStart..<body.endIndex) else { return nil }
            if let name = Self.parameter("filename", in: headers) {
                fileName = name
                data = Data(body[contentStart..<next.lowerBound])
                return
            }
            searchFrom = next.upperBound
        }
        return nil
    }

    /// `filename="Leeds.xlsx"` from the part's Content-Disposition line; browsers send the name alone,
    /// but a path is cut to its last component all the same.
    private static func parameter(_ key: String, in headers: String) -> String? {
        guard let line = headers.split(whereSeparator: \.isNewline).first(where: { $0.lowercased().hasPrefix("content-disposition") }),
              let range = line.range(of: "\(key)=\"")
        else { return nil }
        let rest = line[range.upperBound...]
        let value = String(rest.prefix { $0 != "\"" })
        return value.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
    }
}
