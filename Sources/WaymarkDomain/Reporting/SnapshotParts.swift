import Foundation

/// A closed period's snapshot as it is stored: not one document (137 MB of JSON at region scale,
/// whose decoding held 850 MB at once) but a head and the long lists a part at a time, each part
/// decoded and let go before the next is read. A part's JSON is exactly that list's items as the
/// whole document writes them, so the whole splits into parts (and parts join into the whole)
/// without decoding anything.
extension PeriodSnapshot {
    /// One stored part: the head (`list` nil: the snapshot with its long lists empty), or some
    /// items of one long list, as a JSON array.
    public struct StoredPart: Sendable, Equatable {
        public var list: String?
        public var body: String

        public init(list: String?, body: String) {
            self.list = list
            self.body = body
        }
    }

    /// The long lists, each with how many items of its JSON array a part holds: a thousand
    /// projects, updates or records; one period's statuses (the dictionary is written as a key
    /// then its value, so two items).
    public static let partItems: KeyValuePairs<String, Int> = [
        "projects": 1_000, "statuses": 2, "reported": 1_000, "escalatedRisks": 1_000, "keyMilestones": 1_000,
        "dependencies": 1_000, "benefits": 1_000,
    ]

    /// The snapshot in stored parts: its head, then each long list in the order of `partItems`,
    /// `scale` times as many items a part (tests make parts small).
    public func storedParts(scale: Double = 1) throws -> [StoredPart] {
        let encoder = JSONEncoder.snapshots
        func text(_ value: some Encodable) throws -> String { String(decoding: try encoder.encode(value), as: UTF8.self) }
        func items(_ list: String) -> Int { max(1, Int(Double(Self.partItems.first { $0.key == list }!.value) * scale)) }
        func chunks<Item: Encodable>(_ list: String, _ all: [Item]) throws -> [StoredPart] {
            let size = items(list)
            return try stride(from: 0, to: all.count, by: size).map {
                StoredPart(list: list, body: try text(Array(all[$0..<min($0 + size, all.count)])))
            }
        }
        var head = self
        head.projects = []
        head.statuses = [:]
        head.reported = []
        head.escalatedRisks = []
        head.keyMilestones = []
        head.dependencies = []
        head.benefits = []
        var parts = [StoredPart(list: nil, body: try text(head))]
        parts += try chunks("projects", projects)
        // A dictionary's items are a key and its value: a part per `items / 2` keys, in the
        // dictionary's own order, as the whole document writes them.
        let periods = Array(statuses)
        let perPart = max(1, items("statuses") / 2)
        for start in stride(from: 0, to: periods.count, by: perPart) {
            let some = Dictionary(uniqueKeysWithValues: periods[start..<min(start + perPart, periods.count)].map { ($0.key, $0.value) })
            parts.append(StoredPart(list: "statuses", body: try text(some)))
        }
        parts += try chunks("reported", reported)
        parts += try chunks("escalatedRisks", escalatedRisks)
        parts += try chunks("keyMilestones", keyMilestones)
        parts += try chunks("dependencies", dependencies)
        parts += try chunks("benefits", benefits)
        return parts
    }

    /// A snapshot read back a stored part at a time, in the order they were stored. Each part's
    /// items still as they are in `today` take today's storage as they are decoded, so what was
    /// decoded of them is let go before the next part: thawing a region's period then holds
    /// little more than what changed since it closed (`PeriodSnapshot.sources(sharing:)`).
    public struct Assembly {
        private var snapshot: PeriodSnapshot?
        private let decoder = JSONDecoder.snapshots
        private let today: Today?
        private var registers: (risks: [UUID: Risk], milestones: [UUID: Milestone], dependencies: [UUID: Dependency], benefits: [UUID: Benefit])?

        public init(sharing today: Today? = nil) {
            self.today = today
        }

        /// Today's registers by id, made once, when the first of them is needed.
        private mutating func todays() -> (risks: [UUID: Risk], milestones: [UUID: Milestone], dependencies: [UUID: Dependency], benefits: [UUID: Benefit]) {
            if let registers { return registers }
            let made = (PeriodSnapshot.byID(today?.risks, id: \.id), PeriodSnapshot.byID(today?.milestones, id: \.id),
                        PeriodSnapshot.byID(today?.dependencies, id: \.id), PeriodSnapshot.byID(today?.benefits, id: \.id))
            registers = made
            return made
        }

        /// A project as the snapshot holds it, its summary and team today's where they are the same.
        private func shared(_ project: Project) -> Project {
            guard let now = today?.index?.entry(project.summary.id) else { return project }
            var project = project
            if now.summary == project.summary { project.summary = now.summary }
            if now.team == project.team { project.team = now.team }
            if now.themeIDs == project.themeIDs { project.themeIDs = now.themeIDs }
            return project
        }

