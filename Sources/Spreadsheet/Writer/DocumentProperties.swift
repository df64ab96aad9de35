import CXLSXWriter
import Foundation

/// The workbook's document properties (File > Info in Excel), written to `docProps/core.xml` and
/// `docProps/app.xml`. nil fields are left out.
public struct DocumentProperties: Sendable, Hashable {
    public var title: String?
    public var subject: String?
    public var author: String?
    public var manager: String?
    public var company: String?
    public var category: String?
    public var keywords: String?
    /// Written as the description (`dc:description`), which Excel shows as Comments.
    public var comments: String?
    public var status: String?
    /// The creation time; nil for the time of writing. Fix it to write byte-identical files.
    public var created: Date?

    public init(title: String? = nil, subject: String? = nil, author: String? = nil, manager: String? = nil,
                company: String? = nil, category: String? = nil, keywords: String? = nil, comments: String? = nil,
                status: String? = nil, created: Date? = nil) {
        self.title = title
        self.subject = subject
        self.author = author
        self.manager = manager
        self.company = company
        self.category = category
        self.keywords = keywords
        self.comments = comments
        self.status = status
        self.created = created
    }

    /// Excel's properties dialog takes 255 characters per field; custom property names and text
    /// values are limited to 255 as well (libxlsxwriter 1.1.4 checks that one, counting characters).
    public static let maxLength = 255
}

/// The value of a custom document property (File > Info > Properties > Custom).
public enum CustomPropertyValue: Sendable, Hashable {
    case text(String)
    case number(Double)
    case boolean(Bool)
}

extension WorkbookWriter {
    /// Sets the document properties, replacing any set before.
    public func setDocumentProperties(_ properties: DocumentProperties) throws {
        let workbook = try openHandle(for: "set document properties")
        let fields: [(String, String?)] = [
            ("title", properties.title), ("subject", properties.subject), ("author", properties.author),
            ("manager", properties.manager), ("company", properties.company), ("category", properties.category),
            ("keywords", properties.keywords), ("comments", properties.comments), ("status", properties.status),
        ]
        for (field, value) in fields {
            guard let value else { continue }
            if let problem = TextCheck.problem(value, limit: DocumentProperties.maxLength, place: .element) {
                throw WriterError.invalidDocumentProperty(name: field, problem: .text(problem))
            }
        }
        if let created = properties.created {
            // time_t from 1970 up to 9999-12-31, the range W3CDTF dates in core.xml can carry.
            guard created.timeIntervalSince1970.isFinite, (0...253_402_300_799).contains(created.timeIntervalSince1970) else {
                throw WriterError.invalidDocumentProperty(name: "created", problem: .nonFiniteNumber("\(created)"))
            }
        }
        let strings = CStrings()
        var options = lxw_doc_properties()
        options.title = strings.copy(properties.title)
        options.subject = strings.copy(properties.subject)
        options.author = strings.copy(properties.author)
        options.manager = strings.copy(properties.manager)
        options.company = strings.copy(properties.company)
        options.category = strings.copy(properties.category)
        options.keywords = strings.copy(properties.keywords)
        options.comments = strings.copy(properties.comments)
        options.status = strings.copy(properties.status)
        options.created = properties.created.map { time_t($0.timeIntervalSince1970) } ?? 0
        // libxlsxwriter copies every string into its own structure during the call.
        let status = workbook_set_properties(workbook, &options)
        withExtendedLifetime(strings) {}
        guard status == LXW_NO_ERROR else {
            throw WriterError.library(operation: "workbook_set_properties", sheet: nil, cell: nil, message: Self.message(status))
        }
    }

    /// Sets a custom document property. Names are unique ignoring case, as in Excel (libxlsxwriter
    /// 1.1.4 would write both `Edition` and `edition`, and Excel would repair the file).
    public func setCustomProperty(_ name: String, to value: CustomPropertyValue) throws {
        let workbook = try openHandle(for: "set a custom property")
        if let problem = TextCheck.problem(name, limit: DocumentProperties.maxLength, place: .attribute(allowsLineFeed: false)) {
            throw WriterError.invalidDocumentProperty(name: name, problem: .text(problem))
        }
        let key = name.lowercased()
        guard !customPropertyNames.contains(key) else { throw WriterError.invalidDocumentProperty(name: name, problem: .duplicate) }
        let status: lxw_error
        switch value {
        case let .text(text):
            if let problem = TextCheck.problem(text, limit: DocumentProperties.maxLength, place: .element) {
                throw WriterError.invalidDocumentProperty(name: name, problem: .text(problem))
            }
            status = workbook_set_custom_property_string(workbook, name, text)
        case let .number(number):
            guard Self.storedValue(of: number) != nil else {
                throw WriterError.invalidDocumentProperty(name: name, problem: .nonFiniteNumber("\(number)"))
            }
            status = workbook_set_custom_property_number(workbook, name, number == 0 ? 0 : number)
        case let .boolean(flag):
            status = workbook_set_custom_property_boolean(workbook, name, flag ? 1 : 0)
        }
        guard status == LXW_NO_ERROR else {
            throw WriterError.library(operation: "workbook_set_custom_property", sheet: nil, cell: nil, message: Self.message(status))
        }
        customPropertyNames.insert(key)
    }
}
