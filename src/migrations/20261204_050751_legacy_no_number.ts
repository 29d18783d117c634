import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   ALTER TYPE "public"."enum_validation_errors_code" ADD VALUE 'NO_NUMBER';`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
   ALTER TABLE "validation_errors" ALTER COLUMN "code" SET DATA TYPE text;
  -- The older schema filed a missing order number under NO_EMAIL.
  UPDATE validation_errors SET code = 'NO_EMAIL' WHERE code = 'NO_NUMBER';
  DROP TYPE "public"."enum_validation_errors_code";
  CREATE TYPE "public"."enum_validation_errors_code" AS ENUM('ORPHAN', 'AMBIGUOUS', 'UNKNOWN_STATUS', 'NO_EMAIL', 'BAD_EMAIL', 'DUPLICATE', 'INVALID_PRICE', 'NUMBER_TAKEN');
  ALTER TABLE "validation_errors" ALTER COLUMN "code" SET DATA TYPE "public"."enum_validation_errors_code" USING "code"::"public"."enum_validation_errors_code";`)
}
