-- The to-be model (Soll) of a process, versioned with it beside the as-is
-- model (Ist, `model`/`model_bpmn`): the block model (JSON) and, when it was
-- last saved as BPMN, that text. Both NULL: the process has no Soll model.
-- Every version carries both models, so restoring a version restores both.
ALTER TABLE process_versions ADD COLUMN to_be_model TEXT;
ALTER TABLE process_versions ADD COLUMN to_be_model_bpmn TEXT;
