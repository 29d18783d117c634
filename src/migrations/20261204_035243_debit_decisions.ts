import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

/** The clerk's two decisions on a returned debit order, in the billing action log. */
export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   ALTER TYPE "public"."enum_billing_actions_action" ADD VALUE 'represent_debit';
  ALTER TYPE "public"."enum_billing_actions_action" ADD VALUE 'debit_follow_up';`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  // The older schema has no name for these decisions: their log entries go with it.
  await db.execute(sql`
   ALTER TABLE billing_actions DISABLE TRIGGER billing_actions_append_only;
  DELETE FROM billing_actions WHERE action::text IN ('represent_debit', 'debit_follow_up');
  ALTER TABLE billing_actions ENABLE TRIGGER billing_actions_append_only;
  ALTER TABLE "billing_actions" ALTER COLUMN "action" SET DATA TYPE text;
  DROP TYPE "public"."enum_billing_actions_action";
  CREATE TYPE "public"."enum_billing_actions_action" AS ENUM('record_payment', 'refund', 'void_invoice', 'credit_note', 'adhoc_invoice', 'resend_invoice', 'add_payment_method', 'set_primary_payment_method', 'remove_payment_method', 'reveal_payment_details');
  ALTER TABLE "billing_actions" ALTER COLUMN "action" SET DATA TYPE "public"."enum_billing_actions_action" USING "action"::"public"."enum_billing_actions_action";`)
}
