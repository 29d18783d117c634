import { Forbidden, ValidationError, type CollectionBeforeValidateHook } from 'payload'

import { staffOf } from '../../access/identity'

/** Shorter keys can be guessed; Payload's own "generate" button makes 36 characters. */
export const MIN_API_KEY_LENGTH = 32

/**
 * API keys are machine credentials that outlive a session and a password change, so only an
 * admin sets or turns one on (for an integration's staff user), and a key is long enough not to
 * be guessed. Payload lets anyone who may use the admin panel edit these fields on their own user.
 */
export const apiKeysByAdmins: CollectionBeforeValidateHook = ({ data, originalDoc, req }) => {
  if (!data) return data
  // Setting a key or turning one on grants something; clearing or turning off never needs an admin.
  const granting = (typeof data.apiKey === 'string' && data.apiKey !== '') || (data.enableAPIKey === true && !originalDoc?.enableAPIKey)
  if (!granting) return data
  // The local API without a user (scripts, the seed) acts as the system.
  if (req.user && staffOf(req)?.role !== 'admin') throw new Forbidden(req.t)
  if (typeof data.apiKey === 'string' && data.apiKey !== '' && data.apiKey.length < MIN_API_KEY_LENGTH) {
    throw new ValidationError({ collection: 'users', errors: [{ path: 'apiKey', message: `An API key has at least ${MIN_API_KEY_LENGTH} characters` }], req })
  }
  return data
}