        public mutating func add(_ part: StoredPart) throws {
            let data = Data(part.body.utf8)
            guard let list = part.list else {
                guard snapshot == nil else { throw SnapshotPartsError("a second head") }
                snapshot = try decoder.decode(PeriodSnapshot.self, from: data)
                guard snapshot!.format == PeriodSnapshot.format else { throw SnapshotPartsError("format \(snapshot!.format)") }
                return
            }
            guard snapshot != nil else { throw SnapshotPartsError("\(list) before the head") }
            switch list {
            case "projects": snapshot!.projects += try decoder.decode([Project].self, from: data).map(shared)
            case "statuses":
                let periods = PeriodSnapshot.sharing(try decoder.decode([ReportingPeriod: [UUID: PeriodStatus]].self, from: data), today?.reporting)
                snapshot!.statuses.merge(periods) { first, _ in first }
            case "reported": snapshot!.reported += try decoder.decode([StatusUpdate].self, from: data)
            case "escalatedRisks": snapshot!.escalatedRisks += PeriodSnapshot.sharing(try decoder.decode([Risk].self, from: data), todays().risks, id: \.id)
            case "keyMilestones":
                snapshot!.keyMilestones += PeriodSnapshot.sharing(try decoder.decode([Milestone].self, from: data), todays().milestones, id: \.id)
            case "dependencies":
                snapshot!.dependencies += PeriodSnapshot.sharing(try decoder.decode([Dependency].self, from: data), todays().dependencies, id: \.id)
            case "benefits": snapshot!.benefits += PeriodSnapshot.sharing(try decoder.decode([Benefit].self, from: data), todays().benefits, id: \.id)
            default: throw SnapshotPartsError("an unknown list \(list)")
            }
        }

        /// Whether any part has been added.
        public var started: Bool { snapshot != nil }

        /// The snapshot the parts make.
        public func finished() throws -> PeriodSnapshot {
            guard let snapshot else { throw SnapshotPartsError("no head") }
            return snapshot
        }
    }
}

/// A snapshot's stored parts that do not make one: never written by Waymark.
public struct SnapshotPartsError: Error, CustomStringConvertible {
    public var description: String
    init(_ what: String) { description = "A closed period's stored snapshot is damaged: \(what)" }
}

/// Splitting a JSON document into stored parts, and joining them again, by its structure alone:
/// what a migration does to snapshots kept whole, without the types that wrote them.
public enum JSONParts {
    /// A part of `whole`: the head, written anew, or some items of a list, as a range of `whole`'s
    /// bytes (from the first item's first byte to the last item's last).
    public enum Piece: Equatable, Sendable {
        case head(String)
        case items(list: String, Range<Int>)

        /// The part's text: a list's items within brackets.
        public func part(of whole: UnsafeBufferPointer<UInt8>) -> PeriodSnapshot.StoredPart {
            switch self {
            case .head(let text): PeriodSnapshot.StoredPart(list: nil, body: text)
            case .items(let list, let range):
                PeriodSnapshot.StoredPart(list: list, body: "[" + String(decoding: UnsafeBufferPointer(rebasing: whole[range]), as: UTF8.self) + "]")
            }
        }
    }

    /// `whole` (a JSON object) as its head, in which each of `lists`' members is an empty array,
    /// then each of those lists `lists[name]` items a part, in `order`.
    public static func split(_ whole: UnsafeBufferPointer<UInt8>, lists: [String: Int], order: [String]) throws -> [Piece] {
        var scanner = Scanner(bytes: whole)
        let members = try scanner.members()
        var head = "{"
        var pieces: [Piece] = []
        var listed: [String: [Piece]] = [:]
        for (index, member) in members.enumerated() {
            if index > 0 { head += "," }
            head += String(decoding: UnsafeBufferPointer(rebasing: whole[member.key]), as: UTF8.self) + ":"
            guard let name = member.name, let size = lists[name] else {
                head += String(decoding: UnsafeBufferPointer(rebasing: whole[member.value]), as: UTF8.self)
                continue
            }
            head += "[]"
            var items = Scanner(bytes: whole, at: member.value.lowerBound)
            let ranges = try items.items()
            listed[name] = stride(from: 0, to: ranges.count, by: size).map {
                .items(list: name, ranges[$0].lowerBound..<ranges[min($0 + size, ranges.count) - 1].upperBound)
            }
        }
        pieces.append(.head(head + "}"))
        for name in order { pieces += listed[name] ?? [] }
        return pieces
    }

    /// The whole document `parts` make: the head with each list's items put back, in order.
    public static func join(_ parts: [PeriodSnapshot.StoredPart]) throws -> String {
        guard let head = parts.first, head.list == nil else { throw SnapshotPartsError("no head") }
        var items: [String: [String]] = [:]
        for part in parts.dropFirst() {
            guard let list = part.list, part.body.hasPrefix("["), part.body.hasSuffix("]") else { throw SnapshotPartsError("a part that is no list") }
            let inner = part.body.dropFirst().dropLast()
            if !inner.isEmpty { items[list, default: []].append(String(inner)) }
        }
        return try Array(head.body.utf8).withUnsafeBufferPointer { buffer in
            var scanner = Scanner(bytes: buffer)
            var whole = "{"
            for (index, member) in try scanner.members().enumerated() {
                if index > 0 { whole += "," }
                whole += String(decoding: UnsafeBufferPointer(rebasing: buffer[member.key]), as: UTF8.self) + ":"
                if let name = member.name, let some = items[name] {
                    whole += "[" + some.joined(separator: ",") + "]"
                } else {
                    whole += String(decoding: UnsafeBufferPointer(rebasing: buffer[member.value]), as: UTF8.self)
                }
            }
            return whole + "}"
        }
    }

