ALTER TABLE "wa_sessions" ADD COLUMN "fence" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "wa_sessions" ADD COLUMN "replaced_count" integer DEFAULT 0 NOT NULL;