-- An organisation's analysis parameters (set by its administrator) and the
-- weak-spot rules it switched off. No row: the defaults.
CREATE TABLE analysis_settings (
    organization_id BLOB PRIMARY KEY REFERENCES organizations (id) ON DELETE CASCADE,
    net_hours_per_fte REAL NOT NULL,
    distribution_surcharge_pct REAL NOT NULL,
    hours_per_day REAL NOT NULL,
    workplace_cost_eur_per_fte REAL NOT NULL,
    -- rule keys, separated by spaces
    disabled_rules TEXT NOT NULL DEFAULT '',
    updated_at TEXT NOT NULL
);
