import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   CREATE TYPE "public"."enum_billing_actions_action" AS ENUM('record_payment', 'refund', 'void_invoice', 'credit_note', 'adhoc_invoice', 'resend_invoice');
  CREATE TABLE "billing_actions" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"customer_id" integer NOT NULL,
  	"action" "enum_billing_actions_action" NOT NULL,
  	"invoice_id" integer,
  	"credit_note_id" integer,
  	"payment_id" integer,
  	"staff_user_id" integer NOT NULL,
  	"reason" varchar,
  	"details" jsonb,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  ALTER TABLE "payload_locked_documents_rels" ADD COLUMN "billing_actions_id" integer;
  ALTER TABLE "billing_actions" ADD CONSTRAINT "billing_actions_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "billing_actions" ADD CONSTRAINT "billing_actions_invoice_id_invoices_id_fk" FOREIGN KEY ("invoice_id") REFERENCES "public"."invoices"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "billing_actions" ADD CONSTRAINT "billing_actions_credit_note_id_invoices_id_fk" FOREIGN KEY ("credit_note_id") REFERENCES "public"."invoices"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "billing_actions" ADD CONSTRAINT "billing_actions_payment_id_payment_transactions_id_fk" FOREIGN KEY ("payment_id") REFERENCES "public"."payment_transactions"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "billing_actions" ADD CONSTRAINT "billing_actions_staff_user_id_users_id_fk" FOREIGN KEY ("staff_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
  CREATE INDEX "billing_actions_customer_idx" ON "billing_actions" USING btree ("customer_id");
  CREATE INDEX "billing_actions_action_idx" ON "billing_actions" USING btree ("action");
  CREATE INDEX "billing_actions_invoice_idx" ON "billing_actions" USING btree ("invoice_id");
  CREATE INDEX "billing_actions_credit_note_idx" ON "billing_actions" USING btree ("credit_note_id");
  CREATE INDEX "billing_actions_payment_idx" ON "billing_actions" USING btree ("payment_id");
  CREATE INDEX "billing_actions_staff_user_idx" ON "billing_actions" USING btree ("staff_user_id");
  CREATE INDEX "billing_actions_updated_at_idx" ON "billing_actions" USING btree ("updated_at");
  CREATE INDEX "billing_actions_created_at_idx" ON "billing_actions" USING btree ("created_at");
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_billing_actions_fk" FOREIGN KEY ("billing_actions_id") REFERENCES "public"."billing_actions"("id") ON DELETE cascade ON UPDATE no action;
  CREATE INDEX "payload_locked_documents_rels_billing_actions_id_idx" ON "payload_locked_documents_rels" USING btree ("billing_actions_id");`)
  // Hand-written: the billing audit trail is append-only, like service actions.
  await db.execute(sql`CREATE TRIGGER billing_actions_append_only BEFORE UPDATE OR DELETE ON billing_actions FOR EACH ROW EXECUTE FUNCTION append_only();`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`DROP TRIGGER IF EXISTS billing_actions_append_only ON billing_actions;`)
  await db.execute(sql`
   ALTER TABLE "billing_actions" DISABLE ROW LEVEL SECURITY;
  DROP TABLE "billing_actions" CASCADE;
  ALTER TABLE "payload_locked_documents_rels" DROP CONSTRAINT "payload_locked_documents_rels_billing_actions_fk";
  
  DROP INDEX "payload_locked_documents_rels_billing_actions_id_idx";
  ALTER TABLE "payload_locked_documents_rels" DROP COLUMN "billing_actions_id";
  DROP TYPE "public"."enum_billing_actions_action";`)
}
