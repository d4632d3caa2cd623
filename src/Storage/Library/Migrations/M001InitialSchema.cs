namespace Spacedrive.Storage.Library.Migrations;

/// <summary>
/// The VDFS tables (docs/DATA.md). Conventions:
/// - STRICT tables: a value of the wrong type (a Guid bound as a BLOB, a DateTime bound as TEXT) fails
///   at once instead of being stored and never matched.
/// - uuid: TEXT, canonical lowercase 36 characters (Guid.ToString("D")), on every row that can sync. The
///   CHECK rejects Microsoft.Data.Sqlite's default binding of a Guid (uppercase text), which would
///   otherwise be stored and then never match a lowercase lookup.
/// - times: INTEGER nanoseconds since the Unix epoch (UnixNanos).
/// - device-owned rows (volumes, locations, entries) carry device_id; shared rows carry hlc, the
///   hybrid logical clock string of their last write (NULL until the sync layer has stamped it).
/// - entry_closure, directory_paths and tag_closure are local and derived (rebuildable): no uuid, no FKs,
///   maintained only by EntryClosure.
/// </summary>
internal sealed class M001InitialSchema : SqlMigration
{
    public override int Version => 1;

    public override string Name => "initial_schema";

    protected override string Sql => """
        CREATE TABLE devices (
            id              INTEGER PRIMARY KEY,
            uuid            TEXT    NOT NULL UNIQUE CHECK (length(uuid) = 36 AND uuid = lower(uuid)),
            name            TEXT    NOT NULL,
            slug            TEXT    NOT NULL,
            os              TEXT,
            os_version      TEXT,
            hardware_model  TEXT,
            -- The row of the device this database lives on (local fact, not synced).
            is_current      INTEGER NOT NULL DEFAULT 0 CHECK (is_current IN (0, 1)),
            is_online       INTEGER NOT NULL DEFAULT 0 CHECK (is_online IN (0, 1)),
            last_seen_at    INTEGER,
            created_at      INTEGER NOT NULL,
            updated_at      INTEGER NOT NULL,
            hlc             TEXT
        ) STRICT;
        CREATE UNIQUE INDEX idx_devices_one_current ON devices (is_current) WHERE is_current = 1;

        CREATE TABLE volumes (
            id                  INTEGER PRIMARY KEY,
            uuid                TEXT    NOT NULL UNIQUE CHECK (length(uuid) = 36 AND uuid = lower(uuid)),
            device_id           INTEGER NOT NULL REFERENCES devices (id),
            -- A removable disk seen by two devices is two rows (one per owner), hence unique per device.
            fingerprint         TEXT    NOT NULL,
            name                TEXT    NOT NULL,
            mount_point         TEXT,
            file_system         TEXT,
            total_capacity      INTEGER,
            available_capacity  INTEGER,
            is_removable        INTEGER NOT NULL DEFAULT 0 CHECK (is_removable IN (0, 1)),
            is_network          INTEGER NOT NULL DEFAULT 0 CHECK (is_network IN (0, 1)),
            is_online           INTEGER NOT NULL DEFAULT 1 CHECK (is_online IN (0, 1)),
            last_seen_at        INTEGER,
            created_at          INTEGER NOT NULL,
            updated_at          INTEGER NOT NULL,
            UNIQUE (device_id, fingerprint)
        ) STRICT;

        CREATE TABLE locations (
            id                INTEGER PRIMARY KEY,
            uuid              TEXT    NOT NULL UNIQUE CHECK (length(uuid) = 36 AND uuid = lower(uuid)),
            device_id         INTEGER NOT NULL REFERENCES devices (id),
            -- The root entry. Nullable: a location exists before its root entry does (and arrives
            -- before it during sync).
            entry_id          INTEGER REFERENCES entries (id) ON DELETE SET NULL,
            volume_id         INTEGER REFERENCES volumes (id) ON DELETE SET NULL,
            name              TEXT    NOT NULL,
            path              TEXT    NOT NULL,
            index_mode        TEXT    NOT NULL DEFAULT 'content' CHECK (index_mode IN ('none', 'shallow', 'content', 'deep')),
            scan_state        TEXT    NOT NULL DEFAULT 'pending' CHECK (scan_state IN ('pending', 'scanning', 'completed', 'error')),
            last_scan_at      INTEGER,
            error_message     TEXT,
            total_file_count  INTEGER NOT NULL DEFAULT 0,
            total_byte_size   INTEGER NOT NULL DEFAULT 0,
            is_offline        INTEGER NOT NULL DEFAULT 0 CHECK (is_offline IN (0, 1)),
            job_policies      TEXT,
            created_at        INTEGER NOT NULL,
            updated_at        INTEGER NOT NULL,
            UNIQUE (device_id, path)
        ) STRICT;
        CREATE INDEX idx_locations_entry ON locations (entry_id);

        CREATE TABLE content_identities (
            id                INTEGER PRIMARY KEY,
            uuid              TEXT    NOT NULL UNIQUE CHECK (length(uuid) = 36 AND uuid = lower(uuid)),
            content_hash      TEXT    NOT NULL UNIQUE CHECK (length(content_hash) = 16),
            -- Full-file BLAKE3 (hex), written by validation; NULL until then.
            integrity_hash    TEXT,
            total_size        INTEGER NOT NULL,
            kind              INTEGER NOT NULL DEFAULT 0,
            mime              TEXT,
            -- Entries of this library linked to this content; kept by triggers on entries, never by hand.
            entry_count       INTEGER NOT NULL DEFAULT 0,
            first_seen_at     INTEGER NOT NULL,
            last_verified_at  INTEGER NOT NULL,
            hlc               TEXT
        ) STRICT;

        CREATE TABLE entries (
            id              INTEGER PRIMARY KEY,
            uuid            TEXT    NOT NULL CHECK (length(uuid) = 36 AND uuid = lower(uuid)),
            device_id       INTEGER NOT NULL REFERENCES devices (id),
            location_id     INTEGER NOT NULL REFERENCES locations (id),
            parent_id       INTEGER REFERENCES entries (id),
            -- The full file name, extension included (Spacedrive stores the stem; the full name makes
            -- (parent_id, name) unique and is what users search for).
            name            TEXT    NOT NULL CHECK (length(name) > 0),
            -- Lowercase, without the dot; NULL for directories and for names without one.
            extension       TEXT,
            -- 0 file, 1 directory, 2 symlink, 3 other (fifo, socket, device node).
            kind            INTEGER NOT NULL CHECK (kind IN (0, 1, 2, 3)),
            size            INTEGER NOT NULL DEFAULT 0,
            aggregate_size  INTEGER NOT NULL DEFAULT 0,
            child_count     INTEGER NOT NULL DEFAULT 0,
            file_count      INTEGER NOT NULL DEFAULT 0,
            inode           INTEGER,
            volume_id       INTEGER REFERENCES volumes (id),
            created_at      INTEGER,
            modified_at     INTEGER,
            accessed_at     INTEGER,
            indexed_at      INTEGER NOT NULL,
            content_id      INTEGER REFERENCES content_identities (id),
            -- Content kind guessed from the extension (ContentKind id) until content is identified.
            category        INTEGER,
            hidden          INTEGER NOT NULL DEFAULT 0 CHECK (hidden IN (0, 1)),
            permissions     INTEGER,
            symlink_target  TEXT
        ) STRICT;
        CREATE UNIQUE INDEX idx_entries_uuid ON entries (uuid);
        -- Roots have parent_id NULL; NULLs are distinct, so every location may have its own root.
        CREATE UNIQUE INDEX idx_entries_parent_name ON entries (parent_id, name);
        -- Serves "entries of a location" and move detection "same inode in this location".
        CREATE INDEX idx_entries_location_inode ON entries (location_id, inode);
        CREATE INDEX idx_entries_content ON entries (content_id) WHERE content_id IS NOT NULL;

        -- Only directories have children: a parent that is not a directory is a bug, caught here.
        CREATE TRIGGER entries_parent_is_directory_on_insert
        BEFORE INSERT ON entries
        WHEN new.parent_id IS NOT NULL AND (SELECT kind FROM entries WHERE id = new.parent_id) IS NOT 1
        BEGIN
            SELECT RAISE(ABORT, 'entries.parent_id must reference a directory');
        END;
        CREATE TRIGGER entries_parent_is_directory_on_update
        BEFORE UPDATE OF parent_id ON entries
        WHEN new.parent_id IS NOT NULL AND (SELECT kind FROM entries WHERE id = new.parent_id) IS NOT 1
        BEGIN
            SELECT RAISE(ABORT, 'entries.parent_id must reference a directory');
        END;

        CREATE TRIGGER entries_content_count_on_insert
        AFTER INSERT ON entries WHEN new.content_id IS NOT NULL
        BEGIN
            UPDATE content_identities SET entry_count = entry_count + 1 WHERE id = new.content_id;
        END;
        CREATE TRIGGER entries_content_count_on_delete
        AFTER DELETE ON entries WHEN old.content_id IS NOT NULL
        BEGIN
            UPDATE content_identities SET entry_count = entry_count - 1 WHERE id = old.content_id;
        END;
        CREATE TRIGGER entries_content_count_on_update
        AFTER UPDATE OF content_id ON entries WHEN old.content_id IS NOT new.content_id
        BEGIN
            UPDATE content_identities SET entry_count = entry_count - 1 WHERE id = old.content_id;
            UPDATE content_identities SET entry_count = entry_count + 1 WHERE id = new.content_id;
        END;

        -- Directory closure: one row (ancestor directory, descendant directory, depth) for every
        -- directory and each of its ancestors, itself included at depth 0. Files and symlinks have
        -- no rows: their ancestors are their parent's. See EntryClosure.
        CREATE TABLE entry_closure (
            ancestor_id    INTEGER NOT NULL,
            descendant_id  INTEGER NOT NULL,
            depth          INTEGER NOT NULL,
            PRIMARY KEY (ancestor_id, descendant_id)
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX idx_entry_closure_descendant ON entry_closure (descendant_id, depth);

        -- Absolute path of every directory entry (local device's view; derived from names + the
        -- location root path).
        CREATE TABLE directory_paths (
            entry_id  INTEGER PRIMARY KEY,
            path      TEXT    NOT NULL
        ) STRICT;
        CREATE INDEX idx_directory_paths_path ON directory_paths (path);

        CREATE TABLE tags (
            id              INTEGER PRIMARY KEY,
            uuid            TEXT    NOT NULL UNIQUE CHECK (length(uuid) = 36 AND uuid = lower(uuid)),
            canonical_name  TEXT    NOT NULL,
            namespace       TEXT,
            display_name    TEXT,
            formal_name     TEXT,
            abbreviation    TEXT,
            aliases         TEXT    NOT NULL DEFAULT '[]' CHECK (json_valid(aliases)),
            tag_type        TEXT    NOT NULL DEFAULT 'standard' CHECK (tag_type IN ('standard', 'organizational', 'privacy', 'system')),
            color           TEXT,
            icon            TEXT,
            description     TEXT,
            privacy_level   TEXT    NOT NULL DEFAULT 'normal' CHECK (privacy_level IN ('normal', 'archive', 'hidden')),
            search_weight   INTEGER NOT NULL DEFAULT 100,
            attributes      TEXT    CHECK (attributes IS NULL OR json_valid(attributes)),
            created_by_device TEXT,
            created_at      INTEGER NOT NULL,
            updated_at      INTEGER NOT NULL,
            hlc             TEXT
        ) STRICT;
        -- Not unique: two devices creating "vacation" concurrently keep both (union, as Spacedrive).
        CREATE INDEX idx_tags_name ON tags (namespace, canonical_name);

        CREATE TABLE tag_relationships (
            id                 INTEGER PRIMARY KEY,
            uuid               TEXT    NOT NULL UNIQUE CHECK (length(uuid) = 36 AND uuid = lower(uuid)),
            parent_id          INTEGER NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
            child_id           INTEGER NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
            relationship_type  TEXT    NOT NULL DEFAULT 'parent_child' CHECK (relationship_type IN ('parent_child', 'synonym', 'related')),
            strength           REAL    NOT NULL DEFAULT 1.0,
            created_at         INTEGER NOT NULL,
            updated_at         INTEGER NOT NULL,
            hlc                TEXT,
            UNIQUE (parent_id, child_id, relationship_type),
            CHECK (parent_id <> child_id)
        ) STRICT;
        CREATE INDEX idx_tag_relationships_child ON tag_relationships (child_id);

        CREATE TABLE tag_closure (
            ancestor_id    INTEGER NOT NULL,
            descendant_id  INTEGER NOT NULL,
            depth          INTEGER NOT NULL,
            path_strength  REAL    NOT NULL DEFAULT 1.0,
            PRIMARY KEY (ancestor_id, descendant_id)
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX idx_tag_closure_descendant ON tag_closure (descendant_id, depth);

        -- Metadata about one entry (entry_uuid) or about every copy of some content
        -- (content_identity_uuid); file-level wins. Scoped by uuid, not row id, because the target may
        -- not have arrived from its owner yet.
        CREATE TABLE user_metadata (
            id                     INTEGER PRIMARY KEY,
            uuid                   TEXT    NOT NULL UNIQUE CHECK (length(uuid) = 36 AND uuid = lower(uuid)),
            entry_uuid             TEXT    CHECK (entry_uuid IS NULL OR (length(entry_uuid) = 36 AND entry_uuid = lower(entry_uuid))),
            content_identity_uuid  TEXT    CHECK (content_identity_uuid IS NULL OR (length(content_identity_uuid) = 36 AND content_identity_uuid = lower(content_identity_uuid))),
            notes                  TEXT,
            favorite               INTEGER NOT NULL DEFAULT 0 CHECK (favorite IN (0, 1)),
            hidden                 INTEGER NOT NULL DEFAULT 0 CHECK (hidden IN (0, 1)),
            custom_data            TEXT    CHECK (custom_data IS NULL OR json_valid(custom_data)),
            created_at             INTEGER NOT NULL,
            updated_at             INTEGER NOT NULL,
            hlc                    TEXT,
            CHECK ((entry_uuid IS NULL) <> (content_identity_uuid IS NULL))
        ) STRICT;
        CREATE UNIQUE INDEX idx_user_metadata_entry ON user_metadata (entry_uuid) WHERE entry_uuid IS NOT NULL;
        CREATE UNIQUE INDEX idx_user_metadata_content ON user_metadata (content_identity_uuid) WHERE content_identity_uuid IS NOT NULL;

        -- A tag applied to a user_metadata scope ("tag application").
        CREATE TABLE user_metadata_tags (
            id                   INTEGER PRIMARY KEY,
            uuid                 TEXT    NOT NULL UNIQUE CHECK (length(uuid) = 36 AND uuid = lower(uuid)),
            user_metadata_id     INTEGER NOT NULL REFERENCES user_metadata (id) ON DELETE CASCADE,
            tag_id               INTEGER NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
            applied_context      TEXT,
            applied_variant      TEXT,
            confidence           REAL    NOT NULL DEFAULT 1.0,
            source               TEXT    NOT NULL DEFAULT 'user' CHECK (source IN ('user', 'ai', 'import', 'sync')),
            instance_attributes  TEXT    CHECK (instance_attributes IS NULL OR json_valid(instance_attributes)),
            device_uuid          TEXT,
            created_at           INTEGER NOT NULL,
            updated_at           INTEGER NOT NULL,
            hlc                  TEXT,
            UNIQUE (user_metadata_id, tag_id)
        ) STRICT;
        CREATE INDEX idx_user_metadata_tags_tag ON user_metadata_tags (tag_id);

        CREATE TABLE collections (
            id           INTEGER PRIMARY KEY,
            uuid         TEXT    NOT NULL UNIQUE CHECK (length(uuid) = 36 AND uuid = lower(uuid)),
            name         TEXT    NOT NULL,
            description  TEXT,
            created_at   INTEGER NOT NULL,
            updated_at   INTEGER NOT NULL,
            hlc          TEXT
        ) STRICT;

        -- Members by entry uuid: a collection may name entries owned by devices not synced yet.
        CREATE TABLE collection_entries (
            collection_id  INTEGER NOT NULL REFERENCES collections (id) ON DELETE CASCADE,
            entry_uuid     TEXT    NOT NULL CHECK (length(entry_uuid) = 36 AND entry_uuid = lower(entry_uuid)),
            uuid           TEXT    NOT NULL UNIQUE CHECK (length(uuid) = 36 AND uuid = lower(uuid)),
            added_at       INTEGER NOT NULL,
            hlc            TEXT,
            PRIMARY KEY (collection_id, entry_uuid)
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX idx_collection_entries_entry ON collection_entries (entry_uuid);

        CREATE TABLE sidecars (
            id               INTEGER PRIMARY KEY,
            uuid             TEXT    NOT NULL UNIQUE CHECK (length(uuid) = 36 AND uuid = lower(uuid)),
            content_uuid     TEXT    NOT NULL CHECK (length(content_uuid) = 36 AND content_uuid = lower(content_uuid)),
            kind             TEXT    NOT NULL,
            variant          TEXT    NOT NULL,
            format           TEXT    NOT NULL,
            rel_path         TEXT    NOT NULL,
            source_entry_id  INTEGER REFERENCES entries (id) ON DELETE SET NULL,
            size             INTEGER,
            checksum         TEXT,
            status           TEXT    NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'ready', 'failed')),
            source           TEXT,
            created_at       INTEGER NOT NULL,
            updated_at       INTEGER NOT NULL,
            hlc              TEXT,
            UNIQUE (content_uuid, kind, variant)
        ) STRICT;
        CREATE INDEX idx_sidecars_source_entry ON sidecars (source_entry_id) WHERE source_entry_id IS NOT NULL;

        -- Every committed action. hash = BLAKE3 over this record and prev_hash (the previous record
        -- written by the same device), so each device's chain shows tampering.
        CREATE TABLE audit_log (
            id          INTEGER PRIMARY KEY,
            uuid        TEXT    NOT NULL UNIQUE CHECK (length(uuid) = 36 AND uuid = lower(uuid)),
            action      TEXT    NOT NULL,
            targets     TEXT    NOT NULL DEFAULT '[]' CHECK (json_valid(targets)),
            device_id   INTEGER NOT NULL REFERENCES devices (id),
            result      TEXT    NOT NULL CHECK (result IN ('pending', 'succeeded', 'failed', 'cancelled')),
            job_id      TEXT,
            error       TEXT,
            created_at  INTEGER NOT NULL,
            completed_at INTEGER,
            prev_hash   TEXT,
            hash        TEXT    NOT NULL,
            hlc         TEXT
        ) STRICT;
        CREATE INDEX idx_audit_log_device ON audit_log (device_id, id);
        CREATE INDEX idx_audit_log_job ON audit_log (job_id) WHERE job_id IS NOT NULL;

        CREATE TABLE indexer_rules (
            id          INTEGER PRIMARY KEY,
            uuid        TEXT    NOT NULL UNIQUE CHECK (length(uuid) = 36 AND uuid = lower(uuid)),
            name        TEXT    NOT NULL UNIQUE,
            is_default  INTEGER NOT NULL DEFAULT 0 CHECK (is_default IN (0, 1)),
            rules       TEXT    NOT NULL CHECK (json_valid(rules)),
            created_at  INTEGER NOT NULL,
            updated_at  INTEGER NOT NULL
        ) STRICT;
        """;
}
