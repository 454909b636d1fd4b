import Foundation
import OpenAPIKit
import WaymarkDomain

extension KeyedInput {
    /// What a form sent: every field is on the form (a list as its checked boxes, none when none).
    init(form: FormData) {
        self.init(reading: { key in Self.listKeys.contains(key) ? form.all(key).joined(separator: ",") : form[key] })
    }

    /// The members a body carries, by the fields the document declares (`schema`): absent is nil
    /// (kept), null is "" (cleared) for those it declares nullable. A member the document declares
    /// a list of ids (`listKeys`) is taken joined by commas, as the input holds it ([] clears it).
    init(body: inout JSONBody, schema: [(String, JSONSchema)]) {
        let nullable = OpenAPIDocument.nullableMembers(schema)
        let lists = Self.listKeys, declared = Set(schema.map(\.0))
        self.init()
        // A field the schema does not declare as text or a list (a number, a list of objects) is
        // read by its route.
        for (key, path) in Self.fields where declared.contains(key) {
            guard lists.contains(key) else {
                self[keyPath: path] = body.text(key, nullable: nullable.contains(key))
                continue
            }
            switch body.strings(key) {
            case .value(let values):
                // [""] would join to "", which reads as none: an empty id is refused, not dropped.
                if values.contains("") { body.errors.add(key, "\(key) must hold ids, not empty text") }
                self[keyPath: path] = values.joined(separator: ",")
            case .null: body.errors.add(key, "\(key) cannot be null: send [] for none")
            case .absent: break
            }
        }
    }
}

extension JSONText {
    /// A record's fields as a body sends them, by the same keys: "" for a member the document
    /// declares nullable is left out (none).
    mutating func fields<Input: KeyedInput>(_ input: Input, schema: [(String, JSONSchema)]) {
        let nullable = OpenAPIDocument.nullableMembers(schema), lists = Input.listKeys, declared = Set(schema.map(\.0))
        for (key, path) in Input.fields where declared.contains(key) {
            let value = input[keyPath: path]
            if lists.contains(key) {
                member(key, array: (value ?? "").split(separator: ",").map(String.init)) { json, id in json.value(id) }
            } else {
                member(key, nullable.contains(key) && value == "" ? nil : value)
            }
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
