CREATE TABLE "wa_inbound_spool" (
	"tenant_id" uuid NOT NULL,
	"wa_id" text NOT NULL,
	"attrs" text NOT NULL,
	"plaintext" "bytea" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"stored_at" timestamp with time zone,
	CONSTRAINT "wa_inbound_spool_tenant_id_wa_id_pk" PRIMARY KEY("tenant_id","wa_id")
);
--> statement-breakpoint
ALTER TABLE "wa_inbound_spool" ADD CONSTRAINT "wa_inbound_spool_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;