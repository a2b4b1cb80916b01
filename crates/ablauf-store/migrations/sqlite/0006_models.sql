-- Process models, versioned with the process: each version carries the
-- building-block model (JSON of the ablauf-model crate) and, when the model
-- was last saved as BPMN (BPMN editor, import, API), that BPMN text as it
-- came, so a file from another tool goes out again unchanged.
ALTER TABLE process_versions ADD COLUMN model TEXT;
ALTER TABLE process_versions ADD COLUMN model_bpmn TEXT;

-- What a pending import holds: a register sheet or a BPMN file.
ALTER TABLE pending_imports ADD COLUMN kind TEXT NOT NULL DEFAULT 'register';

-- An organisation's changes to the default building-block catalogue:
-- renamed, hidden or re-iconed default blocks and categories, and blocks and
-- categories of its own (custom = true). Models refer to blocks by key, so a
-- hidden block keeps working in existing models.
CREATE TABLE block_categories (
    organization_id BLOB NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    key TEXT NOT NULL,
    name TEXT NOT NULL,
    hidden BOOLEAN NOT NULL DEFAULT 0,
    custom BOOLEAN NOT NULL DEFAULT 0,
    position BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (organization_id, key)
);

CREATE TABLE block_types (
    organization_id BLOB NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    key TEXT NOT NULL,
    category_key TEXT NOT NULL,
    name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    icon TEXT NOT NULL,
    hidden BOOLEAN NOT NULL DEFAULT 0,
    custom BOOLEAN NOT NULL DEFAULT 0,
    position BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (organization_id, key)
);
