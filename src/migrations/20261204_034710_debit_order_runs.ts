import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   CREATE TYPE "public"."enum_debit_order_batches_status" AS ENUM('preparing', 'uploaded', 'uncertain', 'loaded', 'rejected');
  ALTER TYPE "public"."enum_payload_jobs_log_task_slug" ADD VALUE 'runDebitOrders' BEFORE 'renderInvoicePdf';
  ALTER TYPE "public"."enum_payload_jobs_log_task_slug" ADD VALUE 'settleDebitOrders' BEFORE 'renderInvoicePdf';
  ALTER TYPE "public"."enum_payload_jobs_task_slug" ADD VALUE 'runDebitOrders' BEFORE 'renderInvoicePdf';
  ALTER TYPE "public"."enum_payload_jobs_task_slug" ADD VALUE 'settleDebitOrders' BEFORE 'renderInvoicePdf';
  CREATE TABLE "debit_order_batches" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"batch_name" varchar NOT NULL,
  	"action_date" timestamp(3) with time zone NOT NULL,
  	"status" "enum_debit_order_batches_status" DEFAULT 'preparing' NOT NULL,
  	"debit_count" numeric DEFAULT 0 NOT NULL,
  	"total_cents" numeric DEFAULT 0 NOT NULL,
  	"job_run_id" integer,
  	"file_token" varchar,
  	"uploaded_at" timestamp(3) with time zone,
  	"report_read_at" timestamp(3) with time zone,
  	"report_outcome" varchar,
  	"failure_reason" varchar,
  	"masked_file" varchar,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  ALTER TABLE "payment_transactions" ADD COLUMN "debit_batch_id" integer;
  ALTER TABLE "payment_transactions" ADD COLUMN "action_date" timestamp(3) with time zone;
  ALTER TABLE "payment_transactions" ADD COLUMN "batch_line" numeric;
  ALTER TABLE "payment_transactions" ADD COLUMN "return_reason_code" varchar;
  ALTER TABLE "payment_transactions" ADD COLUMN "represent_of_id" integer;
  ALTER TABLE "payment_transactions" ADD COLUMN "represent_requested" boolean DEFAULT false;
  ALTER TABLE "payment_transactions" ADD COLUMN "follow_up" boolean DEFAULT false;
  ALTER TABLE "payment_transactions" ADD COLUMN "cleared_at" timestamp(3) with time zone;
  ALTER TABLE "payload_locked_documents_rels" ADD COLUMN "debit_order_batches_id" integer;
  ALTER TABLE "debit_order_batches" ADD CONSTRAINT "debit_order_batches_job_run_id_job_runs_id_fk" FOREIGN KEY ("job_run_id") REFERENCES "public"."job_runs"("id") ON DELETE set null ON UPDATE no action;
  CREATE UNIQUE INDEX "debit_order_batches_batch_name_idx" ON "debit_order_batches" USING btree ("batch_name");
  CREATE INDEX "debit_order_batches_action_date_idx" ON "debit_order_batches" USING btree ("action_date");
  CREATE INDEX "debit_order_batches_status_idx" ON "debit_order_batches" USING btree ("status");
  CREATE INDEX "debit_order_batches_job_run_idx" ON "debit_order_batches" USING btree ("job_run_id");
  CREATE INDEX "debit_order_batches_updated_at_idx" ON "debit_order_batches" USING btree ("updated_at");
  CREATE INDEX "debit_order_batches_created_at_idx" ON "debit_order_batches" USING btree ("created_at");
  ALTER TABLE "payment_transactions" ADD CONSTRAINT "payment_transactions_debit_batch_id_debit_order_batches_id_fk" FOREIGN KEY ("debit_batch_id") REFERENCES "public"."debit_order_batches"("id") ON DELETE restrict ON UPDATE no action;
  ALTER TABLE "payment_transactions" ADD CONSTRAINT "payment_transactions_represent_of_id_payment_transactions_id_fk" FOREIGN KEY ("represent_of_id") REFERENCES "public"."payment_transactions"("id") ON DELETE restrict ON UPDATE no action;
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_debit_order_batches_fk" FOREIGN KEY ("debit_order_batches_id") REFERENCES "public"."debit_order_batches"("id") ON DELETE cascade ON UPDATE no action;
  CREATE INDEX "payment_transactions_debit_batch_idx" ON "payment_transactions" USING btree ("debit_batch_id");
  CREATE INDEX "payment_transactions_action_date_idx" ON "payment_transactions" USING btree ("action_date");
  CREATE UNIQUE INDEX "payment_transactions_represent_of_idx" ON "payment_transactions" USING btree ("represent_of_id");
  CREATE INDEX "payload_locked_documents_rels_debit_order_batches_id_idx" ON "payload_locked_documents_rels" USING btree ("debit_order_batches_id");`)
  // Hand-written: a debit is a payment of one invoice in one batch on one SAST day, at most one per
  // invoice and day whoever writes it; a batch's action date is a day and its figures whole.
  await db.execute(sql.raw(`
  ALTER TABLE payment_transactions ADD CONSTRAINT payment_transactions_debit_fields CHECK (
    (debit_batch_id IS NULL) = (action_date IS NULL)
    AND (action_date IS NULL OR is_sast_midnight(action_date))
    AND (debit_batch_id IS NULL OR (invoice_id IS NOT NULL AND payment_method_id IS NOT NULL AND kind = 'payment'))
    AND (batch_line IS NULL OR (batch_line >= 3 AND batch_line = trunc(batch_line))));
  CREATE UNIQUE INDEX payment_transactions_one_debit_per_invoice_day ON payment_transactions (invoice_id, action_date) WHERE debit_batch_id IS NOT NULL;
  CREATE INDEX payment_transactions_live_debits ON payment_transactions (status, action_date) WHERE debit_batch_id IS NOT NULL;
  ALTER TABLE debit_order_batches ADD CONSTRAINT debit_order_batches_figures CHECK (
    is_sast_midnight(action_date) AND debit_count >= 0 AND debit_count = trunc(debit_count) AND total_cents >= 0 AND total_cents = trunc(total_cents));
  `))
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
   DELETE FROM payload_jobs WHERE task_slug IN ('runDebitOrders', 'settleDebitOrders');
  DELETE FROM payload_jobs_log WHERE task_slug IN ('runDebitOrders', 'settleDebitOrders');
  ALTER TABLE payment_transactions DROP CONSTRAINT IF EXISTS payment_transactions_debit_fields;
  DROP INDEX IF EXISTS payment_transactions_one_debit_per_invoice_day;
  DROP INDEX IF EXISTS payment_transactions_live_debits;
  ALTER TABLE "payment_transactions" DROP CONSTRAINT IF EXISTS "payment_transactions_debit_batch_id_debit_order_batches_id_fk";
  ALTER TABLE "payment_transactions" DROP CONSTRAINT IF EXISTS "payment_transactions_represent_of_id_payment_transactions_id_fk";
  ALTER TABLE "payload_locked_documents_rels" DROP CONSTRAINT IF EXISTS "payload_locked_documents_rels_debit_order_batches_fk";
  ALTER TABLE "debit_order_batches" DISABLE ROW LEVEL SECURITY;
  DROP TABLE "debit_order_batches" CASCADE;
  
  ALTER TABLE "payload_jobs_log" ALTER COLUMN "task_slug" SET DATA TYPE text;
  DROP TYPE "public"."enum_payload_jobs_log_task_slug";
  CREATE TYPE "public"."enum_payload_jobs_log_task_slug" AS ENUM('inline', 'runInvoiceRun', 'markOverdueInvoices', 'notifyCustomer', 'syncNetworkAccess', 'syncUsage', 'requestMandate', 'processNetcashPostback', 'renderInvoicePdf', 'sendPasswordResetEmail', 'purgeLoginRateLimits', 'purgeIdempotencyKeys');
  ALTER TABLE "payload_jobs_log" ALTER COLUMN "task_slug" SET DATA TYPE "public"."enum_payload_jobs_log_task_slug" USING "task_slug"::"public"."enum_payload_jobs_log_task_slug";
  ALTER TABLE "payload_jobs" ALTER COLUMN "task_slug" SET DATA TYPE text;
  DROP TYPE "public"."enum_payload_jobs_task_slug";
  CREATE TYPE "public"."enum_payload_jobs_task_slug" AS ENUM('inline', 'runInvoiceRun', 'markOverdueInvoices', 'notifyCustomer', 'syncNetworkAccess', 'syncUsage', 'requestMandate', 'processNetcashPostback', 'renderInvoicePdf', 'sendPasswordResetEmail', 'purgeLoginRateLimits', 'purgeIdempotencyKeys');
  ALTER TABLE "payload_jobs" ALTER COLUMN "task_slug" SET DATA TYPE "public"."enum_payload_jobs_task_slug" USING "task_slug"::"public"."enum_payload_jobs_task_slug";
  DROP INDEX "payment_transactions_debit_batch_idx";
  DROP INDEX "payment_transactions_action_date_idx";
  DROP INDEX "payment_transactions_represent_of_idx";
  DROP INDEX "payload_locked_documents_rels_debit_order_batches_id_idx";
  ALTER TABLE "payment_transactions" DROP COLUMN "debit_batch_id";
  ALTER TABLE "payment_transactions" DROP COLUMN "action_date";
  ALTER TABLE "payment_transactions" DROP COLUMN "batch_line";
  ALTER TABLE "payment_transactions" DROP COLUMN "return_reason_code";
  ALTER TABLE "payment_transactions" DROP COLUMN "represent_of_id";
  ALTER TABLE "payment_transactions" DROP COLUMN "represent_requested";
  ALTER TABLE "payment_transactions" DROP COLUMN "follow_up";
  ALTER TABLE "payment_transactions" DROP COLUMN "cleared_at";
  ALTER TABLE "payload_locked_documents_rels" DROP COLUMN "debit_order_batches_id";
  DROP TYPE "public"."enum_debit_order_batches_status";`)
}
