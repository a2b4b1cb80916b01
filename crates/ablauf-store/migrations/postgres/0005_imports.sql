-- Register imports waiting for confirmation: the rows as checked at upload
-- (JSON), so the preview and the apply step see the same data. Kept for a
-- day; nothing reaches the register before the person confirms.
CREATE TABLE pending_imports (
    id UUID PRIMARY KEY,
    organization_id UUID NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    user_id UUID NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    file_name TEXT NOT NULL,
    payload TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX pending_imports_org ON pending_imports (organization_id, user_id);
