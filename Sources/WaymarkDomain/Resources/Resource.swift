import Foundation

/// What a resource in the library is.
public enum ResourceKind: String, CaseIterable, Codable, Sendable {
    case template, guide
    case trainingModule = "training-module"
    case caseStudy = "case-study"
    case externalLink = "external-link"

    public var label: String {
        switch self {
        case .template: "Template"
        case .guide: "Guide"
        case .trainingModule: "Training module"
        case .caseStudy: "Case study"
        case .externalLink: "External link"
        }
    }
}

/// The kinds of file the library takes, each known by its name and by its content.
public enum ResourceFileType: String, CaseIterable, Codable, Sendable {
    case pdf, docx, xlsx, pptx, csv, txt

    public var label: String {
        switch self {
        case .pdf: "PDF"
        case .docx: "Word document"
        case .xlsx: "Excel workbook"
        case .pptx: "PowerPoint presentation"
        case .csv: "CSV file"
        case .txt: "Text file"
        }
    }

    public var mediaType: String {
        switch self {
        case .pdf: "application/pdf"
        case .docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        case .xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        case .pptx: "application/vnd.openxmlformats-officedocument.presentationml.presentation"
        case .csv: "text/csv; charset=utf-8"
        case .txt: "text/plain; charset=utf-8"
        }
    }

    /// At most 5 MB a file: templates and guides, not recordings.
    public static let sizeLimit = 5 * 1024 * 1024
    public static let nameLimit = 200

    /// The type a file is, if its name's extension and its content agree on one the library
    /// takes: a PDF starts "%PDF-"; an Office document is a ZIP archive holding
    /// "[Content_Types].xml" and its own part ("word/", "xl/", "ppt/"); CSV and text are UTF-8
    /// with no control character but tab, line breaks and form feed. A program renamed to
    /// "guide.pdf" is none of these.
    public static func detect(name: String, content: [UInt8]) -> ResourceFileType? {
        let ext = name.split(separator: ".").last.map { $0.lowercased() } ?? ""
        guard let type = ResourceFileType(rawValue: ext), !content.isEmpty else { return nil }
        func starts(_ prefix: String) -> Bool { content.starts(with: Array(prefix.utf8)) }
        func holds(_ text: String) -> Bool {
            let needle = Array(text.utf8)
            guard content.count >= needle.count else { return false }
            return (0...(content.count - needle.count)).contains { start in content[start..<start + needle.count].elementsEqual(needle) }
        }
        switch type {
        case .pdf: return starts("%PDF-") ? type : nil
        case .docx, .xlsx, .pptx:
            let part = type == .docx ? "word/" : type == .xlsx ? "xl/" : "ppt/"
            return content.starts(with: [0x50, 0x4B, 0x03, 0x04]) && holds("[Content_Types].xml") && holds(part) ? type : nil
        case .csv, .txt:
            guard let text = String(validating: content, as: UTF8.self) else { return nil }
            let allowed: Set<Unicode.Scalar> = ["\t", "\n", "\r", "\u{0C}"]
            return text.unicodeScalars.contains { $0.properties.generalCategory == .control && !allowed.contains($0) } ? nil : type
        }
    }

    /// A file's name as kept and offered for download: its last part, without control
    /// characters, quotes or slashes, at most `nameLimit` characters.
    public static func safeName(_ name: String) -> String {
        let last = name.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        let cleaned = String(String.UnicodeScalarView(last.unicodeScalars.filter {
            $0.properties.generalCategory != .control && !"\"'<>".unicodeScalars.contains($0)
        }))
        let trimmed = cleaned.trimmingCharacters(in: .whitespaces)
        return String(trimmed.suffix(nameLimit))
    }
}

/// An uploaded file as the library keeps it beside its resource.
public struct ResourceFile: Equatable, Sendable {
    public var name: String
    public var type: ResourceFileType
    public var size: Int

    public init(name: String, type: ResourceFileType, size: Int) {
        self.name = name
        self.type = type
        self.size = size
    }
}

/// A resource as the portfolio office writes it: Markdown, an address (an external link), or an
/// uploaded file kept beside it.
public struct ResourceFields: Equatable, Sendable {
    public var title: String
    public var summary: String
    public var kind: ResourceKind
    /// The resource in Markdown (a description, for a file or a link).
    public var body: String
    /// An external link's address.
    public var url: String
    /// The lifecycle stages it serves.
    public var stageIDs: [UUID]
    public var tags: [String]

    public init(title: String, summary: String = "", kind: ResourceKind, body: String = "", url: String = "", stageIDs: [UUID] = [],
                tags: [String] = []) {
        self.title = title
        self.summary = summary
        self.kind = kind
        self.body = body
        self.url = url
        self.stageIDs = stageIDs
        self.tags = tags
    }

    public var auditValues: [(String, String?)] {
        [
            ("title", title), ("summary", summary), ("kind", kind.rawValue), ("body", body), ("url", url),
            ("stageIds", AuditValue.list(stageIDs.map(\.lowercasedText))), ("tags", AuditValue.list(tags)),
        ].map { ($0.0, $0.1?.isEmpty == true ? nil : $0.1) }
    }
}

