import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   ALTER TABLE "customers" ADD COLUMN "display_name" varchar;
  CREATE INDEX "customers_display_name_idx" ON "customers" USING btree ("display_name");
  UPDATE "customers" SET "display_name" = CASE
    WHEN "account_type" = 'business' AND coalesce("company_name", '') <> '' THEN "company_name"
    ELSE trim(coalesce("first_name", '') || ' ' || coalesce("last_name", '')) END;`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
   DROP INDEX "customers_display_name_idx";
  ALTER TABLE "customers" DROP COLUMN "display_name";`)
}
