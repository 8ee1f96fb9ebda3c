-- Chats whose newest message is the customer's were waiting for the shop before this column
-- existed: mark them waiting since that message (the "Menunggu" filter shows them; only those
-- newer than a day can still raise an owner alert, see the waiting-alert sweep).
UPDATE "conversations" SET "waiting_since" = "last_customer_message_at"
WHERE "waiting_since" IS NULL AND "last_message_direction" = 'in' AND "last_customer_message_at" IS NOT NULL;
