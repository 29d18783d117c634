import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   CREATE TYPE "public"."enum_validation_errors_code" AS ENUM('ORPHAN', 'AMBIGUOUS', 'UNKNOWN_STATUS', 'NO_EMAIL', 'BAD_EMAIL', 'DUPLICATE', 'INVALID_PRICE', 'NUMBER_TAKEN');
  ALTER TABLE "consumer_orders" ADD COLUMN "reference" varchar;
  ALTER TABLE "consumer_orders" ADD COLUMN "amount_cents" numeric;
  ALTER TABLE "consumer_orders" ADD COLUMN "placed_at" timestamp(3) with time zone;
  ALTER TABLE "consumer_orders" ADD COLUMN "legacy_id" numeric;
  ALTER TABLE "validation_errors" ADD COLUMN "code" "enum_validation_errors_code";
  ALTER TABLE "validation_errors" ADD COLUMN "legacy_id" numeric;
  ALTER TABLE "validation_errors" ADD COLUMN "consumer_order_id" integer;
  ALTER TABLE "validation_errors" ADD COLUMN "customer_id" integer;
  ALTER TABLE "validation_errors" ADD COLUMN "note" varchar;
  ALTER TABLE "validation_errors" ADD COLUMN "details" jsonb;
  ALTER TABLE "validation_errors" ADD CONSTRAINT "validation_errors_consumer_order_id_consumer_orders_id_fk" FOREIGN KEY ("consumer_order_id") REFERENCES "public"."consumer_orders"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "validation_errors" ADD CONSTRAINT "validation_errors_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE set null ON UPDATE no action;
  CREATE UNIQUE INDEX "consumer_orders_legacy_id_idx" ON "consumer_orders" USING btree ("legacy_id");
  CREATE INDEX "validation_errors_code_idx" ON "validation_errors" USING btree ("code");
  CREATE INDEX "validation_errors_legacy_id_idx" ON "validation_errors" USING btree ("legacy_id");
  CREATE INDEX "validation_errors_consumer_order_idx" ON "validation_errors" USING btree ("consumer_order_id");
  CREATE INDEX "validation_errors_customer_idx" ON "validation_errors" USING btree ("customer_id");`)
  // Hand-written: one error per legacy order and problem (a re-run or a resumed batch adds none);
  // whole cents; the migration's checkpoint, moved in the same transaction as each batch.
  await db.execute(sql.raw(`
  CREATE UNIQUE INDEX validation_errors_one_per_problem ON validation_errors (source, legacy_id, code) WHERE legacy_id IS NOT NULL;
  ALTER TABLE consumer_orders ADD CONSTRAINT consumer_orders_amount_whole CHECK (amount_cents IS NULL OR (amount_cents >= 0 AND amount_cents = trunc(amount_cents)));
  CREATE TABLE legacy_migration_state (
    source text PRIMARY KEY,
    last_legacy_id bigint NOT NULL DEFAULT 0,
    started_at timestamptz NOT NULL DEFAULT now(),
    finished_at timestamptz,
    renamed_at timestamptz
  );
  COMMENT ON TABLE legacy_migration_state IS 'npm run migrate-legacy: where an apply got to (docs/migration.md)';
  `))
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  // The columns hold migrated orders' amounts, dates and references: roll the migration back first.
  const migrated = await db.execute(sql`SELECT count(*)::int AS n FROM consumer_orders WHERE legacy_id IS NOT NULL`)
  if (Number((migrated.rows[0] as { n: number } | undefined)?.n ?? 0) > 0) {
    throw new Error('Legacy orders are migrated: run npm run migrate-legacy -- --rollback before this down migration')
  }
  await db.execute(sql`
   DROP TABLE IF EXISTS legacy_migration_state;
  DROP INDEX IF EXISTS validation_errors_one_per_problem;
  ALTER TABLE consumer_orders DROP CONSTRAINT IF EXISTS consumer_orders_amount_whole;
  ALTER TABLE "validation_errors" DROP CONSTRAINT "validation_errors_consumer_order_id_consumer_orders_id_fk";
  
  ALTER TABLE "validation_errors" DROP CONSTRAINT "validation_errors_customer_id_customers_id_fk";
  
  DROP INDEX "consumer_orders_legacy_id_idx";
  DROP INDEX "validation_errors_code_idx";
  DROP INDEX "validation_errors_legacy_id_idx";
  DROP INDEX "validation_errors_consumer_order_idx";
  DROP INDEX "validation_errors_customer_idx";
  ALTER TABLE "consumer_orders" DROP COLUMN "reference";
  ALTER TABLE "consumer_orders" DROP COLUMN "amount_cents";
  ALTER TABLE "consumer_orders" DROP COLUMN "placed_at";
  ALTER TABLE "consumer_orders" DROP COLUMN "legacy_id";
  ALTER TABLE "validation_errors" DROP COLUMN "code";
  ALTER TABLE "validation_errors" DROP COLUMN "legacy_id";
  ALTER TABLE "validation_errors" DROP COLUMN "consumer_order_id";
  ALTER TABLE "validation_errors" DROP COLUMN "customer_id";
  ALTER TABLE "validation_errors" DROP COLUMN "note";
  ALTER TABLE "validation_errors" DROP COLUMN "details";
  DROP TYPE "public"."enum_validation_errors_code";`)
}
