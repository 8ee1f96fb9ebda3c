ALTER TABLE "conversations" ADD COLUMN "last_message_type" text;--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "last_message_media" jsonb;