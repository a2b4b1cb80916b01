-- Audit summaries become a message key with arguments, rendered from the
-- catalogue when read. Rows written before keep their German sentence in
-- `summary` (and NULL here); new rows write '' there.
ALTER TABLE audit_events ADD COLUMN summary_key TEXT;
ALTER TABLE audit_events ADD COLUMN summary_args TEXT;
