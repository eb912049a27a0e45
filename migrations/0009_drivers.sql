-- The warehouse's drivers: the dispatcher picks one (not free text), and the shop can call them
-- from the order page. The order keeps the name and phone as they were when it was dispatched.
CREATE TABLE drivers (
    id BIGINT PRIMARY KEY,
    warehouse_id BIGINT NOT NULL REFERENCES warehouses (id),
    name TEXT NOT NULL,
    phone TEXT NOT NULL,
    UNIQUE (warehouse_id, name)
);
ALTER TABLE orders ADD COLUMN driver_phone TEXT NOT NULL DEFAULT '';