    /// Reads a JSON text's structure: where its values begin and end, never what they hold.
    struct Scanner {
        let bytes: UnsafeBufferPointer<UInt8>
        var at: Int

        init(bytes: UnsafeBufferPointer<UInt8>, at: Int = 0) {
            self.bytes = bytes
            self.at = at
        }

        /// The members of the object that starts here: each key's range (with its quotes), its
        /// text when it holds no escape, and its value's range.
        mutating func members() throws -> [(key: Range<Int>, name: String?, value: Range<Int>)] {
            var found: [(key: Range<Int>, name: String?, value: Range<Int>)] = []
            try container(open: UInt8(ascii: "{"), close: UInt8(ascii: "}")) { scanner in
                let key = try scanner.string()
                let inner = UnsafeBufferPointer(rebasing: scanner.bytes[(key.lowerBound + 1)..<(key.upperBound - 1)])
                let name = inner.contains(UInt8(ascii: "\\")) ? nil : String(decoding: inner, as: UTF8.self)
                scanner.skipSpace()
                try scanner.expect(UInt8(ascii: ":"))
                found.append((key, name, try scanner.value()))
            }
            return found
        }

        /// The ranges of the items of the array that starts here.
        mutating func items() throws -> [Range<Int>] {
            var found: [Range<Int>] = []
            try container(open: UInt8(ascii: "["), close: UInt8(ascii: "]")) { found.append(try $0.value()) }
            return found
        }

        private mutating func container(open: UInt8, close: UInt8, each: (inout Scanner) throws -> Void) throws {
            skipSpace()
            try expect(open)
            skipSpace()
            if at < bytes.count, bytes[at] == close {
                at += 1
                return
            }
            while true {
                try each(&self)
                skipSpace()
                guard at < bytes.count else { throw SnapshotPartsError("the text ends inside a list") }
                let byte = bytes[at]
                at += 1
                if byte == close { return }
                guard byte == UInt8(ascii: ",") else { throw SnapshotPartsError("no comma at \(at - 1)") }
                skipSpace()
            }
        }

        /// The range of the value that starts here (after any space).
        mutating func value() throws -> Range<Int> {
            skipSpace()
            guard at < bytes.count else { throw SnapshotPartsError("the text ends before a value") }
            let start = at
            switch bytes[at] {
            case UInt8(ascii: "\""): return try string()
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                var depth = 0
                // Nested containers and strings alike: brackets inside strings are skipped with them.
                while at < bytes.count {
                    switch bytes[at] {
                    case UInt8(ascii: "\""): _ = try string(); continue
                    case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
                    case UInt8(ascii: "}"), UInt8(ascii: "]"):
                        depth -= 1
                        if depth == 0 {
                            at += 1
                            return start..<at
                        }
                    default: break
                    }
                    at += 1
                }
                throw SnapshotPartsError("the text ends inside a value")
            default:
                // A number or a literal: up to the next comma, bracket or space.
                while at < bytes.count, !Self.isSpace(bytes[at]), bytes[at] != UInt8(ascii: ","), bytes[at] != UInt8(ascii: "}"),
                      bytes[at] != UInt8(ascii: "]") {
                    at += 1
                }
                return start..<at
            }
        }

        /// The range of the string that starts here, with its quotes.
        mutating func string() throws -> Range<Int> {
            let start = at
            try expect(UInt8(ascii: "\""))
            while at < bytes.count {
                switch bytes[at] {
                case UInt8(ascii: "\\"): at += 2
                case UInt8(ascii: "\""):
                    at += 1
                    return start..<at
                default: at += 1
                }
            }
            throw SnapshotPartsError("the text ends inside a string")
        }

        mutating func skipSpace() {
            while at < bytes.count, Self.isSpace(bytes[at]) { at += 1 }
        }

        static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 }

        mutating func expect(_ byte: UInt8) throws {
            guard at < bytes.count, bytes[at] == byte else { throw SnapshotPartsError("no \(Character(Unicode.Scalar(byte))) at \(at)") }
            at += 1
        }
    }
}

extension JSONEncoder {
    /// Snapshots as kept: dates as the seconds Foundation keeps, so a report made again from one
    /// says to the fraction of a second what it said when it was frozen.
    public static var snapshots: JSONEncoder { JSONEncoder() }
}

extension JSONDecoder {
    public static var snapshots: JSONDecoder { JSONDecoder() }
}
