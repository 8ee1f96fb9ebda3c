ALTER TABLE "customer_insights" ADD COLUMN "cues" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "ai_configs" ADD COLUMN "vision_enabled" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "ai_configs" ADD COLUMN "media_retention_days" integer;--> statement-breakpoint
ALTER TABLE "media" ADD COLUMN "transcript" text;--> statement-breakpoint
ALTER TABLE "media" ADD COLUMN "description" text;--> statement-breakpoint
ALTER TABLE "media" ADD COLUMN "understanding" text;--> statement-breakpoint
CREATE INDEX "media_tenant_ready_idx" ON "media" USING btree ("tenant_id","created_at") WHERE state = 'ready';