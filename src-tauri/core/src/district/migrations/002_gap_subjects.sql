-- Each gap names its unit or organization by the park's own id, so that a
-- park's gaps read in the district compare with the park's `gaps --json`.
ALTER TABLE sub_gap ADD COLUMN unit TEXT;
ALTER TABLE sub_gap ADD COLUMN org TEXT;
