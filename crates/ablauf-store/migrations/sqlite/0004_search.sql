-- Search: per process the fields to score (JSON list of [field, text]) and
-- the index terms computed by the ablauf-search crate. All matching logic
-- is in Rust, so both backends find the same.
CREATE TABLE search_docs (
    process_id BLOB PRIMARY KEY REFERENCES processes (id) ON DELETE CASCADE,
    organization_id BLOB NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    fields TEXT NOT NULL
);

CREATE TABLE search_terms (
    organization_id BLOB NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    process_id BLOB NOT NULL REFERENCES processes (id) ON DELETE CASCADE,
    term TEXT NOT NULL
);
CREATE INDEX search_terms_lookup ON search_terms (organization_id, term, process_id);
CREATE INDEX search_terms_process ON search_terms (process_id);
