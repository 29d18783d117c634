import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   CREATE TABLE "payment_allocations" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"customer_id" integer NOT NULL,
  	"invoice_id" integer NOT NULL,
  	"amount_cents" numeric NOT NULL,
  	"payment_id" integer,
  	"credit_note_id" integer,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  ALTER TABLE "invoices" ADD COLUMN "credited_invoice_id" integer;
  ALTER TABLE "invoices" ADD COLUMN "voided_at" timestamp(3) with time zone;
  ALTER TABLE "payload_locked_documents_rels" ADD COLUMN "payment_allocations_id" integer;
  ALTER TABLE "payment_allocations" ADD CONSTRAINT "payment_allocations_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "payment_allocations" ADD CONSTRAINT "payment_allocations_invoice_id_invoices_id_fk" FOREIGN KEY ("invoice_id") REFERENCES "public"."invoices"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "payment_allocations" ADD CONSTRAINT "payment_allocations_payment_id_payment_transactions_id_fk" FOREIGN KEY ("payment_id") REFERENCES "public"."payment_transactions"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "payment_allocations" ADD CONSTRAINT "payment_allocations_credit_note_id_invoices_id_fk" FOREIGN KEY ("credit_note_id") REFERENCES "public"."invoices"("id") ON DELETE set null ON UPDATE no action;
  CREATE INDEX "payment_allocations_customer_idx" ON "payment_allocations" USING btree ("customer_id");
  CREATE INDEX "payment_allocations_invoice_idx" ON "payment_allocations" USING btree ("invoice_id");
  CREATE INDEX "payment_allocations_payment_idx" ON "payment_allocations" USING btree ("payment_id");
  CREATE INDEX "payment_allocations_credit_note_idx" ON "payment_allocations" USING btree ("credit_note_id");
  CREATE INDEX "payment_allocations_updated_at_idx" ON "payment_allocations" USING btree ("updated_at");
  CREATE INDEX "payment_allocations_created_at_idx" ON "payment_allocations" USING btree ("created_at");
  ALTER TABLE "invoices" ADD CONSTRAINT "invoices_credited_invoice_id_invoices_id_fk" FOREIGN KEY ("credited_invoice_id") REFERENCES "public"."invoices"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_payment_allocations_fk" FOREIGN KEY ("payment_allocations_id") REFERENCES "public"."payment_allocations"("id") ON DELETE cascade ON UPDATE no action;
  CREATE INDEX "invoices_credited_invoice_idx" ON "invoices" USING btree ("credited_invoice_id");
  CREATE INDEX "payload_locked_documents_rels_payment_allocations_id_idx" ON "payload_locked_documents_rels" USING btree ("payment_allocations_id");`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
   ALTER TABLE "payment_allocations" DISABLE ROW LEVEL SECURITY;
  DROP TABLE "payment_allocations" CASCADE;
  ALTER TABLE "invoices" DROP CONSTRAINT "invoices_credited_invoice_id_invoices_id_fk";
  
  ALTER TABLE "payload_locked_documents_rels" DROP CONSTRAINT "payload_locked_documents_rels_payment_allocations_fk";
  
  DROP INDEX "invoices_credited_invoice_idx";
  DROP INDEX "payload_locked_documents_rels_payment_allocations_id_idx";
  ALTER TABLE "invoices" DROP COLUMN "credited_invoice_id";
  ALTER TABLE "invoices" DROP COLUMN "voided_at";
  ALTER TABLE "payload_locked_documents_rels" DROP COLUMN "payment_allocations_id";`)
}
