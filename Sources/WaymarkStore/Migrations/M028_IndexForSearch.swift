import FluentKit
import SQLKit

/// One search (issue 13): every searchable record (projects, lessons, glossary terms, risks,
/// issues, measures) has a row in `search_documents`, with its kind, id, the project that holds
/// it (none for a glossary term, its own for a project), a title and a body, kept by triggers on
/// each table in the same transaction as the change, so a record is found the moment it is saved
/// and never after it is gone. The access policy filters by `project_id` when searching, exactly
/// as every other list does.
///
/// SQLite indexes the rows with FTS5 (external content, the Porter stemmer, accents set aside);
/// PostgreSQL with a weighted English `tsvector` (the title above the body) and a GIN index, its
/// hyphens read as spaces as SQLite's tokenizer reads them (PostgreSQL's parser would otherwise
/// read the "-0001" of a project code "RAA-0001" as a negative number).
/// Existing records are written in when the migration runs.
///
/// Written out here as it was when this migration was made.
struct M028_IndexForSearch: AsyncMigration {
    /// Each searched table: its kind, the column naming its project (nil for none), and the columns
    /// of its title and of its body.
    static let sources: [(kind: String, table: String, project: String?, title: [String], body: [String])] = [
        ("project", "projects", "id", ["code", "title"], ["summary", "scope_in", "objectives"]),
        ("lesson", "lessons", "project_id", ["title"], ["happened", "why", "recommendation"]),
        ("glossary", "glossary_terms", nil, ["name"], ["aliases", "definition"]),
        ("risk", "risks", "project_id", ["title"], ["cause", "event", "effect"]),
        ("issue", "issues", "project_id", ["title"], ["description"]),
        ("measure", "measures", "project_id", ["name"], ["definition"]),
    ]

    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        switch StoreDialect(sql.dialect.name) {
        case .sqlite:
            try await sql.raw("""
                CREATE TABLE search_documents (rowid INTEGER PRIMARY KEY, kind TEXT NOT NULL, ref_id BLOB NOT NULL, project_id BLOB,
                                               title TEXT NOT NULL, body TEXT NOT NULL)
                """).run()
            try await sql.raw("CREATE UNIQUE INDEX search_documents_ref_idx ON search_documents (kind, ref_id)").run()
            try await sql.raw("CREATE INDEX search_documents_project_idx ON search_documents (project_id)").run()
            try await sql.raw("""
                CREATE VIRTUAL TABLE search_fts USING fts5(title, body, content='search_documents', content_rowid='rowid',
                                                           tokenize='porter unicode61 remove_diacritics 2')
                """).run()
            try await sql.raw("""
                CREATE TRIGGER search_documents_ai AFTER INSERT ON search_documents BEGIN
                    INSERT INTO search_fts (rowid, title, body) VALUES (NEW.rowid, NEW.title, NEW.body);
                END
                """).run()
            try await sql.raw("""
                CREATE TRIGGER search_documents_ad AFTER DELETE ON search_documents BEGIN
                    INSERT INTO search_fts (search_fts, rowid, title, body) VALUES ('delete', OLD.rowid, OLD.title, OLD.body);
                END
                """).run()
            try await sql.raw("""
                CREATE TRIGGER search_documents_au AFTER UPDATE ON search_documents BEGIN
                    INSERT INTO search_fts (search_fts, rowid, title, body) VALUES ('delete', OLD.rowid, OLD.title, OLD.body);
                    INSERT INTO search_fts (rowid, title, body) VALUES (NEW.rowid, NEW.title, NEW.body);
                END
                """).run()
            for source in Self.sources {
                func text(_ columns: [String], _ row: String) -> String {
                    columns.map { "COALESCE(\(row).\($0), '')" }.joined(separator: " || ' ' || ")
                }
                let project = source.project.map { "NEW.\($0)" } ?? "NULL"
                try await sql.raw("""
                    CREATE TRIGGER \(unsafeRaw: source.table)_searched_insert AFTER INSERT ON \(unsafeRaw: source.table) BEGIN
                        INSERT INTO search_documents (kind, ref_id, project_id, title, body)
                        VALUES ('\(unsafeRaw: source.kind)', NEW.id, \(unsafeRaw: project), \(unsafeRaw: text(source.title, "NEW")),
                                \(unsafeRaw: text(source.body, "NEW")));
                    END
                    """).run()
                try await sql.raw("""
                    CREATE TRIGGER \(unsafeRaw: source.table)_searched_update AFTER UPDATE ON \(unsafeRaw: source.table) BEGIN
                        UPDATE search_documents SET project_id = \(unsafeRaw: project), title = \(unsafeRaw: text(source.title, "NEW")),
                                                    body = \(unsafeRaw: text(source.body, "NEW"))
                        WHERE kind = '\(unsafeRaw: source.kind)' AND ref_id = NEW.id;
                    END
                    """).run()
                try await sql.raw("""
                    CREATE TRIGGER \(unsafeRaw: source.table)_searched_delete AFTER DELETE ON \(unsafeRaw: source.table) BEGIN
                        DELETE FROM search_documents WHERE kind = '\(unsafeRaw: source.kind)' AND ref_id = OLD.id;
                    END
                    """).run()
                let columns = (source.project.map { [$0] } ?? []).map { "\($0)" }
                try await sql.raw("""
                    INSERT INTO search_documents (kind, ref_id, project_id, title, body)
                    SELECT '\(unsafeRaw: source.kind)', id, \(unsafeRaw: columns.first ?? "NULL"),
                           \(unsafeRaw: source.title.map { "COALESCE(\($0), '')" }.joined(separator: " || ' ' || ")),
                           \(unsafeRaw: source.body.map { "COALESCE(\($0), '')" }.joined(separator: " || ' ' || "))
                    FROM \(unsafeRaw: source.table)
                    """).run()
            }
        case .postgres:
            try await sql.raw("""
                CREATE TABLE search_documents (
                    id BIGSERIAL PRIMARY KEY, kind VARCHAR(20) NOT NULL, ref_id UUID NOT NULL, project_id UUID,
                    title TEXT NOT NULL, body TEXT NOT NULL,
                    document tsvector GENERATED ALWAYS AS (setweight(to_tsvector('english', translate(title, '-', ' ')), 'A')
                                                           || setweight(to_tsvector('english', translate(body, '-', ' ')), 'B')) STORED)
                """).run()
            try await sql.raw("CREATE UNIQUE INDEX search_documents_ref_idx ON search_documents (kind, ref_id)").run()
            try await sql.raw("CREATE INDEX search_documents_project_idx ON search_documents (project_id)").run()
            try await sql.raw("CREATE INDEX search_documents_document_idx ON search_documents USING GIN (document)").run()
            // Arguments: the kind, the project column ('' for none), the title's columns, the body's (each joined by commas).
            try await sql.raw("""
                CREATE FUNCTION waymark_index_for_search() RETURNS trigger LANGUAGE plpgsql AS $$
                DECLARE
                    fields jsonb; heading text := ''; content text := ''; part text; project uuid;
                BEGIN
                    IF TG_OP = 'DELETE' THEN
                        DELETE FROM search_documents WHERE kind = TG_ARGV[0] AND ref_id = OLD.id;
                        RETURN NULL;
                    END IF;
                    fields := to_jsonb(NEW);
                    FOREACH part IN ARRAY string_to_array(TG_ARGV[2], ',') LOOP
                        heading := heading || ' ' || COALESCE(fields ->> part, '');
                    END LOOP;
                    FOREACH part IN ARRAY string_to_array(TG_ARGV[3], ',') LOOP
                        content := content || ' ' || COALESCE(fields ->> part, '');
                    END LOOP;
                    IF TG_ARGV[1] <> '' THEN project := (fields ->> TG_ARGV[1])::uuid; END IF;
                    INSERT INTO search_documents (kind, ref_id, project_id, title, body)
                    VALUES (TG_ARGV[0], NEW.id, project, btrim(heading), btrim(content))
                    ON CONFLICT (kind, ref_id) DO UPDATE SET project_id = EXCLUDED.project_id, title = EXCLUDED.title, body = EXCLUDED.body;
                    RETURN NULL;
                END $$
                """).run()
            for source in Self.sources {
                let arguments = [source.kind, source.project ?? "", source.title.joined(separator: ","), source.body.joined(separator: ",")]
                    .map { "'\($0)'" }.joined(separator: ", ")
                try await sql.raw("""
                    CREATE TRIGGER \(unsafeRaw: source.table)_searched AFTER INSERT OR UPDATE OR DELETE ON \(unsafeRaw: source.table)
                    FOR EACH ROW EXECUTE FUNCTION waymark_index_for_search(\(unsafeRaw: arguments))
                    """).run()
                try await sql.raw("""
                    INSERT INTO search_documents (kind, ref_id, project_id, title, body)
                    SELECT '\(unsafeRaw: source.kind)', id, \(unsafeRaw: source.project ?? "NULL"),
                           btrim(\(unsafeRaw: source.title.map { "COALESCE(\($0), '')" }.joined(separator: " || ' ' || "))),
                           btrim(\(unsafeRaw: source.body.map { "COALESCE(\($0), '')" }.joined(separator: " || ' ' || ")))
                    FROM \(unsafeRaw: source.table)
                    """).run()
            }
        }
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        switch StoreDialect(sql.dialect.name) {
        case .sqlite:
            for source in Self.sources {
                for event in ["insert", "update", "delete"] {
                    try await sql.raw("DROP TRIGGER IF EXISTS \(unsafeRaw: source.table)_searched_\(unsafeRaw: event)").run()
                }
            }
            try await sql.raw("DROP TABLE IF EXISTS search_fts").run()
            try await sql.raw("DROP TABLE IF EXISTS search_documents").run()
        case .postgres:
            for source in Self.sources {
                try await sql.raw("DROP TRIGGER IF EXISTS \(unsafeRaw: source.table)_searched ON \(unsafeRaw: source.table)").run()
            }
            try await sql.raw("DROP FUNCTION IF EXISTS waymark_index_for_search()").run()
            try await sql.raw("DROP TABLE IF EXISTS search_documents").run()
        }
    }
}
