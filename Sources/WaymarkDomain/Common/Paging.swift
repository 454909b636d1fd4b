/// Which slice of a long list to show.
public struct PageRequest: Equatable, Sendable {
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
