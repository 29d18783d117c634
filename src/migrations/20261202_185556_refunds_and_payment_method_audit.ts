import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   CREATE TYPE "public"."enum_payment_transactions_kind" AS ENUM('payment', 'refund');
  ALTER TYPE "public"."enum_billing_actions_action" ADD VALUE 'add_payment_method';
  ALTER TYPE "public"."enum_billing_actions_action" ADD VALUE 'set_primary_payment_method';
  ALTER TYPE "public"."enum_billing_actions_action" ADD VALUE 'remove_payment_method';
  ALTER TYPE "public"."enum_billing_actions_action" ADD VALUE 'reveal_payment_details';
  ALTER TABLE "payment_transactions" ADD COLUMN "kind" "enum_payment_transactions_kind" DEFAULT 'payment' NOT NULL;
  ALTER TABLE "payment_transactions" ADD COLUMN "refund_of_id" integer;
  ALTER TABLE "payment_transactions" ADD COLUMN "refund_of_credit_note_id" integer;
  ALTER TABLE "billing_actions" ADD COLUMN "payment_method_id" integer;
  ALTER TABLE "payment_transactions" ADD CONSTRAINT "payment_transactions_refund_of_id_payment_transactions_id_fk" FOREIGN KEY ("refund_of_id") REFERENCES "public"."payment_transactions"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "payment_transactions" ADD CONSTRAINT "payment_transactions_refund_of_credit_note_id_invoices_id_fk" FOREIGN KEY ("refund_of_credit_note_id") REFERENCES "public"."invoices"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "billing_actions" ADD CONSTRAINT "billing_actions_payment_method_id_payment_methods_id_fk" FOREIGN KEY ("payment_method_id") REFERENCES "public"."payment_methods"("id") ON DELETE set null ON UPDATE no action;
  CREATE INDEX "payment_transactions_kind_idx" ON "payment_transactions" USING btree ("kind");
  CREATE INDEX "payment_transactions_refund_of_idx" ON "payment_transactions" USING btree ("refund_of_id");
  CREATE INDEX "payment_transactions_refund_of_credit_note_idx" ON "payment_transactions" USING btree ("refund_of_credit_note_id");
  CREATE INDEX "billing_actions_payment_method_idx" ON "billing_actions" USING btree ("payment_method_id");
  -- Hand-written: a refund returns the free money of exactly one payment or one credit note; a payment names neither.
  ALTER TABLE "payment_transactions" ADD CONSTRAINT "payment_transactions_refund_source" CHECK (
    ("kind" = 'payment' AND "refund_of_id" IS NULL AND "refund_of_credit_note_id" IS NULL)
    OR ("kind" = 'refund' AND ("refund_of_id" IS NULL) <> ("refund_of_credit_note_id" IS NULL)));`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
   ALTER TABLE "payment_transactions" DROP CONSTRAINT "payment_transactions_refund_source";
  ALTER TABLE "payment_transactions" DROP CONSTRAINT "payment_transactions_refund_of_id_payment_transactions_id_fk";
  
  ALTER TABLE "payment_transactions" DROP CONSTRAINT "payment_transactions_refund_of_credit_note_id_invoices_id_fk";
  
  ALTER TABLE "billing_actions" DROP CONSTRAINT "billing_actions_payment_method_id_payment_methods_id_fk";
  
  ALTER TABLE "billing_actions" ALTER COLUMN "action" SET DATA TYPE text;
  DROP TYPE "public"."enum_billing_actions_action";
  CREATE TYPE "public"."enum_billing_actions_action" AS ENUM('record_payment', 'refund', 'void_invoice', 'credit_note', 'adhoc_invoice', 'resend_invoice');
  ALTER TABLE "billing_actions" ALTER COLUMN "action" SET DATA TYPE "public"."enum_billing_actions_action" USING "action"::"public"."enum_billing_actions_action";
  DROP INDEX "payment_transactions_kind_idx";
  DROP INDEX "payment_transactions_refund_of_idx";
  DROP INDEX "payment_transactions_refund_of_credit_note_idx";
  DROP INDEX "billing_actions_payment_method_idx";
  ALTER TABLE "payment_transactions" DROP COLUMN "kind";
  ALTER TABLE "payment_transactions" DROP COLUMN "refund_of_id";
  ALTER TABLE "payment_transactions" DROP COLUMN "refund_of_credit_note_id";
  ALTER TABLE "billing_actions" DROP COLUMN "payment_method_id";
  DROP TYPE "public"."enum_payment_transactions_kind";`)
}
