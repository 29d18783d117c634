import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

// Generated, then edited by hand: a PDF row keeps its invoice and customer (restrict, not set null:
// both columns are NOT NULL and neither invoices nor customers are ever deleted).

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   CREATE TYPE "public"."enum_invoice_pdfs_variant" AS ENUM('issued', 'void');
  ALTER TYPE "public"."enum_payload_jobs_log_task_slug" ADD VALUE 'renderInvoicePdf';
  ALTER TYPE "public"."enum_payload_jobs_task_slug" ADD VALUE 'renderInvoicePdf';
  CREATE TABLE "invoice_pdfs" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"invoice_id" integer NOT NULL,
  	"customer_id" integer NOT NULL,
  	"variant" "enum_invoice_pdfs_variant" NOT NULL,
  	"rendered_at" timestamp(3) with time zone NOT NULL,
  	"_objectkey" varchar,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"url" varchar,
  	"thumbnail_u_r_l" varchar,
  	"filename" varchar,
  	"mime_type" varchar,
  	"filesize" numeric,
  	"width" numeric,
  	"height" numeric,
  	"focal_x" numeric,
  	"focal_y" numeric
  );
  
  ALTER TABLE "payload_locked_documents_rels" ADD COLUMN "invoice_pdfs_id" integer;
  ALTER TABLE "invoice_pdfs" ADD CONSTRAINT "invoice_pdfs_invoice_id_invoices_id_fk" FOREIGN KEY ("invoice_id") REFERENCES "public"."invoices"("id") ON DELETE restrict ON UPDATE no action;
  ALTER TABLE "invoice_pdfs" ADD CONSTRAINT "invoice_pdfs_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE restrict ON UPDATE no action;
  CREATE INDEX "invoice_pdfs_invoice_idx" ON "invoice_pdfs" USING btree ("invoice_id");
  CREATE INDEX "invoice_pdfs_customer_idx" ON "invoice_pdfs" USING btree ("customer_id");
  CREATE INDEX "invoice_pdfs_updated_at_idx" ON "invoice_pdfs" USING btree ("updated_at");
  CREATE INDEX "invoice_pdfs_created_at_idx" ON "invoice_pdfs" USING btree ("created_at");
  CREATE UNIQUE INDEX "invoice_pdfs_filename_idx" ON "invoice_pdfs" USING btree ("filename");
  CREATE UNIQUE INDEX "invoice_variant_idx" ON "invoice_pdfs" USING btree ("invoice_id","variant");
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_invoice_pdfs_fk" FOREIGN KEY ("invoice_pdfs_id") REFERENCES "public"."invoice_pdfs"("id") ON DELETE cascade ON UPDATE no action;
  CREATE INDEX "payload_locked_documents_rels_invoice_pdfs_id_idx" ON "payload_locked_documents_rels" USING btree ("invoice_pdfs_id");`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
   ALTER TABLE "invoice_pdfs" DISABLE ROW LEVEL SECURITY;
  DROP TABLE "invoice_pdfs" CASCADE;
  ALTER TABLE "payload_locked_documents_rels" DROP CONSTRAINT "payload_locked_documents_rels_invoice_pdfs_fk";
  
  ALTER TABLE "payload_jobs_log" ALTER COLUMN "task_slug" SET DATA TYPE text;
  DROP TYPE "public"."enum_payload_jobs_log_task_slug";
  CREATE TYPE "public"."enum_payload_jobs_log_task_slug" AS ENUM('inline', 'purgeLoginRateLimits');
  ALTER TABLE "payload_jobs_log" ALTER COLUMN "task_slug" SET DATA TYPE "public"."enum_payload_jobs_log_task_slug" USING "task_slug"::"public"."enum_payload_jobs_log_task_slug";
  ALTER TABLE "payload_jobs" ALTER COLUMN "task_slug" SET DATA TYPE text;
  DROP TYPE "public"."enum_payload_jobs_task_slug";
  CREATE TYPE "public"."enum_payload_jobs_task_slug" AS ENUM('inline', 'purgeLoginRateLimits');
  ALTER TABLE "payload_jobs" ALTER COLUMN "task_slug" SET DATA TYPE "public"."enum_payload_jobs_task_slug" USING "task_slug"::"public"."enum_payload_jobs_task_slug";
  DROP INDEX "payload_locked_documents_rels_invoice_pdfs_id_idx";
  ALTER TABLE "payload_locked_documents_rels" DROP COLUMN "invoice_pdfs_id";
  DROP TYPE "public"."enum_invoice_pdfs_variant";`)
}
