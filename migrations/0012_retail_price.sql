-- The maker's suggested retail price of one unit (建议零售价), in fen; 0 where it is not known. The
-- shop's numbers page estimates the shop's margin from it (units delivered at this price, less what
-- the shop paid for them).
ALTER TABLE products ADD COLUMN retail_fen BIGINT NOT NULL DEFAULT 0;
