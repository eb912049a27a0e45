-- Codes a shop scanned that the catalogue does not have: "please stock this". One row per shop and
-- code, counted, so buyers see what shops ask for most.
CREATE TABLE stock_requests (
    shop_id BIGINT NOT NULL REFERENCES shops (id),
    code TEXT NOT NULL,
    asked BIGINT NOT NULL DEFAULT 1,
    first_ms BIGINT NOT NULL,
    last_ms BIGINT NOT NULL,
    last_by BIGINT NOT NULL REFERENCES users (id),
    PRIMARY KEY (shop_id, code)
);
