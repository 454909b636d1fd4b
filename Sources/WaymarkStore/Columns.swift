import Foundation
import SQLKit
import WaymarkDomain

/// One row's columns, read by name straight into the types Waymark stores, without `Decoder`.
/// For the statements that read thousands of rows (the portfolio index): through SQLKit's
/// `SQLRowDecoder` every row makes a keyed container and converts every key, and SQLite's text
/// ids were parsed by `sscanf`; that was most of the time an index reload took.
struct Columns {
    let row: any SQLRow
    let dialect: StoreDialect

    func string(_ name: String) throws -> String {
        try row.decode(column: name, as: String.self)
    }

    func optionalString(_ name: String) throws -> String? {
        try row.decodeNil(column: name) ? nil : string(name)
    }

    func int(_ name: String) throws -> Int {
        try row.decode(column: name, as: Int.self)
    }

    func optionalInt64(_ name: String) throws -> Int64? {
        try row.decodeNil(column: name) ? nil : row.decode(column: name, as: Int64.self)
    }

    func date(_ name: String) throws -> Date {
        try row.decode(column: name, as: Date.self)
    }

    /// PostgreSQL sends ids as 16 bytes; SQLite keeps them as text, parsed here by hand.
    func uuid(_ name: String) throws -> UUID {
        switch dialect {
        case .postgres:
            return try row.decode(column: name, as: UUID.self)
        case .sqlite:
            let text = try string(name)
            guard let id = UUID(text: text) else {
                throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "\(name) is not an id: \(text)"))
            }
            return id
        }
    }

    func optionalUUID(_ name: String) throws -> UUID? {
        try row.decodeNil(column: name) ? nil : uuid(name)
    }
}

extension Store {
    /// Every row of `query`, each made by `make` from its columns.
    func rows<Row>(_ query: SQLQueryString, reading make: (Columns) throws -> Row) async throws -> [Row] {
        let dialect = dialect
        return try await sql.raw(query).all().map { try make(Columns(row: $0, dialect: dialect)) }
    }
}
