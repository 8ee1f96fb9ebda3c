CREATE TABLE "device_settings" (
	"tenant_id" uuid NOT NULL,
	"device_id" uuid NOT NULL,
	"reply" jsonb,
	"follow_up" jsonb,
	"away" jsonb,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "device_settings_tenant_id_device_id_pk" PRIMARY KEY("tenant_id","device_id")
);
--> statement-breakpoint
ALTER TABLE "device_settings" ADD CONSTRAINT "device_settings_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "device_settings" ADD CONSTRAINT "device_settings_device_fk" FOREIGN KEY ("tenant_id","device_id") REFERENCES "public"."wa_sessions"("tenant_id","id") ON DELETE cascade ON UPDATE no action;