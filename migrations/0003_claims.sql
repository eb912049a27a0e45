-- Claims and delivery facts.

ALTER TABLE orders ADD COLUMN delivered_ms BIGINT;
ALTER TABLE orders ADD COLUMN driver TEXT NOT NULL DEFAULT '';

CREATE TABLE claims (
    id BIGINT PRIMARY KEY,
    shop_id BIGINT NOT NULL REFERENCES shops (id),
    order_id BIGINT NOT NULL REFERENCES orders (id),
    line_no BIGINT,
    kind TEXT NOT NULL CHECK (kind IN ('price_match', 'late_delivery', 'expiry', 'slow_seller', 'quality', 'short_delivery')),
    status TEXT NOT NULL CHECK (status IN ('submitted', 'in_review', 'pickup_scheduled', 'collected', 'approved', 'rejected', 'paid')),
    units BIGINT NOT NULL DEFAULT 0,
    -- Computed by the rules (claims/rules.rs); a reviewer never raises it.
    amount_fen BIGINT NOT NULL,
    details TEXT NOT NULL DEFAULT '{}',
    reason TEXT NOT NULL DEFAULT '',
    created_by BIGINT REFERENCES users (id),
    created_ms BIGINT NOT NULL,
    decided_by BIGINT REFERENCES users (id),
    decided_ms BIGINT
);
CREATE INDEX claims_shop ON claims (shop_id, created_ms);
-- One late-delivery claim per order, whatever number of servers notice the lateness at once.
CREATE UNIQUE INDEX claims_one_late_per_order ON claims (order_id) WHERE kind = 'late_delivery';

ALTER TABLE ledger ADD COLUMN claim_id BIGINT REFERENCES claims (id);
