import FluentKit
import Foundation
import SQLKit

/// The SQLite write transactions of one instance, run one after another and committed in groups.
///
/// SQLite has one writer at a time, and with `synchronous = FULL` (its default, which Waymark
/// keeps: a saved change survives a power cut) every commit waits for the disk. That wait was
/// most of a write's turn: on the benchmark machine about 0.9 ms of 2.1. So the writes that queue
/// while one group commits go in the next group: one `BEGIN IMMEDIATE`, each write in a savepoint
/// of its own, one `COMMIT`. A write that fails is rolled back to its savepoint and fails alone;
/// the others are unaffected, as if each had had a transaction of its own in the same order.
/// Nobody hears that their write succeeded before the commit that holds it has returned.
final class SQLiteWriteQueue: @unchecked Sendable {
    /// The most writes one commit holds: it bounds how long the first in a group waits.
    static let largestGroup = 32

    // Every variable is only touched while holding `lock`.
    private let lock = NSLock()
    private var waiting: [any QueuedWrite] = []
    private var leading = false
    private var writes = 0
    private var groups = 0

    /// Queues `write`; true when no task is committing groups and the caller must start one.
    func add(_ write: any QueuedWrite) -> Bool {
        lock.withLock {
            waiting.append(write)
            if leading { return false }
            leading = true
            return true
        }
    }

    /// The next group, oldest first; nil, and nobody leading any more, when nothing waits.
    func nextGroup() -> [any QueuedWrite]? {
        lock.withLock {
            if waiting.isEmpty {
                leading = false
                return nil
            }
            let group = Array(waiting.prefix(Self.largestGroup))
            waiting.removeFirst(group.count)
            writes += group.count
            groups += 1
            return group
        }
    }

    /// How many writes wait for a group.
    var waitingCount: Int { lock.withLock { waiting.count } }

    /// How many writes and groups (transactions) there have been, counted as each group is taken.
    var counts: (writes: Int, groups: Int) { lock.withLock { (writes, groups) } }
}

/// One write transaction's body, waiting for its turn and then for the commit that holds it.
protocol QueuedWrite: AnyObject, Sendable {
    /// The store that asked: the group's statements run with its clock and request.
    var store: Store { get }
    /// Runs the body on `store` (inside the group's transaction) and keeps what it returns.
    func run(on store: Store) async throws
    /// Tells the waiting writer how it ended: nil when the commit holding it returned, else why
    /// it failed. Only the first call counts.
    func finish(_ error: (any Error)?)
}

final class PendingWrite<T: Sendable>: QueuedWrite, @unchecked Sendable {
    let store: Store
    private let body: @Sendable (Store) async throws -> T
    // `value` is only touched by the group's task, before `finish`; the rest only while holding `lock`.
    private var value: T?
    private let lock = NSLock()
    private var outcome: Result<T, any Error>?
    private var waiter: CheckedContinuation<T, any Error>?

    init(_ store: Store, _ body: @escaping @Sendable (Store) async throws -> T) {
        self.store = store
        self.body = body
    }

    func run(on store: Store) async throws {
        value = try await body(store)
    }

    func finish(_ error: (any Error)?) {
        let result: Result<T, any Error> = if let error { .failure(error) } else if let value { .success(value) }
            else { .failure(WriteNotRun()) }
        let waiting: CheckedContinuation<T, any Error>? = lock.withLock {
            if outcome != nil { return nil }
            outcome = result
            defer { waiter = nil }
            return waiter
        }
        waiting?.resume(with: result)
    }

    /// What the body returned, once the commit holding it has returned.
    func result() async throws -> T {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            let known: Result<T, any Error>? = lock.withLock {
                if outcome == nil { waiter = continuation }
                return outcome
            }
            if let known { continuation.resume(with: known) }
        }
    }

    /// A write told it succeeded without having run: a bug in the group's task, never expected.
    struct WriteNotRun: Error {}
}

extension Store {
    /// Runs `body` in the instance's next group of SQLite writes (see `SQLiteWriteQueue`).
    func queuedSQLiteWrite<T: Sendable>(_ body: @escaping @Sendable (Store) async throws -> T) async throws -> T {
        let write = PendingWrite(self, body)
        let queue = instance.sqliteWrites
        if queue.add(write) {
            Task { await Store.commitGroups(of: queue) }
        }
        return try await write.result()
    }

    /// Commits the queue's groups until nothing waits.
    private static func commitGroups(of queue: SQLiteWriteQueue) async {
        while let group = queue.nextGroup() {
            await commit(group)
        }
    }

    /// One transaction for the whole group. A group of one has no savepoint: its transaction is its own.
    private static func commit(_ group: [any QueuedWrite]) async {
        let first = group[0].store
        do {
            try await (first.writer ?? first.database).withConnection { connection in
                let session = try await first.on(connection, inTransaction: true).inSession().sql
                try await session.raw("BEGIN IMMEDIATE").run()
                var ran: [any QueuedWrite] = []
                do {
                    for write in group {
                        var store = write.store.on(connection, inTransaction: true)
                        store.statementDatabase = session
                        if group.count == 1 {
                            try await write.run(on: store)
                        } else {
                            try await session.raw("SAVEPOINT write").run()
                            do {
                                try await write.run(on: store)
                            } catch {
                                try await session.raw("ROLLBACK TO write").run()
                                try await session.raw("RELEASE write").run()
                                write.finish(error)
                                continue
                            }
                            try await session.raw("RELEASE write").run()
                        }
                        ran.append(write)
                    }
                    try await session.raw("COMMIT").run()
                } catch {
                    try? await session.raw("ROLLBACK").run()
                    throw error
                }
                for write in ran { write.finish(nil) }
            }
        } catch {
            // The transaction as a whole failed (or, in a group of one, its body did): whatever
            // it held is rolled back, and every write in it not already told is told why.
            for write in group { write.finish(error) }
        }
    }
}
