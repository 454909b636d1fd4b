/// Which slice of a long list to show.
public struct PageRequest: Equatable, Sendable {
    public static let maximumPerPage = 100
    public var page: Int
    public var perPage: Int

    public init(page: Int = 1, perPage: Int = 25) {
        self.page = max(1, page)
        self.perPage = min(max(1, perPage), PageRequest.maximumPerPage)
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

    public var pageCount: Int { max(1, (total + request.perPage - 1) / request.perPage) }
    public var hasNext: Bool { request.page < pageCount }
    public var hasPrevious: Bool { request.page > 1 }
}
