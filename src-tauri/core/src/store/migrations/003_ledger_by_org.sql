-- The streaming export reads each slice's starter-fund entries by
-- organization; without this index every slice would scan the ledger.
CREATE INDEX ledger_by_org ON ledger(org);
