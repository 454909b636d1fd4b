import Foundation
import WaymarkDomain

/// Reads a register's filters from a query string, collecting what is wrong with each (a bad
/// value is left out and reported). `strict` (the API): a parameter sent empty is refused; a
/// form's "any" option sends it empty.
struct QueryStringReader {
    let data: FormData
    var errors = FieldErrors()

    init(_ data: FormData, strict: Bool, keys: [String]) {
        self.data = data
        if strict {
            for key in keys + ["page", "per_page"] where data[key]?.isEmpty == true {
                errors.add(key, "\(key) cannot be empty: leave it out for any")
            }
        }
    }

    mutating func id(_ key: String, _ label: String) -> UUID? {
        guard let text = data[key].exactOrNil else { return nil }
        guard let id = UUID(uuidString: text) else {
            errors.add(key, "\(label) must be an id from the list")
            return nil
        }
        return id
    }

    mutating func choice<Choice: RawRepresentable<String>>(_ key: String, _ message: String) -> Choice? {
        guard let text = data[key].exactOrNil else { return nil }
        guard let choice = Choice(rawValue: text) else {
            errors.add(key, message)
            return nil
        }
        return choice
    }

    mutating func page(perPage fallback: Int) -> PageRequest {
        var page = 1, perPage = fallback
        if let text = data["page"].exactOrNil {
            if let number = Int(text), (1...100_000).contains(number) { page = number } else { errors.add("page", "The page must be a whole number from 1") }
        }
        if let text = data["per_page"].exactOrNil {
            if let number = Int(text), (1...PageRequest.maximumPerPage).contains(number) {
                perPage = number
            } else {
                errors.add("per_page", "per_page must be a whole number from 1 to \(PageRequest.maximumPerPage)")
            }
        }
        return PageRequest(page: page, perPage: perPage)
    }
}
