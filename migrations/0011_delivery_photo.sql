-- Proof of delivery: a photo taken at the door when the shop signs. It is kept with the order (the
-- order page, the dispatcher and the reviewer of a short-delivery claim see it) and, being kept, is
-- never swept as an unattached upload.
ALTER TABLE evidence ADD COLUMN order_id BIGINT;
ALTER TABLE orders ADD COLUMN delivery_photo_id BIGINT;
