-- Failed sign-ins, counted per phone number and per client address in one-minute buckets. In the
-- database, so that every server instance behind a load balancer sees the same counts; old
-- buckets are deleted by the housekeeping sweep.
CREATE TABLE sign_in_failures (
    -- 'phone:13800000001' or 'addr:203.0.113.7'
    bucket TEXT NOT NULL,
    -- Unix minutes.
    minute BIGINT NOT NULL,
    failures BIGINT NOT NULL,
    PRIMARY KEY (bucket, minute)
);
CREATE INDEX sign_in_failures_minute ON sign_in_failures (minute);

-- Sessions expire after a while without use as well as 30 days after sign-in; the account page
-- lists them (when used last, from what).
ALTER TABLE sessions ADD COLUMN last_seen_ms BIGINT NOT NULL DEFAULT 0;
ALTER TABLE sessions ADD COLUMN user_agent TEXT NOT NULL DEFAULT '';
UPDATE sessions SET last_seen_ms = created_ms;

-- Evidence photos: the SHA-256 of their bytes (a device key sent again with other bytes is
-- refused), and photos never attached to a claim are found by age for the sweep.
ALTER TABLE evidence ADD COLUMN sha256 TEXT;
CREATE INDEX evidence_unattached ON evidence (created_ms) WHERE claim_id IS NULL;
CREATE INDEX evidence_shop_day ON evidence (shop_id, created_ms);
