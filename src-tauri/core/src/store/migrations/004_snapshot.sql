-- Figures derived from the registry, kept so that the desktop program can
-- show its dashboard at once on the next start. Not registry content (not
-- audited, not dumped): each is valid only for the registry state named in
-- its key, and otherwise recomputed.
CREATE TABLE snapshot (
    name TEXT PRIMARY KEY,
    key  TEXT NOT NULL,
    body TEXT NOT NULL
);
