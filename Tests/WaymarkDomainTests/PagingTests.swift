import Foundation
import WaymarkDomain
import XCTest

/// Selecting a page's items without sorting everything gives what sorting everything gives.
final class PagingTests: XCTestCase {
    func testTheSmallestAreThoseASortWouldPutFirst() {
        var random = SplitMix64(state: 5)
        for trial in 0..<2_000 {
            let size = Int.random(in: 0...300, using: &random)
            // Distinct values in every arrangement: shuffled, ascending, descending, few runs.
            var values = Array(0..<size).map { $0 * 3 + Int.random(in: 0...2, using: &random) }
            switch trial % 4 {
            case 0: values.shuffle(using: &random)
            case 1: break
            case 2: values.reverse()
            default: values = values.enumerated().sorted { ($0.offset % 3, $0.element) < ($1.offset % 3, $1.element) }.map(\.element)
            }
            let count = Int.random(in: 0...(size + 2), using: &random)
            XCTAssertEqual(values.smallest(count, by: <), Array(values.sorted().prefix(count)), "\(values) \(count)")
        }
    }
}
