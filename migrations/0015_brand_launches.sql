-- A brand's launch of a product to the shops a target picks (a city, county towns or districts,
-- kinds of shop): each matching shop gets the product on its featured strip (`featured`) for the
-- launch's days. One row per launch, made once per key from the brand's screen.
CREATE TABLE brand_launches (
    id BIGINT PRIMARY KEY,
    product_id BIGINT NOT NULL REFERENCES products (id),
    operator BIGINT NOT NULL REFERENCES users (id),
    -- '' where the target leaves it open.
    city TEXT NOT NULL,
    town_kind TEXT NOT NULL,
    shop_kind TEXT NOT NULL,
    starts_on TEXT NOT NULL,
    ends_on TEXT NOT NULL,
    shops BIGINT NOT NULL,
    county_shops BIGINT NOT NULL,
    request_key TEXT NOT NULL,
    created_ms BIGINT NOT NULL,
    UNIQUE (operator, request_key)
);
CREATE INDEX shops_target ON shops (city, town_kind, kind);
