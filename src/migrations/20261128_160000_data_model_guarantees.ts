import { MigrateDownArgs, MigrateUpArgs, sql } from '@payloadcms/db-postgres'

/**
 * Hand-written: the guarantees of the data model that must hold at the database, so that they
 * also bind a write that bypasses Payload (plain SQL, a future integration, a bug).
 *
 * - Account numbers (CT-YYYY-NNNNN) and invoice numbers (INV-YYYY-NNNNN) from sequences, assigned
 *   by triggers: never a duplicate under concurrency, the counter never resets across years, and
 *   past 99999 it widens (see src/domain/documentNumbers.ts for the same format in TypeScript).
 * - CHECKs: money is whole cents, non-negative where it cannot be negative; billing day in
 *   (1, 5, 25, 30); calendar dates are SAST midnights; each invoice line adds up.
 * - Derived columns that cannot drift: invoices.amount_due_cents = total - paid,
 *   usage_records.total_bytes = upload + download (set by trigger, checked by CHECK).
 * - Unique: one billing account per customer; one active primary payment method per customer;
 *   customer email case-insensitively (usage (service, date) and transaction ids are unique
 *   indexes from the generated migration).
 * - A record's customer matches the customer of what it points at (service, invoice, method).
 * - The service status graph; cancelled is terminal.
 * - Append-only logs: service actions never change; job runs finish once; notifications change
 *   delivery fields only; none is ever deleted.
 *
 * Status columns are Postgres enums (generated), so they take only their listed values.
 * Trigger errors use SQLSTATE 23514 (check_violation) with a message naming the rule.
 */
export async function up({ db }: MigrateUpArgs): Promise<void> {
  await db.execute(sql.raw(UP))
}

export async function down({ db }: MigrateDownArgs): Promise<void> {
  await db.execute(sql.raw(DOWN))
}

const whole = (col: string) => `${col} = trunc(${col})`
const wholeNonNegative = (col: string) => `${col} >= 0 AND ${whole(col)}`
const sastMidnight = (col: string) => `${col} IS NULL OR is_sast_midnight(${col})`

