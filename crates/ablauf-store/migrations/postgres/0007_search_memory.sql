-- Search answers from an in-memory index per organisation (ablauf-search's
-- Index), built from search_docs and kept current through revisions: every
-- change of a process's search entry takes the organisation's next revision
-- (search_revs, updated in the same transaction, so revisions become visible
-- in order), deletions leave a row in search_gone. The per-term table is gone.
DROP TABLE search_terms;

ALTER TABLE search_docs ADD COLUMN rev BIGINT NOT NULL DEFAULT 0;
CREATE INDEX search_docs_rev ON search_docs (organization_id, rev);

CREATE TABLE search_revs (
    organization_id UUID PRIMARY KEY REFERENCES organizations (id) ON DELETE CASCADE,
    rev BIGINT NOT NULL
);

CREATE TABLE search_gone (
    organization_id UUID NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    process_id UUID NOT NULL,
    rev BIGINT NOT NULL,
    PRIMARY KEY (organization_id, process_id)
);
CREATE INDEX search_gone_rev ON search_gone (organization_id, rev);
