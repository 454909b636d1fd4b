import Foundation
import Vapor
import WaymarkDomain

/// A field of a body: missing, explicitly null, or a value.
enum BodyField<Value> {
    case absent
    case null
    case value(Value)

    var value: Value? {
        if case .value(let value) = self { return value }
        return nil
    }

    var isPresent: Bool {
        if case .absent = self { return false }
        return true
    }
}

/// A JSON object body being checked; problems collect into field errors.
struct JSONBody {
    let object: JSONObject
    var errors = FieldErrors()

    /// The most a JSON body may be.
    static let maximumBytes = 1_048_576

    init(_ request: Request) async throws {
        try self.init(request, collected: try await request.body.collect(max: Self.maximumBytes).get())
    }

    /// The body once collected (`request.body.collect`): for a handler that stays on the event loop.
    init(_ request: Request, collected buffer: ByteBuffer?) throws {
        guard let buffer, buffer.readableBytes > 0 else {
            throw ValidationFailure("body", "Send a JSON object as the body")
        }
        guard Self.namesJSON(request.headers.first(name: .contentType)) else {
            throw Abort(.unsupportedMediaType, reason: "Send the body as application/json")
        }
        let value: JSONValue
        do {
            value = try JSONValue.parse(Array(buffer.readableBytesView))
        } catch {
            throw ValidationFailure("body", error.message)
        }
        guard case .object(let object) = value else { throw ValidationFailure("body", "The body must be a JSON object") }
        self.object = object
    }

    /// Whether a Content-Type names JSON: `application/json` or `application/...+json`, in any
    /// case, with any parameters. Read from the header's bytes: Vapor's parse into a media type
    /// was a fortieth of an SPC analysis request, and Foundation's trimming and lowercasing half
    /// as much again.
    static func namesJSON(_ contentType: String?) -> Bool {
        guard let contentType else { return false }
        // The essence: up to the parameters, without the blanks HTTP allows around it (RFC 9110).
        var essence = Substring(contentType).utf8.prefix { $0 != UInt8(ascii: ";") }
        func isBlank(_ byte: UInt8) -> Bool { byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
        while let first = essence.first, isBlank(first) { essence = essence.dropFirst() }
        while let last = essence.last, isBlank(last) { essence = essence.dropLast() }
        func lowered(_ byte: UInt8) -> UInt8 { byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte + 32 : byte }
        func hasPrefix(_ bytes: Substring.UTF8View, _ prefix: StaticString) -> Bool {
            let expected = UnsafeBufferPointer(start: prefix.utf8Start, count: prefix.utf8CodeUnitCount)
            return bytes.count >= expected.count && zip(bytes, expected).allSatisfy { lowered($0) == $1 }
        }
        guard hasPrefix(essence, "application/") else { return false }
        let subtype = essence.dropFirst("application/".utf8.count)
        if subtype.count == 4 { return hasPrefix(subtype, "json") }
        return subtype.count > 5 && hasPrefix(subtype.dropFirst(subtype.count - 5), "+json")
    }

    /// A text member as a workflow's input takes it: absent is nil (kept); null is "" (cleared)
    /// for a member that may be empty (`nullable`). An empty string sent for such a member, or
    /// null for one that may not be empty, is refused: the document says null means none.
    mutating func text(_ key: String, nullable: Bool = false) -> String? {
        switch string(key) {
        case .value("") where nullable:
            errors.add(key, "\(key) cannot be empty: send null for none")
            return nil
        case .value(let value): return value
        case .null where nullable: return ""
        case .null:
            errors.add(key, "\(key) cannot be null")
            return nil
        case .absent: return nil
        }
    }

    mutating func string(_ key: String) -> BodyField<String> {
        switch object[key] {
        case nil: return .absent
        case .null: return .null
        case .string(let text): return .value(text)
        default:
            errors.add(key, "\(key) must be text")
            return .absent
        }
    }

    mutating func strings(_ key: String) -> BodyField<[String]> {
        switch object[key] {
        case nil: return .absent
        case .null: return .null
        case .array(let values):
            var strings: [String] = []
            for value in values {
                guard case .string(let text) = value else {
                    errors.add(key, "\(key) must be a list of text values")
                    return .absent
                }
                strings.append(text)
            }
            return .value(strings)
        default:
            errors.add(key, "\(key) must be a list of text values")
            return .absent
        }
    }

    mutating func integers(_ key: String) -> BodyField<[Int64]> {
        switch object[key] {
        case nil: return .absent
        case .null: return .null
        case .array(let values):
            var numbers: [Int64] = []
            for value in values {
                guard case .number(let number) = value, number == number.rounded(), abs(number) < 9e15 else {
                    errors.add(key, "\(key) must be a list of whole numbers")
                    return .absent
                }
                numbers.append(Int64(number))
            }
            return .value(numbers)
        default:
            errors.add(key, "\(key) must be a list of whole numbers")
            return .absent
        }
    }

    mutating func integer(_ key: String) -> BodyField<Int64> {
        switch object[key] {
        case nil: return .absent
        case .null: return .null
        case .number(let number) where number == number.rounded() && abs(number) < 9e15:
            return .value(Int64(number))
        default:
            errors.add(key, "\(key) must be a whole number")
            return .absent
        }
    }

    /// A member that is a list of objects; nil when absent, or when it is not one (reported with
    /// `what` each must be).
    mutating func objects(_ key: String, _ what: String) -> [JSONObject]? {
        switch object[key] {
        case nil: return nil
        case .array(let items)?:
            var objects: [JSONObject] = []
            for item in items {
                guard case .object(let object) = item else {
                    errors.add(key, "\(key) must be a list: \(what)")
                    return nil
                }
                objects.append(object)
            }
            return objects
        default:
            errors.add(key, "\(key) must be a list, [] for none: \(what)")
            return nil
        }
    }

    /// A number, as text the domain reads (so its limits are checked in one place).
    mutating func number(_ key: String) -> BodyField<String> {
        switch object[key] {
        case nil: return .absent
        case .null: return .null
        case .number(let number): return .value(MeasureNumber.text(number))
        default:
            errors.add(key, "\(key) must be a number")
            return .absent
        }
    }

    mutating func boolean(_ key: String) -> BodyField<Bool> {
        switch object[key] {
        case nil: return .absent
        case .null: return .null
        case .bool(let value): return .value(value)
        default:
            errors.add(key, "\(key) must be true or false")
            return .absent
        }
    }

    /// A field that may not be null: null is reported as an error.
    mutating func required<T>(_ field: BodyField<T>, _ key: String) -> T? {
        if case .null = field { errors.add(key, "\(key) cannot be null") }
        return field.value
    }

    func throwIfAny() throws { try errors.throwIfAny() }

    /// The `tags` member, a list of text, as an input holds tags (joined by commas, which no tag
    /// may hold); nil when absent, refused when null (send [] for none).
    mutating func tags() -> String? {
        switch strings("tags") {
        case .value(let tags):
            if tags.contains(where: { $0.contains(",") }) { errors.add("tags", "A tag cannot contain a comma") }
            if tags.contains(where: { $0.trimmedOrNil == nil }) { errors.add("tags", "A tag cannot be blank") }
            if tags.contains(where: { $0.length > Tags.lengthLimit }) { errors.add("tags", "Each tag must be \(Tags.lengthLimit) characters or fewer") }
            return tags.joined(separator: ",")
        case .null:
            errors.add("tags", "tags cannot be null: send [] for none")
            return nil
        case .absent: return nil
        }
    }
}

extension Request {
    /// The version an If-Match header names (`"3"`, `W/"3"`).
    static func version(ifMatch header: String) throws -> Int {
        let digits = header.replacingOccurrences(of: "W/", with: "").trimmingCharacters(in: CharacterSet(charactersIn: "\" "))
        guard let version = Int(digits) else {
            throw ValidationFailure("If-Match", "If-Match must be the version you read, like \"3\"")
        }
        return version
    }

