import Foundation
import Vapor
@testable import WaymarkStore
import WaymarkTestSupport
import XCTest

extension XCTestCase {
    /// Stores as requests make them, each after its sign-in lookup has read the counters, sharing
    /// one instance's memory.
    func requests(_ app: Application, signedInAs personID: UUID, _ database: TestDatabase) async throws
        -> () async throws -> Store {
        let instance = StoreInstance(), idHash = UUID().uuidString
        try await app.store.createSession(idHash: idHash, personID: personID, csrfToken: "t", expiresAt: Date().addingTimeInterval(3_600))
        return {
            let request = Store(app.db, instance: instance, requestCounters: RequestCounters())
            let found = try await request.session(idHash: idHash)
            XCTAssertNotNil(found, "[\(database)]")
            return request
        }
    }

    /// Does `work` in a transaction through `store`, then abandons the transaction: how the tests
    /// of what is held in memory check that nothing a rolled-back transaction read is kept.
    func abandonTransaction(on store: Store, _ database: TestDatabase,
                            _ work: @escaping @Sendable (Store) async throws -> Void) async throws {
        struct Abandoned: Error {}
        do {
            _ = try await store.write { transaction -> Void in
                try await work(transaction)
                throw Abandoned()
            }
            XCTFail("[\(database)] the transaction was not abandoned")
        } catch is Abandoned {}
    }
}
