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
}
