import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'

/**
 * AES-256-GCM for sensitive fields (bank details, card gateway tokens).
 *
 * Ciphertext: `v<version>.<iv>.<tag>.<data>` (base64url). The key version travels with the data,
 * so old keys stay readable until everything is re-encrypted (`npm run rotate-keys`) and new
 * writes always use the newest key. The associated data binds a ciphertext to its record: copied
 * onto another record, it fails to decrypt instead of leaking.
 */
export type KeyRing = { current: number; keys: ReadonlyMap<number, Buffer> }

export class DecryptionError extends Error {
  constructor(reason: string) {
    super(`cannot decrypt: ${reason}`)
    this.name = 'DecryptionError'
  }
}

/** `v1:<base64 32 bytes>,v2:<base64 32 bytes>`: the highest version encrypts. */
export function parseKeyRing(spec: string): KeyRing {
  const keys = new Map<number, Buffer>()
  for (const part of spec.split(',').map((p) => p.trim()).filter(Boolean)) {
    const m = /^v(\d+):(.+)$/.exec(part)
    if (!m) throw new Error('each key is "v<number>:<base64 of 32 bytes>"')
    const key = Buffer.from(m[2], 'base64')
    if (key.length !== 32) throw new Error(`key v${m[1]} is ${key.length} bytes; AES-256 needs 32`)
    keys.set(Number(m[1]), key)
  }
  if (keys.size === 0) throw new Error('no keys')
  return { current: Math.max(...keys.keys()), keys }
}

export function encryptField(ring: KeyRing, plaintext: string, associatedData: string): string {
  const key = ring.keys.get(ring.current)!
  const iv = randomBytes(12)
  const cipher = createCipheriv('aes-256-gcm', key, iv)
  cipher.setAAD(Buffer.from(associatedData, 'utf8'))
  const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()])
  const tag = cipher.getAuthTag()
  return [`v${ring.current}`, iv.toString('base64url'), tag.toString('base64url'), data.toString('base64url')].join('.')
}

export function keyVersionOf(ciphertext: string): number | undefined {
  const m = /^v(\d+)\./.exec(ciphertext)
  return m ? Number(m[1]) : undefined
}

export function decryptField(ring: KeyRing, ciphertext: string, associatedData: string): string {
  const parts = ciphertext.split('.')
  if (parts.length !== 4) throw new DecryptionError('not a ciphertext')
  const version = keyVersionOf(ciphertext)
  const key = version === undefined ? undefined : ring.keys.get(version)
  if (!key) throw new DecryptionError(`key v${version} is not configured`)
  const iv = Buffer.from(parts[1], 'base64url')
  const tag = Buffer.from(parts[2], 'base64url')
  // A shortened tag would weaken the authentication: accept only the full 12-byte IV and 16-byte tag.
  if (iv.length !== 12 || tag.length !== 16) throw new DecryptionError('malformed ciphertext')
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: 16 })
    decipher.setAAD(Buffer.from(associatedData, 'utf8'))
    decipher.setAuthTag(tag)
    return Buffer.concat([decipher.update(Buffer.from(parts[3], 'base64url')), decipher.final()]).toString('utf8')
  } catch {
    throw new DecryptionError('the data or its record does not match')
  }
}
