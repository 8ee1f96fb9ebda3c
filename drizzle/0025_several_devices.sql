-- Several WhatsApp numbers (devices) per tenant. A device is a wa_sessions row with its own id.
-- Existing tenants keep their linked number without a re-scan: their session row becomes the
-- first device with id = tenant_id, so every device_id backfilled below is the tenant id.
-- Tenants with chats or stored keys but no session row get that first device too.
INSERT INTO "wa_sessions" ("tenant_id")
SELECT t."id" FROM "tenants" t
WHERE NOT EXISTS (SELECT 1 FROM "wa_sessions" s WHERE s."tenant_id" = t."id")
  AND (EXISTS (SELECT 1 FROM "conversations" c WHERE c."tenant_id" = t."id")
    OR EXISTS (SELECT 1 FROM "wa_creds" w WHERE w."tenant_id" = t."id")
    OR EXISTS (SELECT 1 FROM "wa_keys" k WHERE k."tenant_id" = t."id")
    OR EXISTS (SELECT 1 FROM "wa_inbound_spool" p WHERE p."tenant_id" = t."id"));--> statement-breakpoint
ALTER TABLE "wa_sessions" ADD COLUMN "id" uuid;--> statement-breakpoint
UPDATE "wa_sessions" SET "id" = "tenant_id";--> statement-breakpoint
ALTER TABLE "wa_sessions" ALTER COLUMN "id" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "wa_sessions" DROP CONSTRAINT "wa_sessions_pkey";--> statement-breakpoint
ALTER TABLE "wa_sessions" ADD CONSTRAINT "wa_sessions_pkey" PRIMARY KEY ("id");--> statement-breakpoint
ALTER TABLE "wa_sessions" ADD COLUMN "name" text DEFAULT 'WhatsApp' NOT NULL;--> statement-breakpoint
ALTER TABLE "wa_sessions" ADD COLUMN "colour" text DEFAULT 'green' NOT NULL;--> statement-breakpoint
ALTER TABLE "wa_sessions" ADD COLUMN "deleted_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "wa_sessions" ADD COLUMN "created_at" timestamp (3) with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "wa_sessions" ADD CONSTRAINT "wa_sessions_tenant_id_id_unique" UNIQUE("tenant_id","id");--> statement-breakpoint
CREATE INDEX "wa_sessions_tenant_idx" ON "wa_sessions" USING btree ("tenant_id","created_at");--> statement-breakpoint
ALTER TABLE "wa_creds" ADD COLUMN "device_id" uuid;--> statement-breakpoint
UPDATE "wa_creds" SET "device_id" = "tenant_id";--> statement-breakpoint
ALTER TABLE "wa_creds" ALTER COLUMN "device_id" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "wa_creds" DROP CONSTRAINT "wa_creds_pkey";--> statement-breakpoint
ALTER TABLE "wa_creds" ADD CONSTRAINT "wa_creds_pkey" PRIMARY KEY ("device_id");--> statement-breakpoint
ALTER TABLE "wa_keys" ADD COLUMN "device_id" uuid;--> statement-breakpoint
UPDATE "wa_keys" SET "device_id" = "tenant_id";--> statement-breakpoint
ALTER TABLE "wa_keys" ALTER COLUMN "device_id" SET NOT NULL;--> statement-breakpoint
DROP INDEX "wa_keys_tenant_type_idx";--> statement-breakpoint
ALTER TABLE "wa_keys" DROP CONSTRAINT "wa_keys_tenant_id_type_id_pk";--> statement-breakpoint
ALTER TABLE "wa_keys" ADD CONSTRAINT "wa_keys_device_id_type_id_pk" PRIMARY KEY("device_id","type","id");--> statement-breakpoint
ALTER TABLE "wa_inbound_spool" ADD COLUMN "device_id" uuid;--> statement-breakpoint
UPDATE "wa_inbound_spool" SET "device_id" = "tenant_id";--> statement-breakpoint
ALTER TABLE "wa_inbound_spool" ALTER COLUMN "device_id" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "wa_inbound_spool" DROP CONSTRAINT "wa_inbound_spool_tenant_id_wa_id_pk";--> statement-breakpoint
ALTER TABLE "wa_inbound_spool" ADD CONSTRAINT "wa_inbound_spool_device_id_wa_id_pk" PRIMARY KEY("device_id","wa_id");--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "device_id" uuid;--> statement-breakpoint
UPDATE "conversations" SET "device_id" = "tenant_id";--> statement-breakpoint
ALTER TABLE "conversations" ALTER COLUMN "device_id" SET NOT NULL;--> statement-breakpoint
DROP INDEX "conversations_tenant_contact_unique";--> statement-breakpoint
CREATE UNIQUE INDEX "conversations_tenant_device_contact_unique" ON "conversations" USING btree ("tenant_id","device_id","contact_id");--> statement-breakpoint
ALTER TABLE "wa_creds" ADD CONSTRAINT "wa_creds_device_fk" FOREIGN KEY ("tenant_id","device_id") REFERENCES "public"."wa_sessions"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wa_inbound_spool" ADD CONSTRAINT "wa_inbound_spool_device_fk" FOREIGN KEY ("tenant_id","device_id") REFERENCES "public"."wa_sessions"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wa_keys" ADD CONSTRAINT "wa_keys_device_fk" FOREIGN KEY ("tenant_id","device_id") REFERENCES "public"."wa_sessions"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversations" ADD CONSTRAINT "conversations_device_fk" FOREIGN KEY ("tenant_id","device_id") REFERENCES "public"."wa_sessions"("tenant_id","id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "inbound_dead_letters" ADD COLUMN "device_id" uuid;--> statement-breakpoint
ALTER TABLE "inbound_dead_letters" ADD CONSTRAINT "inbound_dead_letters_device_fk" FOREIGN KEY ("tenant_id","device_id") REFERENCES "public"."wa_sessions"("tenant_id","id") ON DELETE no action ON UPDATE no action;