/// A resource as typed into a form or sent to the API.
public struct ResourceInput: KeyedInput {
    public var title: String?
    public var summary: String?
    public var kind: String?
    public var body: String?
    public var url: String?
    public var stageIDs: String?
    public var tags: String?

    public static var fields: [(key: String, path: WritableKeyPath<ResourceInput, String?>)] {
        [("title", \.title), ("summary", \.summary), ("kind", \.kind), ("body", \.body), ("url", \.url), ("stageIds", \.stageIDs), ("tags", \.tags)]
    }

    public static var listKeys: Set<String> { ["stageIds"] }

    public init() {}

    public init(showing fields: ResourceFields) {
        title = fields.title
        summary = fields.summary
        kind = fields.kind.rawValue
        body = fields.body
        url = fields.url
        stageIDs = fields.stageIDs.map(\.lowercasedText).joined(separator: ",")
        tags = fields.tags.joined(separator: ", ")
    }
}

extension ResourceFields {
    public static let titleLimit = 200
    public static let summaryLimit = 500
    public static let bodyLimit = 50_000
    public static let urlLimit = 2_000
    public static let tagLimit = 20

    /// The resource's input checked, every problem at once. An external link needs an http or
    /// https address; anything else needs Markdown or a file (`hasFile`), and no address.
    public static func validate(_ input: ResourceInput, stages: Set<UUID>, hasFile: Bool) throws -> ResourceFields {
        var errors = FieldErrors()
        let title = errors.text(input.title, "title", "Title", limit: titleLimit, blank: "Enter the resource's title")
        let summary = errors.text(input.summary, "summary", "Summary", limit: summaryLimit) ?? ""
        let body = errors.text(input.body, "body", "Content", limit: bodyLimit, multiline: true) ?? ""
        let url = errors.text(input.url, "url", "Address", limit: urlLimit) ?? ""
        var kind = ResourceKind.guide
        if let text = input.kind.exactOrNil {
            if let chosen = ResourceKind(rawValue: text) { kind = chosen } else { errors.add("kind", "Select what kind of resource it is") }
        } else {
            errors.add("kind", "Select what kind of resource it is", kind: .rule)
        }
        if kind == .externalLink {
            if url.isEmpty { errors.add("url", "Enter the address the link goes to", kind: .rule) }
            else if !ResourceFields.isSafeAddress(url) { errors.add("url", "Enter an address starting with https:// or http://", kind: .rule) }
        } else if !url.isEmpty {
            errors.add("url", "Only an external link has an address: choose that kind, or clear the address", kind: .rule)
        } else if body.isEmpty && !hasFile {
            errors.add("body", "Write the resource in Markdown or upload a file", kind: .rule)
        }
        let stageIDs = errors.ids(input.stageIDs, "stageIds", allowed: stages, limit: 10, noun: "stages", message: "Select stages from the list")
        let tags = errors.tags(input.tags, limit: tagLimit)
        try errors.throwIfAny()
        return ResourceFields(title: title!, summary: summary, kind: kind, body: body, url: url, stageIDs: stageIDs, tags: tags)
    }

    /// An address a page may link to: http or https, with a host, and nothing a browser would
    /// read as another scheme.
    public static func isSafeAddress(_ text: String) -> Bool {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme),
              let host = url.host, !host.isEmpty else { return false }
        return !text.unicodeScalars.contains { $0.properties.generalCategory == .control || $0 == " " || $0 == "\"" || $0 == "<" || $0 == ">" }
    }
}

/// A resource in the library.
public struct Resource: Equatable, Sendable {
    public var id: UUID
    public var fields: ResourceFields
    public var file: ResourceFile?
    public var version: Int
    public var createdAt: Date
    public var updatedAt: Date

    public init(id: UUID, fields: ResourceFields, file: ResourceFile?, version: Int, createdAt: Date, updatedAt: Date) {
        self.id = id
        self.fields = fields
        self.file = file
        self.version = version
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

/// A search of the library.
public struct ResourceQuery: Equatable, Sendable {
    public var text: String?
    public var kind: ResourceKind?
    public var stageID: UUID?

    public init(text: String? = nil, kind: ResourceKind? = nil, stageID: UUID? = nil) {
        self.text = text
        self.kind = kind
        self.stageID = stageID
    }

    public static let textLimit = 200

    /// Whether `resource` is of the kind and for the stage asked for, and has every word of the
    /// text (at most eight, case set aside) in its title, summary, body or tags.
    public func admits(_ resource: Resource) -> Bool {
        let fields = resource.fields
        if let kind, fields.kind != kind { return false }
        if let stageID, !fields.stageIDs.contains(stageID) { return false }
        let words = (text ?? "").lowercased().split(whereSeparator: \.isWhitespace).prefix(8)
        guard !words.isEmpty else { return true }
        let texts = [fields.title, fields.summary, fields.body, fields.tags.joined(separator: " ")].map { $0.lowercased() }
        return words.allSatisfy { word in texts.contains { $0.contains(word) } }
    }
}