const UP = `
-- Helpers -------------------------------------------------------------------------------------

CREATE FUNCTION format_document_number(prefix text, year integer, counter bigint) RETURNS text
LANGUAGE sql IMMUTABLE STRICT AS $$
  SELECT prefix || '-' || year::text || '-' ||
         CASE WHEN counter < 100000 THEN lpad(counter::text, 5, '0') ELSE counter::text END
$$;

CREATE FUNCTION sast_year(ts timestamptz) RETURNS integer
LANGUAGE sql STABLE AS $$ SELECT extract(year FROM (ts AT TIME ZONE 'Africa/Johannesburg'))::integer $$;

CREATE FUNCTION is_sast_midnight(ts timestamptz) RETURNS boolean
LANGUAGE sql STABLE AS $$ SELECT (ts AT TIME ZONE 'Africa/Johannesburg')::time = time '00:00' $$;

CREATE FUNCTION refuse(message text) RETURNS void
LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION '%', message USING ERRCODE = 'check_violation'; END $$;

-- Customers -----------------------------------------------------------------------------------

CREATE SEQUENCE customer_account_number_seq AS bigint START 1;

CREATE FUNCTION assign_account_number() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    NEW.customer_since := coalesce(NEW.customer_since,
      (date_trunc('day', now() AT TIME ZONE 'Africa/Johannesburg') AT TIME ZONE 'Africa/Johannesburg'));
    IF NEW.account_number IS NULL THEN
      NEW.account_number := format_document_number('CT', sast_year(NEW.customer_since), nextval('customer_account_number_seq'));
    END IF;
  ELSIF NEW.account_number IS DISTINCT FROM OLD.account_number THEN
    PERFORM refuse('an account number never changes');
  END IF;
  RETURN NEW;
END $$;

-- Accounts that existed before numbering (the foundation's demo customers) get theirs now, in order.
UPDATE customers SET customer_since = date_trunc('day', created_at AT TIME ZONE 'Africa/Johannesburg') AT TIME ZONE 'Africa/Johannesburg'
  WHERE customer_since IS NULL;
UPDATE customers c SET account_number = format_document_number('CT', sast_year(c.customer_since), n.seq)
  FROM (SELECT id, nextval('customer_account_number_seq') AS seq FROM (SELECT id FROM customers ORDER BY id) o) n
  WHERE c.id = n.id AND c.account_number IS NULL;

CREATE TRIGGER customers_account_number BEFORE INSERT OR UPDATE ON customers
  FOR EACH ROW EXECUTE FUNCTION assign_account_number();

ALTER TABLE customers
  ALTER COLUMN account_number SET NOT NULL,
  ALTER COLUMN customer_since SET NOT NULL,
  ADD CONSTRAINT customers_account_number_format CHECK (account_number ~ '^CT-[0-9]{4}-[0-9]{5,}$'),
  ADD CONSTRAINT customers_mobile_format CHECK (mobile IS NULL OR mobile ~ '^27[6-8][0-9]{8}$'),
  ADD CONSTRAINT customers_postal_code_format CHECK (postal_address_postal_code IS NULL OR postal_address_postal_code ~ '^[0-9]{4}$'),
  ADD CONSTRAINT customers_customer_since_is_date CHECK (${sastMidnight('customer_since')}),
  ADD CONSTRAINT customers_business_has_company CHECK (account_type <> 'business' OR coalesce(company_name, '') <> '');
CREATE UNIQUE INDEX customers_email_lower_idx ON customers (lower(email));

-- Billing accounts ------------------------------------------------------------------------------

INSERT INTO billing_accounts (customer_id, balance_cents, credit_limit_cents, auto_pay, notify_by_sms, notify_by_email)
  SELECT c.id, 0, 0, false, true, true FROM customers c
  WHERE NOT EXISTS (SELECT 1 FROM billing_accounts b WHERE b.customer_id = c.id);

CREATE UNIQUE INDEX billing_accounts_one_per_customer ON billing_accounts (customer_id);
ALTER TABLE billing_accounts
  ADD CONSTRAINT billing_accounts_balance_whole CHECK (${whole('balance_cents')}),
  ADD CONSTRAINT billing_accounts_credit_limit CHECK (${wholeNonNegative('credit_limit_cents')});

-- Services ------------------------------------------------------------------------------------

ALTER TABLE services
  ADD CONSTRAINT services_billing_day CHECK (billing_day IN (1, 5, 25, 30)),
  ADD CONSTRAINT services_monthly_price CHECK (${wholeNonNegative('monthly_price_cents')}),
  ADD CONSTRAINT services_speeds CHECK (download_mbps > 0 AND ${whole('download_mbps')} AND upload_mbps > 0 AND ${whole('upload_mbps')}),
  ADD CONSTRAINT services_data_cap CHECK (data_cap_gb IS NULL OR (data_cap_gb > 0 AND ${whole('data_cap_gb')})),
  ADD CONSTRAINT services_coordinates CHECK ((latitude IS NULL OR latitude BETWEEN -90 AND 90) AND (longitude IS NULL OR longitude BETWEEN -180 AND 180)),
  ADD CONSTRAINT services_dates_are_dates CHECK ((${sastMidnight('activation_date')}) AND (${sastMidnight('suspension_date')})
    AND (${sastMidnight('cancellation_date')}) AND (${sastMidnight('next_billing_date')})),
  ADD CONSTRAINT services_live_since_activation CHECK (status IN ('pending', 'cancelled') OR activation_date IS NOT NULL),
  ADD CONSTRAINT services_cancelled_on_a_date CHECK (status <> 'cancelled' OR cancellation_date IS NOT NULL);

CREATE FUNCTION guard_service_status() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.status IS DISTINCT FROM OLD.status AND NOT (
       (OLD.status = 'pending' AND NEW.status IN ('active', 'cancelled'))
    OR (OLD.status = 'active' AND NEW.status IN ('suspended', 'cancelled'))
    OR (OLD.status = 'suspended' AND NEW.status IN ('active', 'cancelled'))) THEN
    PERFORM refuse(format('a %s service cannot become %s', OLD.status, NEW.status));
  END IF;
  IF NEW.customer_id IS DISTINCT FROM OLD.customer_id THEN
    PERFORM refuse('a service never moves to another customer');
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER services_status_graph BEFORE UPDATE ON services FOR EACH ROW EXECUTE FUNCTION guard_service_status();

-- Same customer as what a row points at -----------------------------------------------------------

CREATE FUNCTION same_customer_as_service() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.service_id IS NOT NULL AND NOT EXISTS (
    SELECT 1 FROM services s WHERE s.id = NEW.service_id AND s.customer_id = NEW.customer_id) THEN
    PERFORM refuse(format('%s: the service belongs to another customer', TG_TABLE_NAME));
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER usage_records_same_customer BEFORE INSERT OR UPDATE ON usage_records FOR EACH ROW EXECUTE FUNCTION same_customer_as_service();
CREATE TRIGGER invoices_same_customer BEFORE INSERT OR UPDATE ON invoices FOR EACH ROW EXECUTE FUNCTION same_customer_as_service();
CREATE TRIGGER service_actions_same_customer BEFORE INSERT ON service_actions FOR EACH ROW EXECUTE FUNCTION same_customer_as_service();

CREATE FUNCTION payment_transaction_same_customer() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.invoice_id IS NOT NULL AND NOT EXISTS (
    SELECT 1 FROM invoices i WHERE i.id = NEW.invoice_id AND i.customer_id = NEW.customer_id) THEN
    PERFORM refuse('payment_transactions: the invoice belongs to another customer');
  END IF;
  IF NEW.payment_method_id IS NOT NULL AND NOT EXISTS (
    SELECT 1 FROM payment_methods m WHERE m.id = NEW.payment_method_id AND m.customer_id = NEW.customer_id) THEN
    PERFORM refuse('payment_transactions: the payment method belongs to another customer');
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER payment_transactions_same_customer BEFORE INSERT OR UPDATE ON payment_transactions
  FOR EACH ROW EXECUTE FUNCTION payment_transaction_same_customer();

CREATE FUNCTION billing_account_method_same_customer() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.primary_payment_method_id IS NOT NULL AND NOT EXISTS (
    SELECT 1 FROM payment_methods m WHERE m.id = NEW.primary_payment_method_id AND m.customer_id = NEW.customer_id) THEN
    PERFORM refuse('billing_accounts: the primary payment method belongs to another customer');
  END IF;
  IF TG_OP = 'UPDATE' AND NEW.customer_id IS DISTINCT FROM OLD.customer_id THEN
    PERFORM refuse('a billing account never moves to another customer');
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER billing_accounts_same_customer BEFORE INSERT OR UPDATE ON billing_accounts
  FOR EACH ROW EXECUTE FUNCTION billing_account_method_same_customer();

-- Invoices --------------------------------------------------------------------------------------

CREATE SEQUENCE invoice_number_seq AS bigint START 1;

CREATE FUNCTION invoice_numbering_and_amount_due() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    IF OLD.invoice_number IS NOT NULL AND NEW.invoice_number IS DISTINCT FROM OLD.invoice_number THEN
      PERFORM refuse('an invoice number never changes');
    END IF;
    IF OLD.status <> 'draft' AND NEW.status = 'draft' THEN
      PERFORM refuse('an issued invoice cannot return to draft');
    END IF;
    IF OLD.status = 'void' AND NEW.status <> 'void' THEN
      PERFORM refuse('a void invoice stays void');
    END IF;
  END IF;
  IF NEW.status <> 'draft' AND NEW.invoice_number IS NULL THEN
    NEW.invoice_number := format_document_number('INV', sast_year(NEW.invoice_date), nextval('invoice_number_seq'));
  END IF;
  NEW.amount_due_cents := NEW.total_cents - NEW.amount_paid_cents;
  RETURN NEW;
END $$;
CREATE TRIGGER invoices_numbering BEFORE INSERT OR UPDATE ON invoices FOR EACH ROW EXECUTE FUNCTION invoice_numbering_and_amount_due();

UPDATE invoices SET amount_paid_cents = 0 WHERE amount_paid_cents IS NULL;
ALTER TABLE invoices
  ALTER COLUMN subtotal_cents SET NOT NULL,
  ALTER COLUMN vat_cents SET NOT NULL,
  ALTER COLUMN total_cents SET NOT NULL,
  ALTER COLUMN amount_paid_cents SET NOT NULL,
  ALTER COLUMN amount_paid_cents SET DEFAULT 0,
  ALTER COLUMN amount_due_cents SET NOT NULL,
  ADD CONSTRAINT invoices_money CHECK (${wholeNonNegative('subtotal_cents')} AND ${wholeNonNegative('vat_cents')}
    AND ${wholeNonNegative('total_cents')} AND ${wholeNonNegative('amount_paid_cents')}),
  ADD CONSTRAINT invoices_total_is_subtotal_plus_vat CHECK (total_cents = subtotal_cents + vat_cents),
  ADD CONSTRAINT invoices_paid_within_total CHECK (amount_paid_cents <= total_cents),
  ADD CONSTRAINT invoices_amount_due CHECK (amount_due_cents = total_cents - amount_paid_cents),
  ADD CONSTRAINT invoices_number_when_issued CHECK (status = 'draft' OR invoice_number IS NOT NULL),
  ADD CONSTRAINT invoices_number_format CHECK (invoice_number IS NULL OR invoice_number ~ '^INV-[0-9]{4}-[0-9]{5,}$'),
  ADD CONSTRAINT invoices_dates_are_dates CHECK ((${sastMidnight('invoice_date')}) AND (${sastMidnight('due_date')})
    AND (${sastMidnight('period_start')}) AND (${sastMidnight('period_end')})),
  ADD CONSTRAINT invoices_due_after_issue CHECK (due_date >= invoice_date),
  ADD CONSTRAINT invoices_period_order CHECK (period_start IS NULL OR period_end IS NULL OR period_end >= period_start),
  ADD CONSTRAINT invoices_void_has_reason CHECK (status <> 'void' OR coalesce(void_reason, '') <> '');

ALTER TABLE invoices_lines
  ADD CONSTRAINT invoices_lines_quantity CHECK (quantity >= 1 AND ${whole('quantity')}),
  ADD CONSTRAINT invoices_lines_money CHECK (${wholeNonNegative('unit_price_cents')} AND ${wholeNonNegative('excl_vat_cents')}
    AND ${wholeNonNegative('vat_cents')} AND ${wholeNonNegative('incl_vat_cents')}),
  ADD CONSTRAINT invoices_lines_add_up CHECK (excl_vat_cents + vat_cents = incl_vat_cents),
  ADD CONSTRAINT invoices_lines_vat_rate CHECK (vat_rate_basis_points BETWEEN 0 AND 10000 AND ${whole('vat_rate_basis_points')});

-- Lines summing to the totals is not checked here. It would need a DEFERRABLE constraint trigger
-- (lines and totals are written by separate statements), and @payloadcms/drizzle's
-- commitTransaction swallows an error raised at COMMIT: the transaction rolls back while the
-- caller is told it succeeded. So the totals are derived from the lines on every Payload write
-- (src/hooks/deriveInvoiceTotals.ts) and \`npm run reconcile\` checks them.

CREATE FUNCTION invoices_never_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM refuse('an invoice is voided, never deleted');
  RETURN NULL;
END $$;
CREATE TRIGGER invoices_no_delete BEFORE DELETE ON invoices FOR EACH ROW EXECUTE FUNCTION invoices_never_deleted();

-- Payment methods and transactions ----------------------------------------------------------------

CREATE UNIQUE INDEX payment_methods_one_active_primary ON payment_methods (customer_id) WHERE is_primary AND is_active;
ALTER TABLE payment_methods
  ADD CONSTRAINT payment_methods_last_four CHECK (last_four IS NULL OR last_four ~ '^[0-9]{4}$'),
  ADD CONSTRAINT payment_methods_primary_is_active CHECK (NOT is_primary OR is_active);

ALTER TABLE payment_transactions
  ADD CONSTRAINT payment_transactions_amount CHECK (amount_cents > 0 AND ${whole('amount_cents')});

-- Usage -----------------------------------------------------------------------------------------

CREATE FUNCTION usage_total() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.total_bytes := NEW.upload_bytes + NEW.download_bytes;
  RETURN NEW;
END $$;
CREATE TRIGGER usage_records_total BEFORE INSERT OR UPDATE ON usage_records FOR EACH ROW EXECUTE FUNCTION usage_total();
ALTER TABLE usage_records
  ALTER COLUMN total_bytes SET NOT NULL,
  ADD CONSTRAINT usage_records_bytes CHECK (${wholeNonNegative('upload_bytes')} AND ${wholeNonNegative('download_bytes')}),
  ADD CONSTRAINT usage_records_total CHECK (total_bytes = upload_bytes + download_bytes),
  ADD CONSTRAINT usage_records_date_is_date CHECK (is_sast_midnight(date));

-- Suspensions and job runs ------------------------------------------------------------------------

ALTER TABLE service_suspensions
  ADD CONSTRAINT service_suspensions_order CHECK (reactivated_at IS NULL OR reactivated_at >= suspended_at);
ALTER TABLE job_runs
  ADD CONSTRAINT job_runs_counts CHECK (${wholeNonNegative('records_processed')} AND ${wholeNonNegative('records_failed')}),
  ADD CONSTRAINT job_runs_finished CHECK ((status = 'running') = (finished_at IS NULL)),
  ADD CONSTRAINT job_runs_order CHECK (finished_at IS NULL OR finished_at >= started_at);

-- Append-only logs --------------------------------------------------------------------------------

CREATE FUNCTION append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    PERFORM refuse(format('%s is append-only: rows are never deleted', TG_TABLE_NAME));
  END IF;
  IF TG_TABLE_NAME = 'job_runs' THEN
    IF OLD.status <> 'running' OR NEW.job_name IS DISTINCT FROM OLD.job_name OR NEW.started_at IS DISTINCT FROM OLD.started_at THEN
      PERFORM refuse('job_runs is append-only: a run is finished once and then never changes');
    END IF;
  ELSIF TG_TABLE_NAME = 'notifications' THEN
    IF NEW.customer_id IS DISTINCT FROM OLD.customer_id OR NEW.channel IS DISTINCT FROM OLD.channel
       OR NEW.template IS DISTINCT FROM OLD.template OR NEW.recipient IS DISTINCT FROM OLD.recipient
       OR NEW.created_at IS DISTINCT FROM OLD.created_at THEN
      PERFORM refuse('notifications is append-only: only the delivery status changes');
    END IF;
  ELSE
    PERFORM refuse(format('%s is append-only: rows are never changed', TG_TABLE_NAME));
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER service_actions_append_only BEFORE UPDATE OR DELETE ON service_actions FOR EACH ROW EXECUTE FUNCTION append_only();
CREATE TRIGGER job_runs_append_only BEFORE UPDATE OR DELETE ON job_runs FOR EACH ROW EXECUTE FUNCTION append_only();
CREATE TRIGGER notifications_append_only BEFORE UPDATE OR DELETE ON notifications FOR EACH ROW EXECUTE FUNCTION append_only();

-- Indexes the portal and jobs query by (beyond those on every relationship and status) -----------

CREATE INDEX services_customer_status_idx ON services (customer_id, status);
CREATE INDEX services_due_for_billing_idx ON services (billing_day, next_billing_date) WHERE status = 'active' AND NOT billing_paused;
CREATE INDEX invoices_unpaid_due_idx ON invoices (due_date) WHERE status IN ('unpaid', 'partially_paid', 'overdue');
CREATE INDEX payment_transactions_customer_created_idx ON payment_transactions (customer_id, created_at);
`

