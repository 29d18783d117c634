import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   ALTER TYPE "public"."enum_payload_jobs_log_task_slug" ADD VALUE 'purgeIdempotencyKeys' BEFORE 'renderInvoicePdf';
  ALTER TYPE "public"."enum_payload_jobs_log_task_slug" ADD VALUE 'notifyCustomer';
  ALTER TYPE "public"."enum_payload_jobs_log_task_slug" ADD VALUE 'syncNetworkAccess';
  ALTER TYPE "public"."enum_payload_jobs_task_slug" ADD VALUE 'purgeIdempotencyKeys' BEFORE 'renderInvoicePdf';
  ALTER TYPE "public"."enum_payload_jobs_task_slug" ADD VALUE 'notifyCustomer';
  ALTER TYPE "public"."enum_payload_jobs_task_slug" ADD VALUE 'syncNetworkAccess';`)

  // Hand-written below.
  // Idempotency keys for staff commands: claimed, acted on and answered in one transaction; the
  // unique (scope, key) makes a concurrent retry wait and then replay the stored answer.
  // One open suspension per service at most, whoever suspends it and however often.
  await db.execute(sql`
  CREATE TABLE idempotency_keys (
    id bigserial PRIMARY KEY,
    scope text NOT NULL,
    key text NOT NULL CHECK (length(key) BETWEEN 1 AND 255),
    request_hash text NOT NULL,
    response_status integer,
    response_body jsonb,
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (scope, key)
  );
  CREATE INDEX idempotency_keys_created_at ON idempotency_keys (created_at);
  -- Suspensions left open by hand edits (on a service that is not suspended, or older duplicates)
  -- are closed first, so the index below can hold.
  UPDATE service_suspensions s SET reactivated_at = now()
   WHERE s.reactivated_at IS NULL
     AND (NOT EXISTS (SELECT 1 FROM services v WHERE v.id = s.service_id AND v.status = 'suspended')
          OR EXISTS (SELECT 1 FROM service_suspensions t
                      WHERE t.service_id = s.service_id AND t.reactivated_at IS NULL AND (t.suspended_at, t.id) > (s.suspended_at, s.id)));
  CREATE UNIQUE INDEX service_suspensions_one_open ON service_suspensions (service_id) WHERE reactivated_at IS NULL;`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  // The enum below cannot hold these tasks any more: their waiting jobs go with them.
  await db.execute(sql`DROP INDEX IF EXISTS service_suspensions_one_open; DROP TABLE IF EXISTS idempotency_keys;
  DELETE FROM payload_jobs WHERE task_slug IN ('purgeIdempotencyKeys', 'notifyCustomer', 'syncNetworkAccess');
  DELETE FROM payload_jobs_log WHERE task_slug IN ('purgeIdempotencyKeys', 'notifyCustomer', 'syncNetworkAccess');`)
  await db.execute(sql`
   ALTER TABLE "payload_jobs_log" ALTER COLUMN "task_slug" SET DATA TYPE text;
  DROP TYPE "public"."enum_payload_jobs_log_task_slug";
  CREATE TYPE "public"."enum_payload_jobs_log_task_slug" AS ENUM('inline', 'purgeLoginRateLimits', 'renderInvoicePdf');
  ALTER TABLE "payload_jobs_log" ALTER COLUMN "task_slug" SET DATA TYPE "public"."enum_payload_jobs_log_task_slug" USING "task_slug"::"public"."enum_payload_jobs_log_task_slug";
  ALTER TABLE "payload_jobs" ALTER COLUMN "task_slug" SET DATA TYPE text;
  DROP TYPE "public"."enum_payload_jobs_task_slug";
  CREATE TYPE "public"."enum_payload_jobs_task_slug" AS ENUM('inline', 'purgeLoginRateLimits', 'renderInvoicePdf');
  ALTER TABLE "payload_jobs" ALTER COLUMN "task_slug" SET DATA TYPE "public"."enum_payload_jobs_task_slug" USING "task_slug"::"public"."enum_payload_jobs_task_slug";`)
}
