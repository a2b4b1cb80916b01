-- An organisation's analysis parameters (set by its administrator) and the
-- weak-spot rules it switched off. No row: the defaults.
CREATE TABLE analysis_settings (
    organization_id UUID PRIMARY KEY REFERENCES organizations (id) ON DELETE CASCADE,
    net_hours_per_fte DOUBLE PRECISION NOT NULL,
    distribution_surcharge_pct DOUBLE PRECISION NOT NULL,
    hours_per_day DOUBLE PRECISION NOT NULL,
    workplace_cost_eur_per_fte DOUBLE PRECISION NOT NULL,
    -- rule keys, separated by spaces
    disabled_rules TEXT NOT NULL DEFAULT '',
    updated_at TIMESTAMPTZ NOT NULL
);
