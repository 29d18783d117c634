import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   CREATE TYPE "public"."enum_pay_now_requests_status" AS ENUM('started', 'paid', 'declined');
  CREATE TABLE "pay_now_requests" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"reference" varchar NOT NULL,
  	"customer_id" integer NOT NULL,
  	"invoice_id" integer NOT NULL,
  	"amount_cents" numeric NOT NULL,
  	"status" "enum_pay_now_requests_status" DEFAULT 'started' NOT NULL,
  	"payment_id" integer,
  	"decided_at" timestamp(3) with time zone,
  	"decline_reason" varchar,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  ALTER TABLE "payload_locked_documents_rels" ADD COLUMN "pay_now_requests_id" integer;
  ALTER TABLE "pay_now_requests" ADD CONSTRAINT "pay_now_requests_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE restrict ON UPDATE no action;
  ALTER TABLE "pay_now_requests" ADD CONSTRAINT "pay_now_requests_invoice_id_invoices_id_fk" FOREIGN KEY ("invoice_id") REFERENCES "public"."invoices"("id") ON DELETE restrict ON UPDATE no action;
  ALTER TABLE "pay_now_requests" ADD CONSTRAINT "pay_now_requests_payment_id_payment_transactions_id_fk" FOREIGN KEY ("payment_id") REFERENCES "public"."payment_transactions"("id") ON DELETE set null ON UPDATE no action;
  CREATE UNIQUE INDEX "pay_now_requests_reference_idx" ON "pay_now_requests" USING btree ("reference");
  CREATE INDEX "pay_now_requests_customer_idx" ON "pay_now_requests" USING btree ("customer_id");
  CREATE INDEX "pay_now_requests_invoice_idx" ON "pay_now_requests" USING btree ("invoice_id");
  CREATE INDEX "pay_now_requests_status_idx" ON "pay_now_requests" USING btree ("status");
  CREATE INDEX "pay_now_requests_payment_idx" ON "pay_now_requests" USING btree ("payment_id");
  CREATE INDEX "pay_now_requests_updated_at_idx" ON "pay_now_requests" USING btree ("updated_at");
  CREATE INDEX "pay_now_requests_created_at_idx" ON "pay_now_requests" USING btree ("created_at");
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_pay_now_requests_fk" FOREIGN KEY ("pay_now_requests_id") REFERENCES "public"."pay_now_requests"("id") ON DELETE cascade ON UPDATE no action;
  CREATE INDEX "payload_locked_documents_rels_pay_now_requests_id_idx" ON "payload_locked_documents_rels" USING btree ("pay_now_requests_id");
  -- Whole cents; a request is for its customer's own invoice; it is decided once.
  ALTER TABLE pay_now_requests ADD CONSTRAINT pay_now_requests_amount_whole CHECK (amount_cents > 0 AND amount_cents = trunc(amount_cents));
  CREATE FUNCTION pay_now_requests_guard() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    IF NOT EXISTS (SELECT 1 FROM invoices i WHERE i.id = NEW.invoice_id AND i.customer_id = NEW.customer_id) THEN
      RAISE EXCEPTION 'pay now request % is for another customer''s invoice', NEW.id;
    END IF;
    -- Paid is final; a decline may still turn into paid (a late or repeated accept: the money was taken).
    IF TG_OP = 'UPDATE' AND OLD.status = 'paid' AND (NEW.status, NEW.payment_id) IS DISTINCT FROM (OLD.status, OLD.payment_id) THEN
      RAISE EXCEPTION 'pay now request % was already paid', OLD.id;
    END IF;
    IF TG_OP = 'UPDATE' AND OLD.status = 'declined' AND NEW.status = 'started' THEN
      RAISE EXCEPTION 'pay now request % was already declined', OLD.id;
    END IF;
    IF TG_OP = 'UPDATE' AND (NEW.reference, NEW.amount_cents, NEW.invoice_id, NEW.customer_id) IS DISTINCT FROM (OLD.reference, OLD.amount_cents, OLD.invoice_id, OLD.customer_id) THEN
      RAISE EXCEPTION 'pay now request % keeps its reference, amount, invoice and customer', OLD.id;
    END IF;
    RETURN NEW;
  END $$;
  CREATE TRIGGER pay_now_requests_guard BEFORE INSERT OR UPDATE ON pay_now_requests FOR EACH ROW EXECUTE FUNCTION pay_now_requests_guard();`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
  ALTER TABLE "payload_locked_documents_rels" DROP CONSTRAINT IF EXISTS "payload_locked_documents_rels_pay_now_requests_fk";
  DROP TABLE "pay_now_requests" CASCADE;
  DROP FUNCTION IF EXISTS pay_now_requests_guard();
  
  DROP INDEX IF EXISTS "payload_locked_documents_rels_pay_now_requests_id_idx";
  ALTER TABLE "payload_locked_documents_rels" DROP COLUMN "pay_now_requests_id";
  DROP TYPE "public"."enum_pay_now_requests_status";`)
}
