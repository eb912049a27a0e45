-- Claims filed by shops: keyed by the device (a claim sent twice is filed once), with a courier
-- pickup day for slow sellers and evidence photos stored as files outside the web root.

ALTER TABLE claims ADD COLUMN client_key TEXT;
ALTER TABLE claims ADD COLUMN pickup_on TEXT;
CREATE UNIQUE INDEX claims_client_key ON claims (shop_id, client_key) WHERE client_key IS NOT NULL;
CREATE INDEX claims_line ON claims (order_id, line_no);

CREATE TABLE evidence (
    id BIGINT PRIMARY KEY,
    shop_id BIGINT NOT NULL REFERENCES shops (id),
    -- Set when the claim is filed; until then only the uploader's shop can use it.
    claim_id BIGINT REFERENCES claims (id),
    -- Made on the device: an upload sent twice is stored once.
    client_key TEXT NOT NULL,
    -- A generated name in the evidence directory (never the uploader's file name).
    file_name TEXT NOT NULL,
    content_type TEXT NOT NULL,
    bytes BIGINT NOT NULL,
    created_by BIGINT NOT NULL REFERENCES users (id),
    created_ms BIGINT NOT NULL,
    UNIQUE (shop_id, client_key)
);
CREATE INDEX evidence_claim ON evidence (claim_id);
