import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   CREATE TYPE "public"."enum_products_type" AS ENUM('fibre', 'lte', 'wireless');
  CREATE TABLE "products" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"name" varchar NOT NULL,
  	"type" "enum_products_type" NOT NULL,
  	"download_mbps" numeric NOT NULL,
  	"upload_mbps" numeric NOT NULL,
  	"data_cap_gb" numeric,
  	"monthly_price_cents" numeric NOT NULL,
  	"price_includes_vat" boolean DEFAULT true NOT NULL,
  	"installation_fee_cents" numeric DEFAULT 0 NOT NULL,
  	"active" boolean DEFAULT true NOT NULL,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  ALTER TABLE "services" ADD COLUMN "product_id" integer;
  ALTER TABLE "payload_locked_documents_rels" ADD COLUMN "products_id" integer;
  CREATE UNIQUE INDEX "products_name_idx" ON "products" USING btree ("name");
  CREATE INDEX "products_active_idx" ON "products" USING btree ("active");
  CREATE INDEX "products_updated_at_idx" ON "products" USING btree ("updated_at");
  CREATE INDEX "products_created_at_idx" ON "products" USING btree ("created_at");
  ALTER TABLE "services" ADD CONSTRAINT "services_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_products_fk" FOREIGN KEY ("products_id") REFERENCES "public"."products"("id") ON DELETE cascade ON UPDATE no action;
  CREATE INDEX "services_product_idx" ON "services" USING btree ("product_id");
  CREATE INDEX "payload_locked_documents_rels_products_id_idx" ON "payload_locked_documents_rels" USING btree ("products_id");
  -- Hand-written: money is whole cents and never negative, speeds and caps are whole and positive
  -- (as on services), and a package is withdrawn, never deleted: services name it.
  ALTER TABLE "products"
    ADD CONSTRAINT "products_monthly_price" CHECK ("monthly_price_cents" >= 0 AND "monthly_price_cents" = trunc("monthly_price_cents")),
    ADD CONSTRAINT "products_installation_fee" CHECK ("installation_fee_cents" >= 0 AND "installation_fee_cents" = trunc("installation_fee_cents")),
    ADD CONSTRAINT "products_speeds" CHECK ("download_mbps" > 0 AND "download_mbps" = trunc("download_mbps") AND "upload_mbps" > 0 AND "upload_mbps" = trunc("upload_mbps")),
    ADD CONSTRAINT "products_data_cap" CHECK ("data_cap_gb" IS NULL OR ("data_cap_gb" > 0 AND "data_cap_gb" = trunc("data_cap_gb")));
  CREATE FUNCTION products_never_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    PERFORM refuse('a package is withdrawn (active = false), never deleted');
    RETURN NULL;
  END $$;
  CREATE TRIGGER products_no_delete BEFORE DELETE ON "products" FOR EACH ROW EXECUTE FUNCTION products_never_deleted();`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  // The foreign keys and columns pointing at products go first: DROP TABLE ... CASCADE would
  // already have dropped the constraints the generated statements then tried to drop.
  await db.execute(sql`
  ALTER TABLE "services" DROP CONSTRAINT "services_product_id_products_id_fk";
  ALTER TABLE "payload_locked_documents_rels" DROP CONSTRAINT "payload_locked_documents_rels_products_fk";
  DROP INDEX "services_product_idx";
  DROP INDEX "payload_locked_documents_rels_products_id_idx";
  ALTER TABLE "services" DROP COLUMN "product_id";
  ALTER TABLE "payload_locked_documents_rels" DROP COLUMN "products_id";
  DROP TRIGGER "products_no_delete" ON "products";
  DROP FUNCTION products_never_deleted();
  DROP TABLE "products" CASCADE;
  DROP TYPE "public"."enum_products_type";`)
}
