import type { Payload } from 'payload'
import { sql } from 'drizzle-orm'

import { sastMidnight, type CalendarDate } from '../../domain/calendarDate'
import { transactionSql } from '../transactionSql'
import { withTransaction } from '../withTransaction'
import { declareLedgerWrite } from './ledger'

/** Marks every unpaid or partly paid invoice due before `asOf` as overdue. Idempotent. */
export async function markOverdueInvoices(payload: Payload, asOf: CalendarDate): Promise<number> {
  return withTransaction(payload, async (req) => {
    await declareLedgerWrite(req)
    const db = await transactionSql(req)
    const { rows } = await db.execute(sql`
      UPDATE invoices SET status = 'overdue', updated_at = now()
      WHERE status IN ('unpaid', 'partially_paid') AND kind <> 'credit_note' AND due_date < ${sastMidnight(asOf)}::timestamptz
      RETURNING id`)
    return rows.length
  })
}