const DOWN = `
DROP INDEX IF EXISTS payment_transactions_customer_created_idx, invoices_unpaid_due_idx,
  services_due_for_billing_idx, services_customer_status_idx, payment_methods_one_active_primary,
  billing_accounts_one_per_customer, customers_email_lower_idx;
DROP TRIGGER IF EXISTS service_actions_append_only ON service_actions;
DROP TRIGGER IF EXISTS job_runs_append_only ON job_runs;
DROP TRIGGER IF EXISTS notifications_append_only ON notifications;
DROP TRIGGER IF EXISTS usage_records_total ON usage_records;
DROP TRIGGER IF EXISTS invoices_no_delete ON invoices;
DROP TRIGGER IF EXISTS invoices_numbering ON invoices;
DROP TRIGGER IF EXISTS billing_accounts_same_customer ON billing_accounts;
DROP TRIGGER IF EXISTS payment_transactions_same_customer ON payment_transactions;
DROP TRIGGER IF EXISTS service_actions_same_customer ON service_actions;
DROP TRIGGER IF EXISTS invoices_same_customer ON invoices;
DROP TRIGGER IF EXISTS usage_records_same_customer ON usage_records;
DROP TRIGGER IF EXISTS services_status_graph ON services;
DROP TRIGGER IF EXISTS customers_account_number ON customers;
ALTER TABLE job_runs DROP CONSTRAINT IF EXISTS job_runs_counts, DROP CONSTRAINT IF EXISTS job_runs_finished, DROP CONSTRAINT IF EXISTS job_runs_order;
ALTER TABLE service_suspensions DROP CONSTRAINT IF EXISTS service_suspensions_order;
ALTER TABLE usage_records DROP CONSTRAINT IF EXISTS usage_records_bytes, DROP CONSTRAINT IF EXISTS usage_records_total,
  DROP CONSTRAINT IF EXISTS usage_records_date_is_date, ALTER COLUMN total_bytes DROP NOT NULL;
ALTER TABLE payment_transactions DROP CONSTRAINT IF EXISTS payment_transactions_amount;
ALTER TABLE payment_methods DROP CONSTRAINT IF EXISTS payment_methods_last_four, DROP CONSTRAINT IF EXISTS payment_methods_primary_is_active;
ALTER TABLE invoices_lines DROP CONSTRAINT IF EXISTS invoices_lines_quantity, DROP CONSTRAINT IF EXISTS invoices_lines_money,
  DROP CONSTRAINT IF EXISTS invoices_lines_add_up, DROP CONSTRAINT IF EXISTS invoices_lines_vat_rate;
ALTER TABLE invoices DROP CONSTRAINT IF EXISTS invoices_money, DROP CONSTRAINT IF EXISTS invoices_total_is_subtotal_plus_vat,
  DROP CONSTRAINT IF EXISTS invoices_paid_within_total, DROP CONSTRAINT IF EXISTS invoices_amount_due,
  DROP CONSTRAINT IF EXISTS invoices_number_when_issued, DROP CONSTRAINT IF EXISTS invoices_number_format,
  DROP CONSTRAINT IF EXISTS invoices_dates_are_dates, DROP CONSTRAINT IF EXISTS invoices_due_after_issue,
  DROP CONSTRAINT IF EXISTS invoices_period_order, DROP CONSTRAINT IF EXISTS invoices_void_has_reason,
  ALTER COLUMN subtotal_cents DROP NOT NULL, ALTER COLUMN vat_cents DROP NOT NULL, ALTER COLUMN total_cents DROP NOT NULL,
  ALTER COLUMN amount_paid_cents DROP NOT NULL, ALTER COLUMN amount_due_cents DROP NOT NULL;
ALTER TABLE services DROP CONSTRAINT IF EXISTS services_billing_day, DROP CONSTRAINT IF EXISTS services_monthly_price,
  DROP CONSTRAINT IF EXISTS services_speeds, DROP CONSTRAINT IF EXISTS services_data_cap, DROP CONSTRAINT IF EXISTS services_coordinates,
  DROP CONSTRAINT IF EXISTS services_dates_are_dates, DROP CONSTRAINT IF EXISTS services_live_since_activation,
  DROP CONSTRAINT IF EXISTS services_cancelled_on_a_date;
ALTER TABLE billing_accounts DROP CONSTRAINT IF EXISTS billing_accounts_balance_whole, DROP CONSTRAINT IF EXISTS billing_accounts_credit_limit;
ALTER TABLE customers DROP CONSTRAINT IF EXISTS customers_account_number_format, DROP CONSTRAINT IF EXISTS customers_mobile_format,
  DROP CONSTRAINT IF EXISTS customers_postal_code_format, DROP CONSTRAINT IF EXISTS customers_customer_since_is_date,
  DROP CONSTRAINT IF EXISTS customers_business_has_company,
  ALTER COLUMN account_number DROP NOT NULL, ALTER COLUMN customer_since DROP NOT NULL;
DROP FUNCTION IF EXISTS append_only(), usage_total(), invoices_never_deleted(),
  invoice_numbering_and_amount_due(), billing_account_method_same_customer(), payment_transaction_same_customer(),
  same_customer_as_service(), guard_service_status(), assign_account_number(), refuse(text),
  is_sast_midnight(timestamptz), sast_year(timestamptz), format_document_number(text, integer, bigint);
DROP SEQUENCE IF EXISTS invoice_number_seq, customer_account_number_seq;
`
