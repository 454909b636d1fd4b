import Foundation
import OpenAPIKit
import WaymarkDomain

extension KeyedInput {
    /// What a form sent: every field is on the form.
    init(form: FormData) {
        self.init(reading: { form[$0] })
    }

    /// The members a body carries, by the fields the document declares (`schema`): absent is nil
    /// (kept), null is "" (cleared) for those it declares nullable.
    init(body: inout JSONBody, schema: [(String, JSONSchema)]) {
        let nullable = OpenAPIDocument.nullableMembers(schema)
        self.init()
        for (key, path) in Self.fields {
            self[keyPath: path] = body.text(key, nullable: nullable.contains(key))
        }
    }
}

extension JSONText {
    /// A record's fields as a body sends them, by the same keys: "" for a member the document
    /// declares nullable is left out (none).
    mutating func fields<Input: KeyedInput>(_ input: Input, schema: [(String, JSONSchema)]) {
        let nullable = OpenAPIDocument.nullableMembers(schema)
        for (key, path) in Input.fields {
            let value = input[keyPath: path]
            member(key, nullable.contains(key) && value == "" ? nil : value)
        }
    }
}

/// A project's log as the API sends it: every item, on one page.
struct LogListDTO<Item>: JSONWritable {
    var items: [Item]
    var write: (Item, inout JSONText) -> Void

    func write(to json: inout JSONText) {
        json.object { json in
            json.member("items", array: items) { json, item in write(item, &json) }
            json.member("page", 1)
            json.member("perPage", max(items.count, 1))
            json.member("total", items.count)
        }
    }
}
