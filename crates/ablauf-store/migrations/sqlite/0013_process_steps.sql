-- The landscape's step index: every step of every process's current
-- (as-is) block model as a row, written in the same transaction as the
-- model (save, restore, import, undo, delete), so landscape figures and
-- pattern queries never load or parse a model. Positions are the reading
-- order of ablauf-analysis's Flow; predecessors lists the positions of the
-- steps a step directly follows ("0,3"), branch_path the branchings around
-- it ("v:<variant id>:<branch index>/p:<parallel id>:<branch index>").
CREATE TABLE process_steps (
    process_id BLOB NOT NULL REFERENCES processes (id) ON DELETE CASCADE,
    organization_id BLOB NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    step_id TEXT NOT NULL,
    label TEXT NOT NULL,
    subprocess_index INTEGER NOT NULL,
    subprocess_id TEXT NOT NULL,
    block TEXT NOT NULL,
    medium TEXT,
    it_system TEXT,
    -- The step's own org unit, else its subprocess's.
    org_unit TEXT,
    pay_grade TEXT,
    processing_minutes REAL,
    waiting_minutes REAL,
    share REAL,
    -- Share of cases reaching the step's place (variant shares around it).
    reach REAL NOT NULL,
    predecessors TEXT NOT NULL,
    branch_path TEXT NOT NULL,
    PRIMARY KEY (process_id, position)
);
CREATE INDEX process_steps_org_block ON process_steps (organization_id, block);

-- Per process with a model: the organisation's step revision of its last
-- change (model saved, renamed, deleted), its name for the answers, and
-- whether it is gone. Every instance keeps an in-memory PatternIndex per
-- organisation and brings it up to date from the rows with a higher
-- revision than its own before it answers (one indexed query).
CREATE TABLE step_sets (
    process_id BLOB NOT NULL,
    organization_id BLOB NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    rev BIGINT NOT NULL,
    gone INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (organization_id, process_id)
);
CREATE INDEX step_sets_rev ON step_sets (organization_id, rev);

CREATE TABLE step_revs (
    organization_id BLOB PRIMARY KEY REFERENCES organizations (id) ON DELETE CASCADE,
    rev BIGINT NOT NULL
);

-- Pattern queries an organisation keeps to run again: a name and the
-- query's JSON (ablauf-analysis PatternQuery).
CREATE TABLE pattern_queries (
    id BLOB PRIMARY KEY,
    organization_id BLOB NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    query TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (organization_id, name)
);
