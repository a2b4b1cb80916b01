-- A register import being applied, in batches of its own transaction each:
-- its state and progress, and per written process what the import did
-- (the version it wrote, the row before for an update), so that a failed
-- or interrupted apply is undone and the register is as before.
CREATE TABLE import_runs (
    id UUID PRIMARY KEY,
    organization_id UUID NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    user_id UUID NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    file_name TEXT NOT NULL,
    -- running, undoing, done, failed
    state TEXT NOT NULL,
    total BIGINT NOT NULL,
    applied BIGINT NOT NULL DEFAULT 0,
    created BIGINT NOT NULL DEFAULT 0,
    updated BIGINT NOT NULL DEFAULT 0,
    message TEXT NOT NULL DEFAULT '',
    started_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX import_runs_org ON import_runs (organization_id, user_id);
CREATE TABLE import_run_rows (
    run_id UUID NOT NULL REFERENCES import_runs (id) ON DELETE CASCADE,
    process_id UUID NOT NULL,
    version BIGINT NOT NULL,
    -- The process row before the import (JSON); NULL for a created process.
    prior TEXT,
    PRIMARY KEY (run_id, process_id)
);
