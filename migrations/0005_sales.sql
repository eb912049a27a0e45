-- Salespeople on tablets: brand representatives, the day's route, visits with check-in and
-- check-out, products featured for a shop, and the audit trail of everything done for a shop.

-- NULL, or the brand (its Chinese name, as products.brand_zh) a brand salesperson represents.
ALTER TABLE users ADD COLUMN brand TEXT;

-- Where the shop comes in the salesperson's daily route (lowest first).
ALTER TABLE salesperson_shops ADD COLUMN route_order BIGINT NOT NULL DEFAULT 0;

-- One visit per salesperson, shop and local (China) day.
CREATE TABLE visits (
    id BIGINT PRIMARY KEY,
    salesperson_id BIGINT NOT NULL REFERENCES users (id),
    shop_id BIGINT NOT NULL REFERENCES shops (id),
    -- YYYY-MM-DD, the local date in China.
    visit_on TEXT NOT NULL,
    checked_in_ms BIGINT,
    checked_out_ms BIGINT,
    note TEXT NOT NULL DEFAULT '',
    UNIQUE (salesperson_id, shop_id, visit_on)
);

-- Everything a salesperson (or an admin) did for a shop, readable by the shop and the admin.
CREATE TABLE audit (
    id BIGINT PRIMARY KEY,
    shop_id BIGINT NOT NULL REFERENCES shops (id),
    actor BIGINT NOT NULL REFERENCES users (id),
    -- 'order_placed', 'order_cancelled', 'claim_filed', 'check_in', 'check_out',
    -- 'promotion_sent', 'product_featured', 'assigned', 'unassigned'
    action TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT '',
    order_id BIGINT,
    at_ms BIGINT NOT NULL
);
CREATE INDEX audit_shop ON audit (shop_id, at_ms);

-- A product a salesperson features on one shop's home screen ("new product"), for its dates.
CREATE TABLE featured (
    id BIGINT PRIMARY KEY,
    product_id BIGINT NOT NULL REFERENCES products (id),
    shop_id BIGINT NOT NULL REFERENCES shops (id),
    -- Local dates, inclusive, as YYYY-MM-DD.
    starts_on TEXT NOT NULL,
    ends_on TEXT NOT NULL,
    created_by BIGINT NOT NULL REFERENCES users (id),
    created_ms BIGINT NOT NULL
);
CREATE INDEX featured_shop ON featured (shop_id, ends_on);
