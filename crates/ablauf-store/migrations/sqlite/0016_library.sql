-- The shared library (Musterprozessbibliothek).

-- Library editors (Redaktion) are named by the operator, platform-wide.
-- The per-membership flag of earlier versions becomes this grant; the
-- column stays but is no longer read.
CREATE TABLE library_editors (
    user_id BLOB PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    granted_by BLOB REFERENCES users (id) ON DELETE SET NULL,
    granted_at TEXT NOT NULL
);
INSERT INTO library_editors (user_id, granted_at)
    SELECT user_id, MIN(created_at) FROM memberships WHERE library_editor GROUP BY user_id;
UPDATE memberships SET library_editor = 0;

-- Whether the library may name the organisation among a template's users.
ALTER TABLE organizations ADD COLUMN library_usage_public BOOLEAN NOT NULL DEFAULT 0;

-- A template: the columns mirror its current version for finding it.
CREATE TABLE templates (
    id BLOB PRIMARY KEY,
    name TEXT NOT NULL,
    major BIGINT NOT NULL,
    minor BIGINT NOT NULL,
    service_key TEXT,
    service_name TEXT NOT NULL DEFAULT '',
    themenfeld TEXT NOT NULL DEFAULT '',
    lebenslage TEXT NOT NULL DEFAULT '',
    -- organisation kind codes the template suits, separated by spaces ('' = any)
    suits TEXT NOT NULL DEFAULT '',
    step_count BIGINT NOT NULL DEFAULT 0,
    source_organization_id BLOB REFERENCES organizations (id) ON DELETE SET NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX templates_service ON templates (service_key);

-- Every released version stays readable. `content` is the neutral
-- Steckbrief and model (JSON, ablauf-library's Content).
CREATE TABLE template_versions (
    template_id BLOB NOT NULL REFERENCES templates (id) ON DELETE CASCADE,
    major BIGINT NOT NULL,
    minor BIGINT NOT NULL,
    content TEXT NOT NULL,
    release_notes TEXT NOT NULL DEFAULT '',
    released_by BLOB REFERENCES users (id) ON DELETE SET NULL,
    released_at TEXT NOT NULL,
    proposal_id BLOB,
    PRIMARY KEY (template_id, major, minor)
);

-- A proposal: a new template, or (template_id set) a change to one based
-- on its version base_major.base_minor. state: open, changes_requested,
-- rejected, released.
CREATE TABLE proposals (
    id BLOB PRIMARY KEY,
    organization_id BLOB NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    process_id BLOB REFERENCES processes (id) ON DELETE SET NULL,
    process_version BIGINT NOT NULL,
    template_id BLOB REFERENCES templates (id) ON DELETE CASCADE,
    base_major BIGINT,
    base_minor BIGINT,
    name TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    content TEXT NOT NULL,
    -- how the proposing organisation's units and names map to the
    -- content's roles and names (JSON, ablauf-library's Mapping)
    mapping TEXT NOT NULL DEFAULT '{}',
    state TEXT NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    created_by BLOB REFERENCES users (id) ON DELETE SET NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    decided_by BLOB REFERENCES users (id) ON DELETE SET NULL,
    decided_at TEXT,
    released_major BIGINT,
    released_minor BIGINT
);
CREATE INDEX proposals_state ON proposals (state, updated_at);
CREATE INDEX proposals_org ON proposals (organization_id, state);

CREATE TABLE proposal_comments (
    id BLOB PRIMARY KEY,
    proposal_id BLOB NOT NULL REFERENCES proposals (id) ON DELETE CASCADE,
    author_id BLOB REFERENCES users (id) ON DELETE SET NULL,
    author_name TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX proposal_comments_proposal ON proposal_comments (proposal_id, created_at);

-- A process of an organisation that came from a template (adopted, or
-- proposed and released): the version it is based on, how its roles and
-- names map to the organisation (JSON, ablauf-library's Mapping), and a
-- version the organisation chose to skip.
CREATE TABLE process_lineage (
    process_id BLOB PRIMARY KEY REFERENCES processes (id) ON DELETE CASCADE,
    organization_id BLOB NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    template_id BLOB NOT NULL REFERENCES templates (id) ON DELETE CASCADE,
    major BIGINT NOT NULL,
    minor BIGINT NOT NULL,
    mapping TEXT NOT NULL,
    skipped_major BIGINT,
    skipped_minor BIGINT,
    adopted BOOLEAN NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX process_lineage_template ON process_lineage (template_id, major, minor);
CREATE INDEX process_lineage_org ON process_lineage (organization_id);
