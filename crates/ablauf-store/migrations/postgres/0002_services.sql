-- The federal service catalogue (LeiKa with its OZG services), shared by
-- every organisation of the instance; imported by the operator.
CREATE TABLE services (
    leika_key TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    typisierung TEXT NOT NULL DEFAULT '',
    legal_basis TEXT NOT NULL DEFAULT '',
    ozg_id TEXT NOT NULL DEFAULT '',
    ozg_service TEXT NOT NULL DEFAULT '',
    lebenslage TEXT NOT NULL DEFAULT '',
    themenfeld TEXT NOT NULL DEFAULT '',
    -- name folded in Rust (lower case, ß → ss) so matching is the same on both backends
    name_folded TEXT NOT NULL DEFAULT '',
    updated_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX services_name ON services (name_folded);
