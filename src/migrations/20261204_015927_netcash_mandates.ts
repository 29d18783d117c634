import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   CREATE TYPE "public"."enum_netcash_postbacks_kind" AS ENUM('mandate', 'paynow');
  CREATE TYPE "public"."enum_netcash_postbacks_status" AS ENUM('received', 'processed', 'ignored');
  ALTER TYPE "public"."enum_payload_jobs_log_task_slug" ADD VALUE 'requestMandate' BEFORE 'renderInvoicePdf';
  ALTER TYPE "public"."enum_payload_jobs_log_task_slug" ADD VALUE 'processNetcashPostback' BEFORE 'renderInvoicePdf';
  ALTER TYPE "public"."enum_payload_jobs_task_slug" ADD VALUE 'requestMandate' BEFORE 'renderInvoicePdf';
  ALTER TYPE "public"."enum_payload_jobs_task_slug" ADD VALUE 'processNetcashPostback' BEFORE 'renderInvoicePdf';
  CREATE TABLE "netcash_postbacks" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"kind" "enum_netcash_postbacks_kind" NOT NULL,
  	"reference" varchar NOT NULL,
  	"fingerprint" varchar NOT NULL,
  	"fields" jsonb NOT NULL,
  	"status" "enum_netcash_postbacks_status" DEFAULT 'received' NOT NULL,
  	"outcome" varchar,
  	"received_count" numeric DEFAULT 1,
  	"processed_at" timestamp(3) with time zone,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  ALTER TABLE "payment_methods" ADD COLUMN "mandate_url" varchar;
  ALTER TABLE "payment_methods" ADD COLUMN "mandate_agreement_reference" varchar;
  ALTER TABLE "payment_methods" ADD COLUMN "mandate_account_reference" varchar;
  ALTER TABLE "payment_methods" ADD COLUMN "mandate_amount_cents" numeric;
  ALTER TABLE "payment_methods" ADD COLUMN "mandate_requested_at" timestamp(3) with time zone;
  ALTER TABLE "payment_methods" ADD COLUMN "mandate_decided_at" timestamp(3) with time zone;
  ALTER TABLE "payment_methods" ADD COLUMN "mandate_error" varchar;
  ALTER TABLE "payment_methods" ADD COLUMN "mandate_decline_reason" varchar;
  ALTER TABLE "payload_locked_documents_rels" ADD COLUMN "netcash_postbacks_id" integer;
  CREATE INDEX "netcash_postbacks_kind_idx" ON "netcash_postbacks" USING btree ("kind");
  CREATE INDEX "netcash_postbacks_reference_idx" ON "netcash_postbacks" USING btree ("reference");
  CREATE UNIQUE INDEX "netcash_postbacks_fingerprint_idx" ON "netcash_postbacks" USING btree ("fingerprint");
  CREATE INDEX "netcash_postbacks_status_idx" ON "netcash_postbacks" USING btree ("status");
  CREATE INDEX "netcash_postbacks_updated_at_idx" ON "netcash_postbacks" USING btree ("updated_at");
  CREATE INDEX "netcash_postbacks_created_at_idx" ON "netcash_postbacks" USING btree ("created_at");
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_netcash_postbacks_fk" FOREIGN KEY ("netcash_postbacks_id") REFERENCES "public"."netcash_postbacks"("id") ON DELETE cascade ON UPDATE no action;
  CREATE INDEX "payment_methods_mandate_agreement_reference_idx" ON "payment_methods" USING btree ("mandate_agreement_reference");
  CREATE INDEX "payload_locked_documents_rels_netcash_postbacks_id_idx" ON "payload_locked_documents_rels" USING btree ("netcash_postbacks_id");
  -- One mandate per account reference: a postback names exactly one payment method.
  CREATE UNIQUE INDEX payment_methods_mandate_account_reference_unique ON payment_methods (mandate_account_reference) WHERE mandate_account_reference IS NOT NULL;
  -- Money is whole cents; a count of deliveries is a whole number from 1.
  ALTER TABLE payment_methods ADD CONSTRAINT payment_methods_mandate_amount_whole CHECK (mandate_amount_cents IS NULL OR (mandate_amount_cents > 0 AND mandate_amount_cents = trunc(mandate_amount_cents)));
  ALTER TABLE netcash_postbacks ADD CONSTRAINT netcash_postbacks_received_count_whole CHECK (received_count >= 1 AND received_count = trunc(received_count));
  -- What a postback says is acted on once: its status leaves 'received' once, and then stays.
  CREATE FUNCTION netcash_postbacks_once() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    IF OLD.status <> 'received' AND NEW.status IS DISTINCT FROM OLD.status THEN
      RAISE EXCEPTION 'netcash postback % was already %', OLD.id, OLD.status;
    END IF;
    RETURN NEW;
  END $$;
  CREATE TRIGGER netcash_postbacks_once BEFORE UPDATE ON netcash_postbacks FOR EACH ROW EXECUTE FUNCTION netcash_postbacks_once();`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  // The enums below cannot hold these tasks: their waiting jobs go with them.
  await db.execute(sql`
  DELETE FROM payload_jobs WHERE task_slug IN ('requestMandate', 'processNetcashPostback');
  DELETE FROM payload_jobs_log WHERE task_slug IN ('requestMandate', 'processNetcashPostback');`)
  await db.execute(sql`
  ALTER TABLE "payload_locked_documents_rels" DROP CONSTRAINT IF EXISTS "payload_locked_documents_rels_netcash_postbacks_fk";
  DROP TABLE "netcash_postbacks" CASCADE;
  DROP FUNCTION IF EXISTS netcash_postbacks_once();
  ALTER TABLE payment_methods DROP CONSTRAINT IF EXISTS payment_methods_mandate_amount_whole;
  DROP INDEX IF EXISTS payment_methods_mandate_account_reference_unique;
  
  ALTER TABLE "payload_jobs_log" ALTER COLUMN "task_slug" SET DATA TYPE text;
  DROP TYPE "public"."enum_payload_jobs_log_task_slug";
  CREATE TYPE "public"."enum_payload_jobs_log_task_slug" AS ENUM('inline', 'runInvoiceRun', 'markOverdueInvoices', 'notifyCustomer', 'syncNetworkAccess', 'syncUsage', 'renderInvoicePdf', 'sendPasswordResetEmail', 'purgeLoginRateLimits', 'purgeIdempotencyKeys');
  ALTER TABLE "payload_jobs_log" ALTER COLUMN "task_slug" SET DATA TYPE "public"."enum_payload_jobs_log_task_slug" USING "task_slug"::"public"."enum_payload_jobs_log_task_slug";
  ALTER TABLE "payload_jobs" ALTER COLUMN "task_slug" SET DATA TYPE text;
  DROP TYPE "public"."enum_payload_jobs_task_slug";
  CREATE TYPE "public"."enum_payload_jobs_task_slug" AS ENUM('inline', 'runInvoiceRun', 'markOverdueInvoices', 'notifyCustomer', 'syncNetworkAccess', 'syncUsage', 'renderInvoicePdf', 'sendPasswordResetEmail', 'purgeLoginRateLimits', 'purgeIdempotencyKeys');
  ALTER TABLE "payload_jobs" ALTER COLUMN "task_slug" SET DATA TYPE "public"."enum_payload_jobs_task_slug" USING "task_slug"::"public"."enum_payload_jobs_task_slug";
  DROP INDEX "payment_methods_mandate_agreement_reference_idx";
  DROP INDEX IF EXISTS "payload_locked_documents_rels_netcash_postbacks_id_idx";
  ALTER TABLE "payment_methods" DROP COLUMN "mandate_url";
  ALTER TABLE "payment_methods" DROP COLUMN "mandate_agreement_reference";
  ALTER TABLE "payment_methods" DROP COLUMN "mandate_account_reference";
  ALTER TABLE "payment_methods" DROP COLUMN "mandate_amount_cents";
  ALTER TABLE "payment_methods" DROP COLUMN "mandate_requested_at";
  ALTER TABLE "payment_methods" DROP COLUMN "mandate_decided_at";
  ALTER TABLE "payment_methods" DROP COLUMN "mandate_error";
  ALTER TABLE "payment_methods" DROP COLUMN "mandate_decline_reason";
  ALTER TABLE "payload_locked_documents_rels" DROP COLUMN "netcash_postbacks_id";
  DROP TYPE "public"."enum_netcash_postbacks_kind";
  DROP TYPE "public"."enum_netcash_postbacks_status";`)
}
