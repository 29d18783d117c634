import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

/**
 * The account change log (src/collections/AccountChanges): generated, plus by hand the append-only
 * trigger the service action log has, so a record of a change cannot itself be changed.
 */

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   CREATE TYPE "public"."enum_account_changes_source" AS ENUM('portal', 'admin', 'api', 'system');
  CREATE TABLE "account_changes" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"customer_id" integer NOT NULL,
  	"field" varchar NOT NULL,
  	"before" jsonb,
  	"after" jsonb,
  	"source" "enum_account_changes_source" NOT NULL,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  CREATE TABLE "account_changes_rels" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"order" integer,
  	"parent_id" integer NOT NULL,
  	"path" varchar NOT NULL,
  	"customers_id" integer,
  	"users_id" integer
  );
  
  ALTER TABLE "payload_locked_documents_rels" ADD COLUMN "account_changes_id" integer;
  ALTER TABLE "account_changes" ADD CONSTRAINT "account_changes_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "account_changes_rels" ADD CONSTRAINT "account_changes_rels_parent_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."account_changes"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "account_changes_rels" ADD CONSTRAINT "account_changes_rels_customers_fk" FOREIGN KEY ("customers_id") REFERENCES "public"."customers"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "account_changes_rels" ADD CONSTRAINT "account_changes_rels_users_fk" FOREIGN KEY ("users_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;
  CREATE INDEX "account_changes_customer_idx" ON "account_changes" USING btree ("customer_id");
  CREATE INDEX "account_changes_updated_at_idx" ON "account_changes" USING btree ("updated_at");
  CREATE INDEX "account_changes_created_at_idx" ON "account_changes" USING btree ("created_at");
  CREATE INDEX "account_changes_rels_order_idx" ON "account_changes_rels" USING btree ("order");
  CREATE INDEX "account_changes_rels_parent_idx" ON "account_changes_rels" USING btree ("parent_id");
  CREATE INDEX "account_changes_rels_path_idx" ON "account_changes_rels" USING btree ("path");
  CREATE INDEX "account_changes_rels_customers_id_idx" ON "account_changes_rels" USING btree ("customers_id");
  CREATE INDEX "account_changes_rels_users_id_idx" ON "account_changes_rels" USING btree ("users_id");
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_account_changes_fk" FOREIGN KEY ("account_changes_id") REFERENCES "public"."account_changes"("id") ON DELETE cascade ON UPDATE no action;
  CREATE INDEX "payload_locked_documents_rels_account_changes_id_idx" ON "payload_locked_documents_rels" USING btree ("account_changes_id");`)
  await db.execute(sql.raw(`CREATE TRIGGER account_changes_append_only BEFORE UPDATE OR DELETE ON account_changes FOR EACH ROW EXECUTE FUNCTION append_only();`))
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
   DROP TRIGGER IF EXISTS account_changes_append_only ON account_changes;
   ALTER TABLE "account_changes" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "account_changes_rels" DISABLE ROW LEVEL SECURITY;
  DROP TABLE "account_changes" CASCADE;
  DROP TABLE "account_changes_rels" CASCADE;
  ALTER TABLE "payload_locked_documents_rels" DROP CONSTRAINT "payload_locked_documents_rels_account_changes_fk";
  
  DROP INDEX "payload_locked_documents_rels_account_changes_id_idx";
  ALTER TABLE "payload_locked_documents_rels" DROP COLUMN "account_changes_id";
  DROP TYPE "public"."enum_account_changes_source";`)
}
