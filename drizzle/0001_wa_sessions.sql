CREATE TYPE "public"."wa_session_state" AS ENUM('disconnected', 'connecting', 'qr', 'connected', 'logged_out', 'failed');--> statement-breakpoint
CREATE TABLE "wa_creds" (
	"tenant_id" uuid PRIMARY KEY NOT NULL,
	"creds" text NOT NULL,
	"version" bigint DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "wa_keys" (
	"tenant_id" uuid NOT NULL,
	"type" text NOT NULL,
	"id" text NOT NULL,
	"value" "bytea" NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "wa_keys_tenant_id_type_id_pk" PRIMARY KEY("tenant_id","type","id")
);
--> statement-breakpoint
CREATE TABLE "wa_sessions" (
	"tenant_id" uuid PRIMARY KEY NOT NULL,
	"state" "wa_session_state" DEFAULT 'disconnected' NOT NULL,
	"wanted" boolean DEFAULT false NOT NULL,
	"jid" text,
	"lid" text,
	"phone" text,
	"push_name" text,
	"last_error" text,
	"last_close_code" integer,
	"failures" integer DEFAULT 0 NOT NULL,
	"connected_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "wa_creds" ADD CONSTRAINT "wa_creds_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wa_keys" ADD CONSTRAINT "wa_keys_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wa_sessions" ADD CONSTRAINT "wa_sessions_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "wa_keys_tenant_type_idx" ON "wa_keys" USING btree ("tenant_id","type");