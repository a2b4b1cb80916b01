-- A register import being applied, in batches of its own transaction each:
-- its state and progress, and per written process what the import did
-- (the version it wrote, the row before for an update), so that a failed
-- or interrupted apply is undone and the register is as before.
CREATE TABLE import_runs (
    id BLOB PRIMARY KEY,
    organization_id BLOB NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    user_id BLOB NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    file_name TEXT NOT NULL,
    -- running, undoing, done, failed
    state TEXT NOT NULL,
    total INTEGER NOT NULL,
    applied INTEGER NOT NULL DEFAULT 0,
    created INTEGER NOT NULL DEFAULT 0,
    updated INTEGER NOT NULL DEFAULT 0,
    message TEXT NOT NULL DEFAULT '',
    started_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX import_runs_org ON import_runs (organization_id, user_id);
CREATE TABLE import_run_rows (
    run_id BLOB NOT NULL REFERENCES import_runs (id) ON DELETE CASCADE,
    process_id BLOB NOT NULL,
    version INTEGER NOT NULL,
    -- The process row before the import (JSON); NULL for a created process.
    prior TEXT,
    PRIMARY KEY (run_id, process_id)
);
