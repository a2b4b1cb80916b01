-- The process register: areas of the process map, processes with their
-- current profile fields (for lists and filters), every saved version.

CREATE TABLE process_areas (
    id BLOB PRIMARY KEY,
    organization_id BLOB NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    parent_id BLOB REFERENCES process_areas (id),
    name TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX process_areas_org ON process_areas (organization_id);

CREATE TABLE processes (
    id BLOB PRIMARY KEY,
    organization_id BLOB NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    area_id BLOB REFERENCES process_areas (id),
    version BIGINT NOT NULL,
    status TEXT NOT NULL,
    name TEXT NOT NULL,
    identifier TEXT NOT NULL,
    service_key TEXT,
    service_name TEXT NOT NULL,
    owner_id BLOB,
    org_unit_id BLOB,
    process_type TEXT,
    criticality TEXT NOT NULL,
    digitisation_level BIGINT,
    released_version BIGINT,
    released_by TEXT,
    released_at TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX processes_org ON processes (organization_id, status);
CREATE INDEX processes_area ON processes (organization_id, area_id);

CREATE TABLE process_versions (
    process_id BLOB NOT NULL REFERENCES processes (id) ON DELETE CASCADE,
    organization_id BLOB NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    version BIGINT NOT NULL,
    status TEXT NOT NULL,
    area_id BLOB,
    profile TEXT NOT NULL,
    author_id BLOB,
    author_name TEXT NOT NULL,
    created_at TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (process_id, version)
);

-- Catalogues the profile refers to: IT systems, legal bases, external
-- parties, documents.
CREATE TABLE catalog_entries (
    id BLOB PRIMARY KEY,
    organization_id BLOB NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT '',
    link TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
);
CREATE UNIQUE INDEX catalog_entries_name ON catalog_entries (organization_id, kind, lower(name));
