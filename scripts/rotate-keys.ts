/**
 * `npm run rotate-keys`: re-encrypts every stored payment detail under the newest key in
 * PAYMENT_DATA_KEYS. Add the new key first (`v1:<old>,v2:<new>`), run this, then drop the old one.
 */
import { runWithPayload } from './lib/runWithPayload'

await runWithPayload(async (payload, config) => {
  const { rotatePaymentDataKeys } = await import('../src/services/paymentMethods/rotatePaymentDataKeys')
  const result = await rotatePaymentDataKeys(payload)
  console.log(`Re-encrypted ${result.rotated} payment detail(s) under key v${config.paymentDataKeys.current}; ${result.alreadyCurrent} already used it.`)
  if (result.unreadable.length === 0) return 0
  console.log(`${result.unreadable.length} could not be decrypted with the configured keys (payment method ids): ${result.unreadable.join(', ')}`)
  return 1
})
