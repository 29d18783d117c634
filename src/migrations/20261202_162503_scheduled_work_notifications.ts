import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   CREATE TYPE "public"."enum_job_runs_trigger" AS ENUM('schedule', 'staff', 'api_key');
  CREATE TYPE "public"."enum_notifications_template" AS ENUM('order_confirmation', 'service_activated', 'invoice_issued', 'payment_received', 'payment_failed', 'usage_80', 'usage_95', 'service_suspended', 'service_reactivated', 'service_cancelled', 'mandate_approved');
  ALTER TABLE "payload_jobs_stats" DISABLE ROW LEVEL SECURITY;
  DROP TABLE "payload_jobs_stats" CASCADE;
  ALTER TABLE "payload_jobs_log" ALTER COLUMN "task_slug" SET DATA TYPE text;
  DROP TYPE "public"."enum_payload_jobs_log_task_slug";
  CREATE TYPE "public"."enum_payload_jobs_log_task_slug" AS ENUM('inline', 'runInvoiceRun', 'markOverdueInvoices', 'notifyCustomer', 'syncNetworkAccess', 'renderInvoicePdf', 'sendPasswordResetEmail', 'purgeLoginRateLimits', 'purgeIdempotencyKeys');
  ALTER TABLE "payload_jobs_log" ALTER COLUMN "task_slug" SET DATA TYPE "public"."enum_payload_jobs_log_task_slug" USING "task_slug"::"public"."enum_payload_jobs_log_task_slug";
  ALTER TABLE "payload_jobs" ALTER COLUMN "task_slug" SET DATA TYPE text;
  DROP TYPE "public"."enum_payload_jobs_task_slug";
  CREATE TYPE "public"."enum_payload_jobs_task_slug" AS ENUM('inline', 'runInvoiceRun', 'markOverdueInvoices', 'notifyCustomer', 'syncNetworkAccess', 'renderInvoicePdf', 'sendPasswordResetEmail', 'purgeLoginRateLimits', 'purgeIdempotencyKeys');
  ALTER TABLE "payload_jobs" ALTER COLUMN "task_slug" SET DATA TYPE "public"."enum_payload_jobs_task_slug" USING "task_slug"::"public"."enum_payload_jobs_task_slug";
  ALTER TABLE "notifications" ALTER COLUMN "template" SET DATA TYPE "public"."enum_notifications_template" USING "template"::"public"."enum_notifications_template";
  ALTER TABLE "job_runs" ADD COLUMN "trigger" "enum_job_runs_trigger" DEFAULT 'staff' NOT NULL;
  ALTER TABLE "job_runs" ADD COLUMN "requested_by_id" integer;
  ALTER TABLE "job_runs" ADD COLUMN "scheduled_for" timestamp(3) with time zone;
  ALTER TABLE "job_runs" ADD COLUMN "duration_ms" numeric;
  ALTER TABLE "job_runs" ADD COLUMN "summary" varchar;
  ALTER TABLE "job_runs" ADD COLUMN "records_succeeded" numeric DEFAULT 0;
  ALTER TABLE "job_runs" ADD COLUMN "records_skipped" numeric DEFAULT 0;
  ALTER TABLE "notifications" ADD COLUMN "event_key" varchar;
  UPDATE "notifications" SET "event_key" = 'before-events:' || "id";
  ALTER TABLE "notifications" ALTER COLUMN "event_key" SET NOT NULL;
  ALTER TABLE "notifications" ADD COLUMN "content" varchar;
  ALTER TABLE "notifications" ADD COLUMN "attempts" numeric DEFAULT 0;
  ALTER TABLE "notifications" ADD COLUMN "claimed_at" timestamp(3) with time zone;
  ALTER TABLE "notifications" ADD COLUMN "sent_at" timestamp(3) with time zone;
  ALTER TABLE "notifications" ADD COLUMN "delivered_at" timestamp(3) with time zone;
  ALTER TABLE "notifications" ADD COLUMN "delivery_status" varchar;
  ALTER TABLE "users" ADD COLUMN "enable_a_p_i_key" boolean;
  ALTER TABLE "users" ADD COLUMN "api_key" varchar;
  ALTER TABLE "users" ADD COLUMN "api_key_index" varchar;
  ALTER TABLE "job_runs" ADD CONSTRAINT "job_runs_requested_by_id_users_id_fk" FOREIGN KEY ("requested_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
  CREATE INDEX "job_runs_requested_by_idx" ON "job_runs" USING btree ("requested_by_id");
  CREATE UNIQUE INDEX "eventKey_template_channel_idx" ON "notifications" USING btree ("event_key","template","channel");
  ALTER TABLE "payload_jobs" DROP COLUMN "meta";`)

  // Hand-written: what the runner and the notification service rely on at the database.
  await db.execute(sql`
  -- One job per (schedule, scheduled minute), whoever queues it: the runner's schedules, a
  -- restarted runner catching up, staff or an API key starting a run (src/jobs/schedules.ts).
  CREATE TABLE job_schedule_slots (
    schedule text NOT NULL,
    scheduled_for timestamptz NOT NULL,
    job_id integer,
    queued_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (schedule, scheduled_for)
  );
  -- Every delivery receipt, once per (provider message, status): a duplicated or replayed
  -- callback inserts nothing and so changes nothing (src/services/notifications/deliveryReceipts.ts).
  CREATE TABLE notification_receipts (
    provider_message_id text NOT NULL,
    status_code integer NOT NULL,
    status text NOT NULL,
    description text,
    notification_id integer NOT NULL REFERENCES notifications(id) ON DELETE RESTRICT,
    reported_at timestamptz NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (provider_message_id, status_code)
  );
  CREATE INDEX notification_receipts_notification_idx ON notification_receipts (notification_id);
  CREATE TRIGGER notification_receipts_append_only BEFORE UPDATE OR DELETE ON notification_receipts FOR EACH ROW EXECUTE FUNCTION append_only();
  ALTER TABLE notifications
    ADD CONSTRAINT notifications_attempts CHECK (attempts IS NULL OR (attempts >= 0 AND attempts = trunc(attempts)));
  ALTER TABLE job_runs
    ADD CONSTRAINT job_runs_more_counts CHECK (
      (records_succeeded IS NULL OR (records_succeeded >= 0 AND records_succeeded = trunc(records_succeeded)))
      AND (records_skipped IS NULL OR (records_skipped >= 0 AND records_skipped = trunc(records_skipped)))
      AND (duration_ms IS NULL OR (duration_ms >= 0 AND duration_ms = trunc(duration_ms))));`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
  DROP TABLE IF EXISTS notification_receipts;
  DROP TABLE IF EXISTS job_schedule_slots;
  ALTER TABLE notifications DROP CONSTRAINT IF EXISTS notifications_attempts;
  ALTER TABLE job_runs DROP CONSTRAINT IF EXISTS job_runs_more_counts;`)
  await db.execute(sql`
   CREATE TABLE "payload_jobs_stats" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"stats" jsonb,
  	"updated_at" timestamp(3) with time zone,
  	"created_at" timestamp(3) with time zone
  );
  
  ALTER TABLE "job_runs" DROP CONSTRAINT "job_runs_requested_by_id_users_id_fk";
  
  ALTER TABLE "payload_jobs_log" ALTER COLUMN "task_slug" SET DATA TYPE text;
  DROP TYPE "public"."enum_payload_jobs_log_task_slug";
  CREATE TYPE "public"."enum_payload_jobs_log_task_slug" AS ENUM('inline', 'purgeLoginRateLimits', 'purgeIdempotencyKeys', 'renderInvoicePdf', 'sendPasswordResetEmail', 'notifyCustomer', 'syncNetworkAccess');
  ALTER TABLE "payload_jobs_log" ALTER COLUMN "task_slug" SET DATA TYPE "public"."enum_payload_jobs_log_task_slug" USING "task_slug"::"public"."enum_payload_jobs_log_task_slug";
  ALTER TABLE "payload_jobs" ALTER COLUMN "task_slug" SET DATA TYPE text;
  DROP TYPE "public"."enum_payload_jobs_task_slug";
  CREATE TYPE "public"."enum_payload_jobs_task_slug" AS ENUM('inline', 'purgeLoginRateLimits', 'purgeIdempotencyKeys', 'renderInvoicePdf', 'sendPasswordResetEmail', 'notifyCustomer', 'syncNetworkAccess');
  ALTER TABLE "payload_jobs" ALTER COLUMN "task_slug" SET DATA TYPE "public"."enum_payload_jobs_task_slug" USING "task_slug"::"public"."enum_payload_jobs_task_slug";
  DROP INDEX "job_runs_requested_by_idx";
  DROP INDEX "eventKey_template_channel_idx";
  ALTER TABLE "notifications" ALTER COLUMN "template" SET DATA TYPE varchar;
  ALTER TABLE "payload_jobs" ADD COLUMN "meta" jsonb;
  ALTER TABLE "job_runs" DROP COLUMN "trigger";
  ALTER TABLE "job_runs" DROP COLUMN "requested_by_id";
  ALTER TABLE "job_runs" DROP COLUMN "scheduled_for";
  ALTER TABLE "job_runs" DROP COLUMN "duration_ms";
  ALTER TABLE "job_runs" DROP COLUMN "summary";
  ALTER TABLE "job_runs" DROP COLUMN "records_succeeded";
  ALTER TABLE "job_runs" DROP COLUMN "records_skipped";
  ALTER TABLE "notifications" DROP COLUMN "event_key";
  ALTER TABLE "notifications" DROP COLUMN "content";
  ALTER TABLE "notifications" DROP COLUMN "attempts";
  ALTER TABLE "notifications" DROP COLUMN "claimed_at";
  ALTER TABLE "notifications" DROP COLUMN "sent_at";
  ALTER TABLE "notifications" DROP COLUMN "delivered_at";
  ALTER TABLE "notifications" DROP COLUMN "delivery_status";
  ALTER TABLE "users" DROP COLUMN "enable_a_p_i_key";
  ALTER TABLE "users" DROP COLUMN "api_key";
  ALTER TABLE "users" DROP COLUMN "api_key_index";
  DROP TYPE "public"."enum_job_runs_trigger";
  DROP TYPE "public"."enum_notifications_template";`)
}
