-- A short number for people: each shop's orders are numbered 1, 2, 3… in the order they were
-- placed (the id stays the key; it is too long to read out on the phone). Given inside the
-- checkout transaction, after the shop's lock, so two checkouts of one shop never get the same
-- number; 0 while the order is still being placed.
ALTER TABLE orders ADD COLUMN number BIGINT NOT NULL DEFAULT 0;
UPDATE orders SET number = (
    SELECT COUNT(*) FROM orders o2
    WHERE o2.shop_id = orders.shop_id AND o2.status <> 'pending'
      AND (o2.created_ms < orders.created_ms OR (o2.created_ms = orders.created_ms AND o2.id <= orders.id))
) WHERE status <> 'pending';
CREATE UNIQUE INDEX orders_shop_number ON orders (shop_id, number) WHERE number > 0;
