-- Positions (Stellen, in full-time equivalents) an org unit has, if entered:
-- the landscape sets the staffing the processes need against them.
ALTER TABLE org_units ADD COLUMN positions REAL;
