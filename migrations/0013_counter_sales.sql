-- Counter sales (收银) and shelf counts (盘点): what the shop sold to its customers, scanned at
-- the counter and sent from the phone's outbox, and what it counted on its shelf. With the
-- deliveries they give each product's stock on the shelf and its sell-through.

-- One sale, recorded once per phone-made key (an outbox sends it until it is answered).
CREATE TABLE counter_sales (
    id BIGINT PRIMARY KEY,
    shop_id BIGINT NOT NULL REFERENCES shops (id),
    sale_key TEXT NOT NULL,
    -- What the sale held (its merged lines, sorted), to tell a resend from a reused key.
    request_hash TEXT NOT NULL,
    recorded_by BIGINT NOT NULL REFERENCES users (id),
    -- When the customer paid, by the phone's clock (checked against the server's), and when the
    -- server recorded it.
    sold_ms BIGINT NOT NULL,
    recorded_ms BIGINT NOT NULL,
    units BIGINT NOT NULL CHECK (units > 0),
    retail_fen BIGINT NOT NULL CHECK (retail_fen >= 0),
    UNIQUE (shop_id, sale_key)
);
CREATE INDEX counter_sales_shop_sold ON counter_sales (shop_id, sold_ms);

CREATE TABLE counter_sale_lines (
    sale_id BIGINT NOT NULL REFERENCES counter_sales (id),
    product_id BIGINT NOT NULL REFERENCES products (id),
    shop_id BIGINT NOT NULL REFERENCES shops (id),
    sold_ms BIGINT NOT NULL,
    units BIGINT NOT NULL CHECK (units > 0),
    PRIMARY KEY (sale_id, product_id)
);
-- The shelf sums a shop's units sold per product since a time (carries what it sums).
CREATE INDEX counter_sale_lines_shop_product ON counter_sale_lines (shop_id, product_id, sold_ms, units);

-- The last count of each product on a shop's shelf: the shelf is this plus what was delivered
-- after it, less what was sold after it.
CREATE TABLE shelf_counts (
    shop_id BIGINT NOT NULL REFERENCES shops (id),
    product_id BIGINT NOT NULL REFERENCES products (id),
    units BIGINT NOT NULL CHECK (units >= 0),
    counted_ms BIGINT NOT NULL,
    counted_by BIGINT NOT NULL REFERENCES users (id),
    PRIMARY KEY (shop_id, product_id)
);
