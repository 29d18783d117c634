/**
 * `npm run reconcile`: checks every billing account against its invoices, credit notes and
 * payments, and every invoice against its lines and allocations. Prints what is wrong; exits 1 if
 * anything is, 0 when every cent reconciles.
 */
import { runWithPayload } from './lib/runWithPayload'

await runWithPayload(async (payload) => {
  const { reconcile } = await import('../src/services/billing/reconcile')
  const problems = await reconcile(payload)
  if (problems.length === 0) {
    console.log('Reconciled: every balance, invoice, credit note and payment adds up.')
    return 0
  }
  console.log(`${problems.length} discrepanc${problems.length === 1 ? 'y' : 'ies'}:`)
  for (const p of problems) console.log(`  [${p.check}] ${p.subject}: expected ${p.expected}, found ${p.actual}`)
  return 1
})
