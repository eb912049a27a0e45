-- Brands and distributors, and where the shops are: the brand side's insight from order data.

-- A brand operator is an account of a brand or of a distributor, seeing its own products' numbers.
-- The role CHECK of 0001 cannot be widened with SQL both databases share (SQLite cannot alter a
-- CHECK, and users cannot be rebuilt under the foreign keys that point at it), so an operator's
-- users row keeps role 'salesperson' and this table makes it an operator: the session reads such
-- a user as `Role::BrandOperator` (never as a salesperson), and the salesperson lists leave them
-- out. One row per brand the account carries (a distributor may carry several).
CREATE TABLE brand_operators (
    user_id BIGINT NOT NULL REFERENCES users (id),
    -- As products.brand_zh.
    brand TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('brand', 'distributor')),
    PRIMARY KEY (user_id, brand)
);

-- Where a shop is: its city, the county town or city district within it, which of the two that
-- is, and what kind of shop it is. Shops from before this migration are unplaced ('').
ALTER TABLE shops ADD COLUMN city TEXT NOT NULL DEFAULT '';
ALTER TABLE shops ADD COLUMN town TEXT NOT NULL DEFAULT '';
-- 'district' (城区) or 'county' (县城); '' unplaced.
ALTER TABLE shops ADD COLUMN town_kind TEXT NOT NULL DEFAULT '';
-- 'convenience', 'grocery', 'tobacco', 'supermarket', 'kiosk'; '' unknown.
ALTER TABLE shops ADD COLUMN kind TEXT NOT NULL DEFAULT '';

-- The insight queries start from a brand's products, then walk their order lines (this index
-- carries what they sum, so the lines' table is not read) to the orders by primary key.
CREATE INDEX products_brand ON products (brand_zh, id);
CREATE INDEX order_lines_product_order ON order_lines (product_id, order_id, cases, line_fen);
-- Orders by time with what the insight needs of them (window scans, the benchmark's day buckets).
CREATE INDEX orders_created ON orders (created_ms, shop_id, status);
CREATE INDEX shops_place ON shops (city, town);
