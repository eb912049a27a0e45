-- Promotions with a budget (a brand's money for its offer): what the promotion has given so far
-- is `spent_fen`; a promotion whose budget is spent stops. Each order line remembers the
-- promotion it got and what that cost, so that a cancellation gives the budget back.
-- NULL budget: no limit (the platform's own offers, a salesperson's push).
ALTER TABLE promotions ADD COLUMN budget_fen BIGINT;
ALTER TABLE promotions ADD COLUMN spent_fen BIGINT NOT NULL DEFAULT 0 CHECK (spent_fen >= 0);
ALTER TABLE order_lines ADD COLUMN promo_id BIGINT;
ALTER TABLE order_lines ADD COLUMN promo_cost_fen BIGINT NOT NULL DEFAULT 0 CHECK (promo_cost_fen >= 0);
-- The key the brand's screen made for a promotion it creates: the same request twice (a double
-- tap, a resend) makes one promotion.
ALTER TABLE promotions ADD COLUMN request_key TEXT;
CREATE UNIQUE INDEX promotions_request_key ON promotions (created_by, request_key);
