import { isBytes } from '@noble/ciphers/utils.js'
import { CredentialsError, type ValidationIssue, validationFailed } from '../errors.js'
import type { KeyPort, WrappedKey } from '../ports/key-port.js'
import { type Random, systemRandom } from '../ports/random.js'
import { openShort, sealShort, TAG_LENGTH } from './key-wrap-aead.js'

const KEY_LENGTH = 32
const NONCE_LENGTH = 24
const KEY_ID = /^[A-Za-z0-9._-]{1,64}$/
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/

export interface LocalKeyringOptions {
  /** Key-encryption keys by id: 32 bytes, or their base64. Copied in; the caller may wipe them. */
  readonly keys: Readonly<Record<string, Uint8Array | string>>
  /** The id of the key that `wrap` uses. */
  readonly primary: string
  readonly random?: Random | undefined
}

function decodeKey(input: unknown): Uint8Array | string {
  if (isBytes(input)) {
    return input.length === KEY_LENGTH ? Uint8Array.from(input) : `expected 32 bytes, got ${input.length}`
  }
  if (typeof input !== 'string') return 'expected 32 bytes or their base64'
  if (!BASE64.test(input) || input.length % 4 !== 0) return 'expected base64 of 32 bytes'
  const bytes = new Uint8Array(Buffer.from(input, 'base64'))
  if (bytes.length === KEY_LENGTH) return bytes
  bytes.fill(0)
  return `expected base64 of 32 bytes, got ${bytes.length}`
}

const cryptoFailed = (message: string, cause?: unknown): CredentialsError =>
  new CredentialsError('CRYPTO_FAILED', message, { cause })

/**
 * A KeyPort over named 32-byte key-encryption keys held in memory. A wrapped key is a random
 * 24-byte nonce followed by the XChaCha20-Poly1305 ciphertext of the data key, with `context`
 * as associated data (`sealShort`: the same bytes as noble's AEAD object, at half the cost).
 * @throws CredentialsError `VALIDATION_FAILED` naming the bad key ids; never the key bytes.
 */
export function createLocalKeyring(options: LocalKeyringOptions): KeyPort {
  const random = options.random ?? systemRandom
  const keys = new Map<string, Uint8Array>()
  const issues: ValidationIssue[] = []
  for (const [index, [id, input]] of Object.entries(options.keys ?? {}).entries()) {
    if (!KEY_ID.test(id)) {
      // By position, not by id: a malformed id may be key material passed in the wrong place.
      issues.push({ path: ['keys', index], message: 'expected a key id of 1-64 characters [A-Za-z0-9._-]' })
      continue
    }
    const key = decodeKey(input)
    if (typeof key === 'string') issues.push({ path: ['keys', id], message: key })
    else keys.set(id, key)
  }
  const primary = options.primary
  if (typeof primary !== 'string' || !keys.has(primary)) {
    issues.push({ path: ['primary'], message: 'expected the id of a valid key in keys' })
  }
  if (issues.length > 0) {
    for (const key of keys.values()) key.fill(0)
    throw validationFailed(issues)
  }

  return Object.freeze({
    primaryKeyId: async () => primary,

    async wrap(dataKey: Uint8Array, context: Uint8Array): Promise<WrappedKey> {
      const nonce = random.bytes(NONCE_LENGTH)
      try {
        const sealed = sealShort(keys.get(primary)!, nonce, context, dataKey)
        const wrapped = new Uint8Array(NONCE_LENGTH + sealed.length)
        wrapped.set(nonce)
        wrapped.set(sealed, NONCE_LENGTH)
        return { keyId: primary, wrapped }
      } catch (cause) {
        throw cryptoFailed('Could not wrap the data key', cause)
      }
    },

    async unwrap(keyId: string, wrapped: Uint8Array, context: Uint8Array): Promise<Uint8Array> {
      const key = keys.get(keyId)
      if (key === undefined) throw cryptoFailed('Unknown key id')
      if (!isBytes(wrapped) || wrapped.length < NONCE_LENGTH + TAG_LENGTH) {
        throw cryptoFailed('Wrapped key is truncated')
      }
      try {
        const nonce = wrapped.subarray(0, NONCE_LENGTH)
        return openShort(key, nonce, context, wrapped.subarray(NONCE_LENGTH))
      } catch (cause) {
        throw cryptoFailed('Wrapped key failed authentication (wrong key, context or tampered)', cause)
      }
    },
  })
}

/** 32 random bytes from the OS CSPRNG, for a new key-encryption key. */
export function generateKey(random: Random = systemRandom): Uint8Array {
  return random.bytes(KEY_LENGTH)
}

/** Standard padded base64 of a key, the string form `createLocalKeyring` accepts. */
export function keyToBase64(key: Uint8Array): string {
  return Buffer.from(key.buffer, key.byteOffset, key.byteLength).toString('base64')
}
