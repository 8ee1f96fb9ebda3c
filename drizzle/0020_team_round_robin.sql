CREATE TABLE "inbox_team_settings" (
	"tenant_id" uuid PRIMARY KEY NOT NULL,
	"round_robin" boolean DEFAULT false NOT NULL,
	"last_assignee_id" uuid,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "inbox_team_settings" ADD CONSTRAINT "inbox_team_settings_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inbox_team_settings" ADD CONSTRAINT "inbox_team_settings_last_assignee_id_users_id_fk" FOREIGN KEY ("last_assignee_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;