DROP INDEX "messages_tenant_chat_wa_unique";--> statement-breakpoint
ALTER TABLE "customer_insights" ADD COLUMN "fallback_reason" text;--> statement-breakpoint
CREATE UNIQUE INDEX "messages_tenant_conversation_wa_unique" ON "messages" USING btree ("tenant_id","conversation_id","wa_id","from_me");