import { MigrateDownArgs, MigrateUpArgs, sql } from '@payloadcms/db-postgres'

/**
 * Hand-written: permission values become valid GraphQL enum names (`services:activate` ->
 * `services_activate`). Payload turns select values into GraphQL enum names, and ':' is not
 * allowed there, so the GraphQL schema could not be built. Renaming enum values keeps every row.
 */
const RENAMES: Array<[string, string]> = [
  ['services:activate', 'services_activate'],
  ['services:suspend', 'services_suspend'],
  ['services:cancel', 'services_cancel'],
  ['billing:manage', 'billing_manage'],
]

export async function up({ db }: MigrateUpArgs): Promise<void> {
  for (const [from, to] of RENAMES) {
    await db.execute(sql.raw(`ALTER TYPE "public"."enum_users_permissions" RENAME VALUE '${from}' TO '${to}'`))
  }
}

export async function down({ db }: MigrateDownArgs): Promise<void> {
  for (const [from, to] of RENAMES) {
    await db.execute(sql.raw(`ALTER TYPE "public"."enum_users_permissions" RENAME VALUE '${to}' TO '${from}'`))
  }
}
