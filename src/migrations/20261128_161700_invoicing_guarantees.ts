import { MigrateDownArgs, MigrateUpArgs, sql } from '@payloadcms/db-postgres'

/**
 * Hand-written: what makes invoicing idempotent and the ledger exact, at the database.
 *
 * - Exactly one live recurring invoice per service per billing period: a partial unique index.
 *   Whoever issues it, however often, concurrently or after a crash, the second insert is refused
 *   and the caller treats that as "already issued".
 * - Allocations are whole positive cents, come from exactly one source (a payment or a credit
 *   note) and stay within the customer (an invoice's amount paid never exceeds its total: the
 *   invoices CHECK from the data-model migration).
 * - A credit note credits an invoice of the same customer.
 */
export async function up({ db }: MigrateUpArgs): Promise<void> {
  await db.execute(sql.raw(`
CREATE UNIQUE INDEX invoices_one_recurring_per_period ON invoices (service_id, period_start)
  WHERE kind = 'recurring' AND status <> 'void';

ALTER TABLE payment_allocations
  ADD CONSTRAINT payment_allocations_amount CHECK (amount_cents > 0 AND amount_cents = trunc(amount_cents)),
  ADD CONSTRAINT payment_allocations_one_source CHECK ((payment_id IS NULL) <> (credit_note_id IS NULL));

CREATE FUNCTION allocation_consistent() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM invoices i WHERE i.id = NEW.invoice_id AND i.customer_id = NEW.customer_id AND i.kind <> 'credit_note') THEN
    PERFORM refuse('payment_allocations: the invoice belongs to another customer or is a credit note');
  END IF;
  IF NEW.payment_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM payment_transactions t WHERE t.id = NEW.payment_id AND t.customer_id = NEW.customer_id) THEN
    PERFORM refuse('payment_allocations: the payment belongs to another customer');
  END IF;
  IF NEW.credit_note_id IS NOT NULL AND NOT EXISTS (
    SELECT 1 FROM invoices c WHERE c.id = NEW.credit_note_id AND c.customer_id = NEW.customer_id AND c.kind = 'credit_note') THEN
    PERFORM refuse('payment_allocations: the credit note belongs to another customer or is not a credit note');
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER payment_allocations_consistent BEFORE INSERT OR UPDATE ON payment_allocations
  FOR EACH ROW EXECUTE FUNCTION allocation_consistent();

CREATE FUNCTION credit_note_same_customer() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.credited_invoice_id IS NOT NULL AND (NEW.kind <> 'credit_note' OR NOT EXISTS (
    SELECT 1 FROM invoices i WHERE i.id = NEW.credited_invoice_id AND i.customer_id = NEW.customer_id)) THEN
    PERFORM refuse('invoices: only a credit note credits an invoice, and only one of the same customer');
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER invoices_credit_note_same_customer BEFORE INSERT OR UPDATE ON invoices
  FOR EACH ROW EXECUTE FUNCTION credit_note_same_customer();
`))
}

export async function down({ db }: MigrateDownArgs): Promise<void> {
  await db.execute(sql.raw(`
DROP TRIGGER IF EXISTS invoices_credit_note_same_customer ON invoices;
DROP TRIGGER IF EXISTS payment_allocations_consistent ON payment_allocations;
DROP FUNCTION IF EXISTS credit_note_same_customer(), allocation_consistent();
ALTER TABLE payment_allocations DROP CONSTRAINT IF EXISTS payment_allocations_amount, DROP CONSTRAINT IF EXISTS payment_allocations_one_source;
DROP INDEX IF EXISTS invoices_one_recurring_per_period;
`))
}
