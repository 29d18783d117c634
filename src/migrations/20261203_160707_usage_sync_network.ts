import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   CREATE TYPE "public"."enum_services_network_state" AS ENUM('pending', 'enabled', 'disabled', 'failed');
  CREATE TYPE "public"."enum_usage_warnings_threshold" AS ENUM('80', '95');
  ALTER TYPE "public"."enum_job_runs_trigger" ADD VALUE 'startup';
  ALTER TYPE "public"."enum_payload_jobs_log_task_slug" ADD VALUE 'syncUsage' BEFORE 'renderInvoicePdf';
  ALTER TYPE "public"."enum_payload_jobs_task_slug" ADD VALUE 'syncUsage' BEFORE 'renderInvoicePdf';
  CREATE TABLE "usage_warnings" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"service_id" integer NOT NULL,
  	"customer_id" integer NOT NULL,
  	"threshold" "enum_usage_warnings_threshold" NOT NULL,
  	"cycle_start" timestamp(3) with time zone NOT NULL,
  	"cycle_end" timestamp(3) with time zone NOT NULL,
  	"percent_used" numeric NOT NULL,
  	"used_bytes" numeric NOT NULL,
  	"cap_bytes" numeric NOT NULL,
  	"measured_at" timestamp(3) with time zone NOT NULL,
  	"event_key" varchar NOT NULL,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  ALTER TABLE "services" ADD COLUMN "network_state" "enum_services_network_state" DEFAULT 'pending';
  ALTER TABLE "services" ADD COLUMN "network_state_at" timestamp(3) with time zone;
  ALTER TABLE "services" ADD COLUMN "network_failing_since" timestamp(3) with time zone;
  ALTER TABLE "services" ADD COLUMN "network_error" varchar;
  ALTER TABLE "services" ADD COLUMN "usage_synced_at" timestamp(3) with time zone;
  ALTER TABLE "payload_locked_documents_rels" ADD COLUMN "usage_warnings_id" integer;
  ALTER TABLE "usage_warnings" ADD CONSTRAINT "usage_warnings_service_id_services_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."services"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "usage_warnings" ADD CONSTRAINT "usage_warnings_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE set null ON UPDATE no action;
  CREATE INDEX "usage_warnings_service_idx" ON "usage_warnings" USING btree ("service_id");
  CREATE INDEX "usage_warnings_customer_idx" ON "usage_warnings" USING btree ("customer_id");
  CREATE INDEX "usage_warnings_threshold_idx" ON "usage_warnings" USING btree ("threshold");
  CREATE UNIQUE INDEX "usage_warnings_event_key_idx" ON "usage_warnings" USING btree ("event_key");
  CREATE INDEX "usage_warnings_updated_at_idx" ON "usage_warnings" USING btree ("updated_at");
  CREATE INDEX "usage_warnings_created_at_idx" ON "usage_warnings" USING btree ("created_at");
  CREATE UNIQUE INDEX "service_cycleStart_threshold_idx" ON "usage_warnings" USING btree ("service_id","cycle_start","threshold");
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_usage_warnings_fk" FOREIGN KEY ("usage_warnings_id") REFERENCES "public"."usage_warnings"("id") ON DELETE cascade ON UPDATE no action;
  CREATE INDEX "services_network_state_idx" ON "services" USING btree ("network_state");
  CREATE INDEX "payload_locked_documents_rels_usage_warnings_id_idx" ON "payload_locked_documents_rels" USING btree ("usage_warnings_id");
  -- A warning is about the customer's own service, as every usage row is (checked by the database, not only by the sync).
  CREATE TRIGGER usage_warnings_same_customer BEFORE INSERT OR UPDATE ON usage_warnings FOR EACH ROW EXECUTE FUNCTION same_customer_as_service();
  -- A cycle is SAST days, as every calendar date here; the unique key depends on the exact instant.
  ALTER TABLE usage_warnings ADD CONSTRAINT usage_warnings_cycle_is_days
    CHECK (is_sast_midnight(cycle_start) AND is_sast_midnight(cycle_end) AND cycle_end >= cycle_start);`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  // The enums below cannot hold the usage task or the startup trigger: their rows go or are mapped first.
  await db.execute(sql`
  DELETE FROM payload_jobs WHERE task_slug = 'syncUsage';
  DELETE FROM payload_jobs_log WHERE task_slug = 'syncUsage';
  -- Run records never change, except here: a rollback has to say what the old schema can hold.
  ALTER TABLE job_runs DISABLE TRIGGER job_runs_append_only;
  UPDATE job_runs SET "trigger" = 'schedule' WHERE "trigger" = 'startup';
  ALTER TABLE job_runs ENABLE TRIGGER job_runs_append_only;`)
  await db.execute(sql`
  ALTER TABLE "payload_locked_documents_rels" DROP CONSTRAINT IF EXISTS "payload_locked_documents_rels_usage_warnings_fk";
  DROP TABLE "usage_warnings" CASCADE;

  ALTER TABLE "job_runs" ALTER COLUMN "trigger" SET DATA TYPE text;
  ALTER TABLE "job_runs" ALTER COLUMN "trigger" SET DEFAULT 'staff'::text;
  DROP TYPE "public"."enum_job_runs_trigger";
  CREATE TYPE "public"."enum_job_runs_trigger" AS ENUM('schedule', 'staff', 'api_key');
  ALTER TABLE "job_runs" ALTER COLUMN "trigger" SET DEFAULT 'staff'::"public"."enum_job_runs_trigger";
  ALTER TABLE "job_runs" ALTER COLUMN "trigger" SET DATA TYPE "public"."enum_job_runs_trigger" USING "trigger"::"public"."enum_job_runs_trigger";
  ALTER TABLE "payload_jobs_log" ALTER COLUMN "task_slug" SET DATA TYPE text;
  DROP TYPE "public"."enum_payload_jobs_log_task_slug";
  CREATE TYPE "public"."enum_payload_jobs_log_task_slug" AS ENUM('inline', 'runInvoiceRun', 'markOverdueInvoices', 'notifyCustomer', 'syncNetworkAccess', 'renderInvoicePdf', 'sendPasswordResetEmail', 'purgeLoginRateLimits', 'purgeIdempotencyKeys');
  ALTER TABLE "payload_jobs_log" ALTER COLUMN "task_slug" SET DATA TYPE "public"."enum_payload_jobs_log_task_slug" USING "task_slug"::"public"."enum_payload_jobs_log_task_slug";
  ALTER TABLE "payload_jobs" ALTER COLUMN "task_slug" SET DATA TYPE text;
  DROP TYPE "public"."enum_payload_jobs_task_slug";
  CREATE TYPE "public"."enum_payload_jobs_task_slug" AS ENUM('inline', 'runInvoiceRun', 'markOverdueInvoices', 'notifyCustomer', 'syncNetworkAccess', 'renderInvoicePdf', 'sendPasswordResetEmail', 'purgeLoginRateLimits', 'purgeIdempotencyKeys');
  ALTER TABLE "payload_jobs" ALTER COLUMN "task_slug" SET DATA TYPE "public"."enum_payload_jobs_task_slug" USING "task_slug"::"public"."enum_payload_jobs_task_slug";
  DROP INDEX "services_network_state_idx";
  DROP INDEX IF EXISTS "payload_locked_documents_rels_usage_warnings_id_idx";
  ALTER TABLE "services" DROP COLUMN "network_state";
  ALTER TABLE "services" DROP COLUMN "network_state_at";
  ALTER TABLE "services" DROP COLUMN "network_failing_since";
  ALTER TABLE "services" DROP COLUMN "network_error";
  ALTER TABLE "services" DROP COLUMN "usage_synced_at";
  ALTER TABLE "payload_locked_documents_rels" DROP COLUMN "usage_warnings_id";
  DROP TYPE "public"."enum_services_network_state";
  DROP TYPE "public"."enum_usage_warnings_threshold";`)
}
