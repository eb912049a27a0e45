-- The walking skeleton's schema. Portable between SQLite and PostgreSQL: BIGINT ids chosen by the
-- application, money in integer fen, times as Unix milliseconds (BIGINT), flags as BIGINT 0/1
-- (sqlx's Any driver cannot decode SQLite's BOOLEAN columns).

CREATE TABLE warehouses (
    id BIGINT PRIMARY KEY,
    name_zh TEXT NOT NULL,
    name_en TEXT NOT NULL,
    -- Local time of the daily cut-off, minutes after midnight (18:00 = 1080).
    cutoff_minute BIGINT NOT NULL,
    lead_days BIGINT NOT NULL,
    -- The warehouse's local time is UTC plus this many minutes (China: 480).
    utc_offset_minutes BIGINT NOT NULL
);

CREATE TABLE shops (
    id BIGINT PRIMARY KEY,
    name TEXT NOT NULL,
    address TEXT NOT NULL,
    warehouse_id BIGINT NOT NULL REFERENCES warehouses (id),
    created_ms BIGINT NOT NULL
);

CREATE TABLE users (
    id BIGINT PRIMARY KEY,
    phone TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('shop_owner', 'salesperson', 'dispatcher', 'reviewer', 'admin')),
    password_hash TEXT NOT NULL,
    -- Set for shop owners only: the one shop they see.
    shop_id BIGINT REFERENCES shops (id),
    created_ms BIGINT NOT NULL,
    CHECK ((role = 'shop_owner') = (shop_id IS NOT NULL))
);

-- Which shops a salesperson looks after.
CREATE TABLE salesperson_shops (
    user_id BIGINT NOT NULL REFERENCES users (id),
    shop_id BIGINT NOT NULL REFERENCES shops (id),
    assigned_ms BIGINT NOT NULL,
    PRIMARY KEY (user_id, shop_id)
);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id),
    created_ms BIGINT NOT NULL,
    expires_ms BIGINT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE products (
    id BIGINT PRIMARY KEY,
    sku TEXT NOT NULL UNIQUE,
    name_zh TEXT NOT NULL,
    name_en TEXT NOT NULL,
    pinyin_full TEXT NOT NULL,
    pinyin_initials TEXT NOT NULL,
    brand_zh TEXT NOT NULL,
    brand_en TEXT NOT NULL,
    category TEXT NOT NULL,
    spec TEXT NOT NULL,
    pack_size BIGINT NOT NULL CHECK (pack_size > 0),
    case_price_fen BIGINT NOT NULL CHECK (case_price_fen > 0),
    min_cases BIGINT NOT NULL CHECK (min_cases > 0),
    max_cases BIGINT NOT NULL CHECK (max_cases >= min_cases),
    -- Stock in the serving warehouse, in cases. Never negative: reservations check it atomically.
    stock_cases BIGINT NOT NULL CHECK (stock_cases >= 0),
    shelf_life_days BIGINT,
    is_new BIGINT NOT NULL CHECK (is_new IN (0, 1)),
    is_own_brand BIGINT NOT NULL CHECK (is_own_brand IN (0, 1)),
    is_trending BIGINT NOT NULL CHECK (is_trending IN (0, 1)),
    is_price_guaranteed BIGINT NOT NULL CHECK (is_price_guaranteed IN (0, 1)),
    is_snack BIGINT NOT NULL CHECK (is_snack IN (0, 1)),
    popularity BIGINT NOT NULL,
    created_ms BIGINT NOT NULL,
    -- Lower-cased names, brand, pinyin (full and initials) and barcodes, for search.
    search_text TEXT NOT NULL
);
CREATE INDEX products_category ON products (category, popularity);
CREATE INDEX products_popularity ON products (popularity);

CREATE TABLE barcodes (
    code TEXT PRIMARY KEY,
    product_id BIGINT NOT NULL REFERENCES products (id),
    kind TEXT NOT NULL CHECK (kind IN ('unit', 'case'))
);
CREATE INDEX barcodes_product ON barcodes (product_id);

CREATE TABLE price_breaks (
    product_id BIGINT NOT NULL REFERENCES products (id),
    min_cases BIGINT NOT NULL,
    case_price_fen BIGINT NOT NULL,
    PRIMARY KEY (product_id, min_cases)
);
