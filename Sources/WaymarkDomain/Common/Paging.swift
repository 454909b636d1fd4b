/// Which slice of a long list to show.
public struct PageRequest: Hashable, Sendable {
    public static let maximumPerPage = 100
    public var page: Int
    public var perPage: Int

    public init(page: Int = 1, perPage: Int = 25) {
        self.page = max(1, page)
        self.perPage = min(max(1, perPage), PageRequest.maximumPerPage)
    }

    /// Every item in one page: what a download asks for, so that it is made from one reading of
    /// the list. Reading a hundred at a time, a list changed between two pages would shift its
    /// items across the boundary, and the file would repeat some and leave others out.
    public static var everything: PageRequest {
        var request = PageRequest()
        request.perPage = .max
        return request
    }

    public var offset: Int { (page - 1) * perPage }
}

/// One slice of a list and how many items there are in all.
public struct Page<Item: Sendable>: Sendable {
    public var items: [Item]
    public var request: PageRequest
    public var total: Int

    public init(items: [Item], request: PageRequest, total: Int) {
        self.items = items
        self.request = request
        self.total = total
    }

    public var pageCount: Int { total <= 0 ? 1 : (total - 1) / request.perPage + 1 }
    public var hasNext: Bool { request.page < pageCount }
    public var hasPrevious: Bool { request.page > 1 }
}

extension Array {
    /// The first `count` elements in the order `areInIncreasingOrder` gives, sorted (all of them
    /// when there are no more than `count`): the same as `sorted(by:).prefix(count)` for an order
    /// in which no two elements are equal, but a page of a hundred out of thousands is selected
    /// first (quickselect, the median of three as each pivot) and only those hundred are sorted.
    /// An arrangement that defeats the pivots (many more rounds than halving would take) is
    /// sorted whole instead, so the work stays n log n at worst.
    public func smallest(_ count: Int, by areInIncreasingOrder: (Element, Element) -> Bool) -> [Element] {
        guard count < self.count else { return sorted(by: areInIncreasingOrder) }
        guard count > 0 else { return [] }
        var items = self
        var rounds = 2 * (Int.bitWidth - self.count.leadingZeroBitCount) + 8
        // Invariant: everything before `low` precedes everything in low..<high, which precedes
        // everything from `high` on, and low <= count < high. Done when the element that belongs
        // at `count` is there.
        var low = 0, high = items.count
        while high - low > 1 {
            rounds -= 1
            if rounds < 0 { return Array(sorted(by: areInIncreasingOrder).prefix(count)) }
            var first = low, middle = low + (high - low) / 2, last = high - 1
            if areInIncreasingOrder(items[middle], items[first]) { swap(&first, &middle) }
            if areInIncreasingOrder(items[last], items[middle]) {
                swap(&middle, &last)
                if areInIncreasingOrder(items[middle], items[first]) { swap(&first, &middle) }
            }
            items.swapAt(middle, high - 1)
            let pivot = items[high - 1]
            var placed = low
            for position in low..<(high - 1) where areInIncreasingOrder(items[position], pivot) {
                items.swapAt(position, placed)
                placed += 1
            }
            items.swapAt(placed, high - 1)
            if placed == count { break }
            if placed < count { low = placed + 1 } else { high = placed }
        }
        return items[..<count].sorted(by: areInIncreasingOrder)
    }
}
