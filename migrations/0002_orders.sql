-- Ordering: promotions, orders with their lines and timeline, and the shop's balance ledger.

-- Bumped by every checkout of the shop: the row lock that serialises one shop's checkouts (its
-- balance) on PostgreSQL; on SQLite the write lock already does.
ALTER TABLE shops ADD COLUMN lock_version BIGINT NOT NULL DEFAULT 0;

CREATE TABLE promotions (
    id BIGINT PRIMARY KEY,
    product_id BIGINT NOT NULL REFERENCES products (id),
    -- 'price_cut' (off_fen per case) or 'free_cases' (free_n free with every buy_n)
    kind TEXT NOT NULL CHECK (kind IN ('price_cut', 'free_cases')),
    off_fen BIGINT NOT NULL DEFAULT 0,
    buy_n BIGINT NOT NULL DEFAULT 0,
    free_n BIGINT NOT NULL DEFAULT 0,
    -- Local dates, inclusive, as YYYY-MM-DD (sortable as text).
    starts_on TEXT NOT NULL,
    ends_on TEXT NOT NULL,
    -- NULL: every shop; otherwise only this one.
    shop_id BIGINT REFERENCES shops (id),
    title_zh TEXT NOT NULL,
    title_en TEXT NOT NULL,
    created_by BIGINT REFERENCES users (id),
    created_ms BIGINT NOT NULL
);
CREATE INDEX promotions_product ON promotions (product_id, ends_on);

CREATE TABLE orders (
    id BIGINT PRIMARY KEY,
    shop_id BIGINT NOT NULL REFERENCES shops (id),
    placed_by BIGINT NOT NULL REFERENCES users (id),
    -- Made on the device when the shop tapped "place order"; the same key never makes a second order.
    idempotency_key TEXT NOT NULL,
    -- What was asked for (lines and balance choice), so that a reused key with another cart is refused.
    request_hash TEXT NOT NULL,
    status TEXT NOT NULL,
    goods_fen BIGINT NOT NULL,
    balance_used_fen BIGINT NOT NULL,
    payable_fen BIGINT NOT NULL,
    promised_on TEXT NOT NULL,
    warehouse_id BIGINT NOT NULL REFERENCES warehouses (id),
    created_ms BIGINT NOT NULL,
    UNIQUE (shop_id, idempotency_key)
);
CREATE INDEX orders_shop ON orders (shop_id, created_ms);

CREATE TABLE order_lines (
    order_id BIGINT NOT NULL REFERENCES orders (id),
    line_no BIGINT NOT NULL,
    product_id BIGINT NOT NULL REFERENCES products (id),
    name_zh TEXT NOT NULL,
    name_en TEXT NOT NULL,
    pack_size BIGINT NOT NULL,
    cases BIGINT NOT NULL CHECK (cases > 0),
    free_cases BIGINT NOT NULL CHECK (free_cases >= 0),
    case_price_fen BIGINT NOT NULL,
    line_fen BIGINT NOT NULL,
    PRIMARY KEY (order_id, line_no)
);
CREATE INDEX order_lines_product ON order_lines (product_id);

-- The timeline: every status an order reached, who moved it there and when.
CREATE TABLE order_events (
    order_id BIGINT NOT NULL REFERENCES orders (id),
    seq BIGINT NOT NULL,
    status TEXT NOT NULL,
    actor BIGINT NOT NULL REFERENCES users (id),
    at_ms BIGINT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (order_id, seq)
);

-- The shop's balance is the sum of its ledger; it never changes without an entry here.
CREATE TABLE ledger (
    id BIGINT PRIMARY KEY,
    shop_id BIGINT NOT NULL REFERENCES shops (id),
    amount_fen BIGINT NOT NULL,
    -- 'opening', 'checkout', 'refund', 'claim'
    kind TEXT NOT NULL,
    order_id BIGINT REFERENCES orders (id),
    note TEXT NOT NULL DEFAULT '',
    created_ms BIGINT NOT NULL
);
CREATE INDEX ledger_shop ON ledger (shop_id);
