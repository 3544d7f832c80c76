-- Tamper evidence: each audit entry carries a SHA-256 over its own content
-- and the previous entry's hash. Entries written before this version get
-- their hashes while this migration runs, in its transaction (store::migrate).
ALTER TABLE audit ADD COLUMN hash TEXT;
