import { MigrateDownArgs, MigrateUpArgs, sql } from '@payloadcms/db-postgres'

/**
 * Hand-written: invoice PDF jobs go on the `documents` queue now (src/services/outbox.ts), worked
 * four at a time in a lane of their own. Those still waiting on `default` from before move there,
 * so they do not hold up postbacks, mandates and password emails one at a time. A job a runner is
 * processing right now is left where it is (it finishes there).
 */
export async function up({ db }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
    UPDATE payload_jobs SET queue = 'documents'
     WHERE task_slug = 'renderInvoicePdf' AND queue = 'default' AND completed_at IS NULL AND NOT processing`)
}

export async function down({ db }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
    UPDATE payload_jobs SET queue = 'default'
     WHERE task_slug = 'renderInvoicePdf' AND queue = 'documents' AND completed_at IS NULL AND NOT processing`)
}
