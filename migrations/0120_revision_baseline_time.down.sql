-- Nothing to undo in the schema: the old dates were the time of a later
-- edit, which the up migration corrected and did not keep.
SELECT 1;
