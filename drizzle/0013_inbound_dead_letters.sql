CREATE TABLE "inbound_dead_letters" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"wa_id" text NOT NULL,
	"chat_jid" text NOT NULL,
	"from_me" boolean NOT NULL,
	"kind" text NOT NULL,
	"raw" text NOT NULL,
	"error_code" text NOT NULL,
	"attempts" integer DEFAULT 1 NOT NULL,
	"next_attempt_at" timestamp (3) with time zone NOT NULL,
	"resolved_at" timestamp (3) with time zone,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "inbound_dead_letters" ADD CONSTRAINT "inbound_dead_letters_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "inbound_dead_letters_message_unique" ON "inbound_dead_letters" USING btree ("tenant_id","chat_jid","wa_id","from_me");--> statement-breakpoint
CREATE INDEX "inbound_dead_letters_due_idx" ON "inbound_dead_letters" USING btree ("next_attempt_at") WHERE resolved_at is null;--> statement-breakpoint
CREATE INDEX "inbound_dead_letters_tenant_open_idx" ON "inbound_dead_letters" USING btree ("tenant_id","created_at") WHERE resolved_at is null;