import { MigrateDownArgs, MigrateUpArgs, sql } from '@payloadcms/db-postgres'

/**
 * Hand-written: the ledger columns change only through the billing services.
 *
 * Payload writes every column of a row on update, filling the ones a client did not send from a
 * copy it read earlier without a lock. A PATCH of a billing account's notification preferences (or
 * an invoice note) racing a payment would write the old balance (or amount paid and status) back
 * and silently undo the payment. So `billing_accounts.balance_cents`, and an issued invoice's
 * `amount_paid_cents` and `status`, may change only in a transaction that declared itself a ledger
 * write (`SELECT set_config('isp.ledger', 'on', true)`, see src/services/billing/ledger.ts);
 * anything else is refused (a 400 to the client, who reloads and retries) instead of corrupting.
 */
export async function up({ db }: MigrateUpArgs): Promise<void> {
  await db.execute(sql.raw(`
CREATE FUNCTION ledger_columns_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF coalesce(current_setting('isp.ledger', true), '') = 'on' THEN
    RETURN NEW;
  END IF;
  -- One branch per table: PL/pgSQL resolves NEW.<column> for the row type at hand, so a column
  -- of the other table must not appear in the same expression.
  IF TG_TABLE_NAME = 'billing_accounts' THEN
    IF NEW.balance_cents IS DISTINCT FROM OLD.balance_cents THEN
      PERFORM refuse('the balance moves only with invoices, credit notes and payments (it may have changed meanwhile: reload and retry)');
    END IF;
  ELSIF OLD.status <> 'draft' THEN
    IF NEW.amount_paid_cents IS DISTINCT FROM OLD.amount_paid_cents OR NEW.status IS DISTINCT FROM OLD.status THEN
      PERFORM refuse('an issued invoice''s amount paid and status change only through payments, credit notes and void (reload and retry)');
    END IF;
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER billing_accounts_ledger_guard BEFORE UPDATE ON billing_accounts FOR EACH ROW EXECUTE FUNCTION ledger_columns_guard();
CREATE TRIGGER invoices_ledger_guard BEFORE UPDATE ON invoices FOR EACH ROW EXECUTE FUNCTION ledger_columns_guard();
`))
}

export async function down({ db }: MigrateDownArgs): Promise<void> {
  await db.execute(sql.raw(`
DROP TRIGGER IF EXISTS billing_accounts_ledger_guard ON billing_accounts;
DROP TRIGGER IF EXISTS invoices_ledger_guard ON invoices;
DROP FUNCTION IF EXISTS ledger_columns_guard();
`))
}
