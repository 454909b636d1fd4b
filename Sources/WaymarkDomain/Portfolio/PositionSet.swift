/// A set of index positions as bits, 64 to a word: the portfolio index keeps one per visibility and
/// per facet value, and answers a query by intersecting them a word at a time instead of testing
/// every project in turn.
struct PositionSet: Equatable, Sendable {
    private(set) var words: [UInt64]

    init(capacity: Int = 0) {
        words = [UInt64](repeating: 0, count: (capacity + 63) / 64)
    }

    /// The positions 0..<count.
    static func all(_ count: Int) -> PositionSet {
        var set = PositionSet(capacity: count)
        for word in 0..<(count / 64) { set.words[word] = .max }
        if count % 64 != 0 { set.words[count / 64] = (1 << UInt64(count % 64)) - 1 }
        return set
    }

    init(_ positions: [Int], capacity: Int) {
        self.init(capacity: capacity)
        for position in positions { insert(position) }
    }

    func contains(_ position: Int) -> Bool {
        let word = position >> 6
        return word < words.count && words[word] & (1 << UInt64(position & 63)) != 0
    }

    mutating func insert(_ position: Int) {
        let word = position >> 6
        if word >= words.count { words.append(contentsOf: repeatElement(0, count: word - words.count + 1)) }
        words[word] |= 1 << UInt64(position & 63)
    }

    mutating func remove(_ position: Int) {
        let word = position >> 6
        if word < words.count { words[word] &= ~(1 << UInt64(position & 63)) }
    }

    /// How many words the set takes: the cost of a pass over it.
    var wordCount: Int { words.count }

    var count: Int {
        words.reduce(0) { $0 + $1.nonzeroBitCount }
    }

    /// How many positions this set and `other` share, without making their intersection.
    func countShared(with other: PositionSet) -> Int {
        var total = 0
        for word in 0..<min(words.count, other.words.count) { total += (words[word] & other.words[word]).nonzeroBitCount }
        return total
    }

    mutating func formIntersection(_ other: PositionSet) {
        let shared = min(words.count, other.words.count)
        for word in 0..<shared { words[word] &= other.words[word] }
        for word in shared..<words.count { words[word] = 0 }
    }

    mutating func formUnion(_ other: PositionSet) {
        if other.words.count > words.count { words.append(contentsOf: repeatElement(0, count: other.words.count - words.count)) }
        for word in 0..<other.words.count { words[word] |= other.words[word] }
    }

    func intersection(_ other: PositionSet) -> PositionSet {
        var result = self
        result.formIntersection(other)
        return result
    }

    /// Each position in the set, in ascending order.
    func forEach(_ body: (Int) -> Void) {
        for (index, word) in words.enumerated() {
            var bits = word
            while bits != 0 {
                body(index << 6 | bits.trailingZeroBitCount)
                bits &= bits - 1
            }
        }
    }
}
