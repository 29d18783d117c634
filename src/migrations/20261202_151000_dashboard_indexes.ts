import { MigrateDownArgs, MigrateUpArgs, sql } from '@payloadcms/db-postgres'

/**
 * Hand-written, for the customer dashboard (src/services/dashboard):
 * - the freshness of a service's usage (`usageAsOf`, the newest row's update) read from an index
 *   instead of every row of the service's history;
 * - the latest invoices and orders of a customer (LIMIT 5, newest first) from an index in that order;
 * - the account change log's "who" (its rels rows) as append-only as the log itself, and kept when
 *   the staff user or customer row it names goes.
 */
export async function up({ db }: MigrateUpArgs): Promise<void> {
  await db.execute(sql.raw(`
    CREATE INDEX usage_records_service_updated_idx ON usage_records (service_id, updated_at DESC);
    CREATE INDEX invoices_customer_latest_idx ON invoices (customer_id, invoice_date DESC, id DESC);
    CREATE INDEX consumer_orders_customer_latest_idx ON consumer_orders (customer_id, created_at DESC, id DESC);
    CREATE TRIGGER account_changes_rels_append_only BEFORE UPDATE OR DELETE ON account_changes_rels FOR EACH ROW EXECUTE FUNCTION append_only();
    ALTER TABLE account_changes_rels DROP CONSTRAINT account_changes_rels_customers_fk,
      ADD CONSTRAINT account_changes_rels_customers_fk FOREIGN KEY (customers_id) REFERENCES customers(id) ON DELETE RESTRICT;
    ALTER TABLE account_changes_rels DROP CONSTRAINT account_changes_rels_users_fk,
      ADD CONSTRAINT account_changes_rels_users_fk FOREIGN KEY (users_id) REFERENCES users(id) ON DELETE RESTRICT;
  `))
}

export async function down({ db }: MigrateDownArgs): Promise<void> {
  await db.execute(sql.raw(`
    ALTER TABLE account_changes_rels DROP CONSTRAINT account_changes_rels_users_fk,
      ADD CONSTRAINT account_changes_rels_users_fk FOREIGN KEY (users_id) REFERENCES users(id) ON DELETE CASCADE;
    ALTER TABLE account_changes_rels DROP CONSTRAINT account_changes_rels_customers_fk,
      ADD CONSTRAINT account_changes_rels_customers_fk FOREIGN KEY (customers_id) REFERENCES customers(id) ON DELETE CASCADE;
    DROP TRIGGER IF EXISTS account_changes_rels_append_only ON account_changes_rels;
    DROP INDEX IF EXISTS consumer_orders_customer_latest_idx;
    DROP INDEX IF EXISTS invoices_customer_latest_idx;
    DROP INDEX IF EXISTS usage_records_service_updated_idx;
  `))
}
