import Foundation
import SQLKit
import WaymarkDomain

/// What is held in memory per project (its risks, its issues, its plan), each reading kept with the
/// `items` counter it was read at.
extension Store {
    /// What `read` reads of one project (or one record: `key`), from this instance's memory
    /// (`cache`) while `counter` as the request read it when it found who is asking has not moved
    /// past the value it was read at; read again when it has, and kept. `read` gives the counter it
    /// read before or with everything else (nil: keep nothing), so what is kept is never older than
    /// the counter says. Without a counter read for the request it is read from the database;
    /// inside a transaction it is read and not kept, as the transaction may see changes that are
    /// then rolled back.
    func held<Value: Sendable>(_ key: UUID, in cache: KeyedGenerationCache<UUID, Value>, counter: ChangeCounter = .items,
                               read: () async throws -> (generation: Int64?, value: Value)) async throws -> Value {
        if !inTransaction, let seen = requestCounters?.value(counter), let held = cache.value(key, atLeast: seen) {
            return held
        }
        let (generation, value) = try await read()
        if !inTransaction, let generation { cache.keep(key, generation: generation, value) }
        return value
    }

    /// A project's rows of one table of items (`table`, named `alias` in `columns`), by number,
    /// held as `held` says.
    func projectItems<Item: Sendable>(_ projectID: UUID, in cache: KeyedGenerationCache<UUID, ProjectItems<Item>>,
                                      table: String, alias: String, columns: SQLQueryString,
                                      reading: @escaping @Sendable (Columns) throws -> Item) async throws -> ProjectItems<Item> {
        try await held(projectID, in: cache) {
            let (generation, items) = try await itemsAndCounter(projectID, table: table, alias: alias, columns: columns,
                                                                order: "\(alias).number", reading: reading)
            return (generation, ProjectItems(items))
        }
    }

    /// The `items` counter and a project's rows of one table, in `order`, in one statement.
    func itemsAndCounter<Item: Sendable>(_ projectID: UUID, table: String, alias: String, columns: SQLQueryString, order: String,
                                         reading: @escaping @Sendable (Columns) throws -> Item) async throws -> (Int64?, [Item]) {
        let rows = try await rows("""
            SELECT g.value AS generation, \(columns)
            FROM change_counters g LEFT JOIN \(unsafeRaw: table) \(unsafeRaw: alias) ON \(unsafeRaw: alias).project_id = \(bind: projectID)
            WHERE g.name = 'items' ORDER BY \(unsafeRaw: order)
            """, reading: { columns in
            (try columns.int64("generation"), try columns.optionalUUID("id") == nil ? nil : try reading(columns))
        })
        return (rows.first?.0, rows.compactMap(\.1))
    }
}