    /// The version an update was based on: `If-Match` (a stale one is 412) or `version` in the
    /// body (a stale one is 409). Neither is 428: an update that cannot be checked is refused.
    func expectedVersion(body: inout JSONBody) throws -> (version: Int, fromHeader: Bool) {
        if let header = headers.first(name: .ifMatch) {
            // The body is checked all the same: a `version` that is not a whole number is a bad
            // request whichever precondition decides.
            switch body.integer("version") {
            case .value(let version) where version < 0 || version >= Int64(Int32.max):
                body.errors.add("version", "version must be the whole number you read")
            case .null:
                body.errors.add("version", "version cannot be null: leave it out, or send the whole number you read")
            default: break
            }
            try body.throwIfAny()
            return (try Self.version(ifMatch: header), true)
        }
        switch body.integer("version") {
        case .value(let version) where version >= 0 && version < Int64(Int32.max): return (Int(version), false)
        case .absent where body.errors.isEmpty, .null: throw WaymarkError.versionRequired
        default:
            body.errors.add("version", "version must be the whole number you read")
            try body.throwIfAny()
            throw WaymarkError.versionRequired
        }
    }
}

/// Runs a deletion with the version rules: with If-Match, only at that version (412 when stale);
/// without it, whatever the version. 204 when it is done.
func deleting(_ request: Request, _ body: (_ expectedVersion: Int?) async throws -> Void) async throws -> Response {
    let expected = try request.headers.first(name: .ifMatch).map(Request.version(ifMatch:))
    try await withVersionCheck((expected ?? 0, true)) { _ in try await body(expected) }
    return Response(status: .noContent)
}

/// Runs an update with the version rules: 412 for a stale If-Match, 409 for a stale body version.
func withVersionCheck<T>(_ expected: (version: Int, fromHeader: Bool), _ body: (Int) async throws -> T) async throws -> T {
    do {
        return try await body(expected.version)
    } catch let conflict as VersionConflict where expected.fromHeader {
        throw WaymarkError.preconditionFailed(currentVersion: conflict.currentVersion)
    }
}
