import Synchronization

/// What has been written from one kept value (a portfolio report's API document, for one slice's
/// name), kept with it: copies of the value share it, and requests asking for the same writing at
/// once wait for the one being written instead of each writing their own. A whole-system report's
/// document at region scale is 15 MB; sixteen written at once were most of the server's memory.
public final class KeptWritings: Sendable {
    private let written = Mutex<[String: Task<any Sendable, Never>]>([:])

    public init() {}

    /// How many writings were made (not found kept or being made): what tests count.
    public var made: Int { written.withLock { $0.count } }

    /// The writing kept under `key`, or the one `write` makes now and keeps.
    public func value<Value: Sendable>(_ key: String, _ write: @escaping @Sendable () -> Value) async -> Value {
        let task = written.withLock { written in
            if let known = written[key] { return known }
            let task = Task<any Sendable, Never> { write() }
            written[key] = task
            return task
        }
        // A key is only ever written with one type; were it not, the writing is made afresh.
        return await task.value as? Value ?? write()
    }
}
