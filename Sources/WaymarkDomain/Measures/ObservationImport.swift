import Foundation

/// Observations pasted as two columns or uploaded as CSV: every row checked, and nothing saved
/// unless every row is good. A first row that is not an observation is taken as a header.
public enum ObservationImport {
    public static let rowLimit = 5_000

    /// One problem with one row, in words a person can act on ("Row 4, value: ...").
    public struct Problem: Equatable, Sendable {
        /// The row as the person counts it: the file's first line is row 1.
        public var row: Int
        public var column: String
        public var message: String

        public init(row: Int, column: String, message: String) {
            self.row = row
            self.column = column
            self.message = message
        }

        public var text: String { "Row \(row), \(column): \(message)" }
    }

    /// The import was refused: every problem, by row; nothing was saved.
    public struct Refused: Error, Equatable, Sendable {
        public var problems: [Problem]
        public init(_ problems: [Problem]) { self.problems = problems }
    }

    /// The observations in `rows` (each a date, a value, and optionally a note), oldest first;
    /// `Refused` with every problem otherwise. `recorded` are the dates the measure already has:
    /// a date is recorded once.
    public static func read(_ rows: [[String]], recorded: Set<CalendarDate>) throws(Refused) -> [ObservationFields] {
        var problems: [Problem] = []
        var observations: [ObservationFields] = []
        var seen: [CalendarDate: Int] = [:]
        let nonEmpty = rows.enumerated().filter { !$0.element.allSatisfy { $0.trimmingCharacters(in: .whitespaces).isEmpty } }
        guard !nonEmpty.isEmpty else { throw Refused([Problem(row: 1, column: "file", message: "There are no observations: give a date and a value on each row")]) }
        var body = nonEmpty
        if let first = nonEmpty.first, CalendarDate(first.element[0].trimmingCharacters(in: .whitespaces)) == nil,
           first.element.count < 2 || MeasureNumber.parse(first.element[1]) == nil {
            body.removeFirst()
        }
        guard body.count <= rowLimit else {
            throw Refused([Problem(row: 1, column: "file", message: "There are \(body.count) rows: import at most \(rowLimit) at a time")])
        }
        if body.isEmpty { problems.append(Problem(row: 1, column: "file", message: "There is a header but no observations under it")) }
        for (offset, cells) in body {
            let row = offset + 1
            guard cells.count >= 2, cells.count <= 3 else {
                problems.append(Problem(row: row, column: "columns",
                                        message: "Give a date and a value, and optionally a note: found \(cells.count) column\(cells.count == 1 ? "" : "s")"))
                continue
            }
            do {
                let fields = try ObservationFields.validate(date: cells[0].trimmingCharacters(in: .whitespaces), value: cells[1],
                                                            note: cells.count == 3 ? cells[2] : nil, ghosted: nil, recalculate: nil)
                if let earlier = seen[fields.date] {
                    problems.append(Problem(row: row, column: "date", message: "\(fields.date) is also on row \(earlier): give each date once"))
                } else if recorded.contains(fields.date) {
                    problems.append(Problem(row: row, column: "date", message: "\(fields.date) is already recorded: change or delete that observation instead"))
                } else {
                    seen[fields.date] = row
                    observations.append(fields)
                }
            } catch let failure as ValidationFailure {
                for error in failure.errors { problems.append(Problem(row: row, column: error.field, message: error.message)) }
            } catch {
                problems.append(Problem(row: row, column: "row", message: "This row could not be read"))
            }
        }
        guard problems.isEmpty else { throw Refused(problems) }
        return observations.sorted { $0.date < $1.date }
    }

    /// Two columns as pasted from a spreadsheet: tab-separated (or comma-separated) lines.
    public static func rows(pasted text: String) -> [[String]] {
        text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map { line in
            let separator: Character = line.contains("\t") ? "\t" : ","
            return line.split(separator: separator, omittingEmptySubsequences: false).map { String($0) }
        }
    }
}
