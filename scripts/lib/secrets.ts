import { dataDir, localSecrets } from '../../src/lib/config'

/**
 * The payment-data key ring the launcher hands to the processes it starts (the Next server runs
 * with NODE_ENV=production and so must be given it): the environment's, or the local one kept in
 * .data/secrets.json.
 */
export function resolvedPaymentKeys(): string {
  if (process.env.PAYMENT_DATA_KEYS) return process.env.PAYMENT_DATA_KEYS
  if (process.env.NODE_ENV === 'production') throw new Error('PAYMENT_DATA_KEYS is required in production')
  return localSecrets(dataDir()).PAYMENT_DATA_KEYS
}
