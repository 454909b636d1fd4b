import Foundation
import WaymarkDomain
import WaymarkStore

/// A file as uploaded: its name as the person's computer gave it, and its bytes.
public struct UploadedFile: Sendable {
    public var name: String
    public var content: Data

    public init(name: String, content: Data) {
        self.name = name
        self.content = content
    }
}

/// Some of the resources that serve a lifecycle stage, and how many serve it.
public struct StageResources: Sendable {
    public static let shownOnAProject = 8
    /// The order a stage's resources are offered in: how to do it, then what to fill in.
    static let kindOrder: [ResourceKind] = [.guide, .template] + ResourceKind.allCases.filter { $0 != .guide && $0 != .template }

    public var shown: [Resource]
    public var total: Int
}

/// Everything a person does with the resource library, each once, for pages and the API alike.
/// Anyone signed in reads it; the portfolio office keeps it.
public struct ResourceWorkflows: Sendable {
    let store: Store

    public init(_ store: Store) { self.store = store }

    public func resources(_ query: ResourceQuery = ResourceQuery()) async throws -> [Resource] {
        try await store.resources(query)
    }

    public func resource(_ id: UUID) async throws -> Resource {
        guard let resource = try await store.resource(id) else { throw NotFound("resource") }
        return resource
    }

    /// What a project page links of the resources that serve its lifecycle stage: at most
    /// `limit`, guides first (how to do the stage), then templates, then the rest, each by title;
    /// and how many serve it in all, for a link to the library showing every one. A region's
    /// library serves each stage with two hundred.
    public func resources(forStage stage: UUID, limit: Int = StageResources.shownOnAProject) async throws -> StageResources {
        let serving = try await store.resources(ResourceQuery(stageID: stage))
        var shown: [Resource] = []
        for kind in StageResources.kindOrder where shown.count < limit {
            for resource in serving where resource.fields.kind == kind {
                shown.append(resource)
                if shown.count == limit { break }
            }
        }
        return StageResources(shown: shown, total: serving.count)
    }

    /// An uploaded file and its content, to download.
    public func file(of id: UUID) async throws -> (ResourceFile, Data) {
        let resource = try await resource(id)
        guard let file = resource.file, let content = try await store.resourceFileContent(id) else { throw NotFound("file") }
        return (file, content)
    }

    public func requireManager(_ acting: Acting) throws {
        try AccessPolicy.require(AccessPolicy.canKeepSharedKnowledge(acting.actor), else: .manageResources)
    }

    public func create(_ input: ResourceInput, upload: UploadedFile?, by acting: Acting) async throws -> Resource {
        try requireManager(acting)
        let (fields, file) = try await validate(input, upload: upload, keepsFile: false)
        return try await store.createResource(fields, file: file, by: acting.audit)
    }

    /// Changes what `input` carries (nil keeps it), if the resource is still at `expectedVersion`;
    /// an upload replaces its file, `removeFile` takes it away.
    public func update(_ current: Resource, _ input: ResourceInput, upload: UploadedFile?, removeFile: Bool, expectedVersion: Int,
                       by acting: Acting) async throws -> Resource {
        try requireManager(acting)
        let (fields, file) = try await validate(input.overlaid(on: current.fields), upload: upload,
                                                keepsFile: current.file != nil && !removeFile)
        return try await store.updateResource(current.id, expectedVersion: expectedVersion, fields, file: file, removeFile: removeFile,
                                              by: acting.audit)
    }

    public func delete(_ id: UUID, expectedVersion: Int?, by acting: Acting) async throws {
        try requireManager(acting)
        try await store.deleteResource(id, expectedVersion: expectedVersion, by: acting.audit)
    }

    public func stages() async throws -> [LifecycleStage] { try await store.referenceData().stages }

    /// The input checked with the upload, every problem at once: a file over the limit, or whose
    /// name and content are not both one of the types the library takes, is refused.
    private func validate(_ input: ResourceInput, upload: UploadedFile?, keepsFile: Bool) async throws -> (ResourceFields, (ResourceFile, Data)?) {
        var fileError: FieldError?
        var file: (ResourceFile, Data)?
        if let upload {
            let name = ResourceFileType.safeName(upload.name)
            if upload.content.count > ResourceFileType.sizeLimit {
                fileError = FieldError("file", "The file must be 5 MB or smaller", kind: .rule)
            } else if name.isEmpty {
                fileError = FieldError("file", "The file needs a name", kind: .rule)
            } else if let type = ResourceFileType.detect(name: name, content: [UInt8](upload.content)) {
                file = (ResourceFile(name: name, type: type, size: upload.content.count), upload.content)
            } else {
                fileError = FieldError("file", "The file must be a PDF, Word, Excel, PowerPoint, CSV or text file, and be what its name says", kind: .rule)
            }
        }
        let stages = Set(try await store.referenceData().stages.map(\.id))
        do {
            let fields = try ResourceFields.validate(input, stages: stages, hasFile: file != nil || keepsFile || fileError != nil)
            if let fileError { throw ValidationFailure([fileError]) }
            return (fields, file)
        } catch let failure as ValidationFailure where fileError != nil && !failure.errors.contains(where: { $0.field == "file" }) {
            throw ValidationFailure(failure.errors.contains(fileError!) ? failure.errors : failure.errors + [fileError!])
        }
    }
}
