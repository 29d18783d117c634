import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   ALTER TYPE "public"."enum_invoice_pdfs_variant" ADD VALUE 'paid' BEFORE 'void';`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
   ALTER TABLE "invoice_pdfs" ALTER COLUMN "variant" SET DATA TYPE text;
  DROP TYPE "public"."enum_invoice_pdfs_variant";
  CREATE TYPE "public"."enum_invoice_pdfs_variant" AS ENUM('issued', 'void');
  ALTER TABLE "invoice_pdfs" ALTER COLUMN "variant" SET DATA TYPE "public"."enum_invoice_pdfs_variant" USING "variant"::"public"."enum_invoice_pdfs_variant";`)
}
