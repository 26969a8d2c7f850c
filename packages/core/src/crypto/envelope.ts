import { hash as digest } from 'node:crypto'
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js'
import { isBytes } from '@noble/ciphers/utils.js'
import { CredentialsError } from '../errors.js'
import type { KeyPort, WrappedKey } from '../ports/key-port.js'
import type { Random } from '../ports/random.js'
import { type EnvelopeBinding, encodeBinding } from './binding.js'
import { decodeEnvelope, type EnvelopeParts, encodeEnvelope, NONCE_LENGTH } from './envelope-format.js'

const DATA_KEY_LENGTH = 32

/** A sealed envelope and the id of the key-encryption key that wrapped its data key. */
export interface SealedEnvelope {
  readonly envelope: Uint8Array
  readonly keyId: string
}

const cryptoFailed = (message: string, cause?: unknown): CredentialsError =>
  new CredentialsError('CRYPTO_FAILED', message, { cause })

async function wrapDataKey(keys: KeyPort, dataKey: Uint8Array, aad: Uint8Array): Promise<WrappedKey> {
  try {
    return await keys.wrap(dataKey, aad)
  } catch (cause) {
    throw cryptoFailed('Could not wrap the data key', cause)
  }
}

async function unwrapDataKey(keys: KeyPort, parts: EnvelopeParts, aad: Uint8Array): Promise<Uint8Array> {
  let dataKey: Uint8Array
  try {
    dataKey = await keys.unwrap(parts.keyId, parts.wrappedKey, aad)
  } catch (cause) {
    throw cryptoFailed('Could not unwrap the data key (unknown key id, wrong binding or tampered)', cause)
  }
  if (!isBytes(dataKey) || dataKey.length !== DATA_KEY_LENGTH) {
    if (isBytes(dataKey)) dataKey.fill(0)
    throw cryptoFailed(`Unwrapped data key has the wrong length (expected ${DATA_KEY_LENGTH} bytes)`)
  }
  return dataKey
}

/**
 * Encrypts `plaintext` under a fresh data key bound to `binding`, and wraps the data key with the
 * KeyPort's primary key.
 * @throws CredentialsError `CRYPTO_FAILED` when the KeyPort fails; `VALIDATION_FAILED` for a bad binding.
 */
export async function sealEnvelope(
  keys: KeyPort,
  random: Random,
  binding: EnvelopeBinding,
  plaintext: Uint8Array,
): Promise<SealedEnvelope> {
  if (!isBytes(plaintext)) {
    throw new CredentialsError('VALIDATION_FAILED', 'Expected plaintext as a Uint8Array')
  }
  const aad = encodeBinding(binding)
  // One draw for the data key and the payload nonce, in that order.
  const fresh = random.bytes(DATA_KEY_LENGTH + NONCE_LENGTH)
  const dataKey = fresh.subarray(0, DATA_KEY_LENGTH)
  try {
    const nonce = fresh.subarray(DATA_KEY_LENGTH)
    const ciphertext = xchacha20poly1305(dataKey, nonce, aad).encrypt(plaintext)
    const { keyId, wrapped } = await wrapDataKey(keys, dataKey, aad)
    return { envelope: encodeEnvelope(keyId, wrapped, nonce, ciphertext), keyId }
  } finally {
    dataKey.fill(0)
  }
}

/**
 * Decrypts an envelope sealed for exactly this binding. Never returns partial or wrong bytes.
 * @throws CredentialsError `CRYPTO_FAILED` on any failure: malformed, unknown key, wrong binding, tampered.
 */
export async function openEnvelope(
  keys: KeyPort,
  binding: EnvelopeBinding,
  envelope: Uint8Array,
): Promise<Uint8Array> {
  const aad = encodeBinding(binding)
  const parts = decodeEnvelope(envelope)
  const dataKey = await unwrapDataKey(keys, parts, aad)
  try {
    return xchacha20poly1305(dataKey, parts.nonce, aad).decrypt(parts.ciphertext)
  } catch (cause) {
    throw cryptoFailed('Payload failed authentication (wrong binding or tampered)', cause)
  } finally {
    dataKey.fill(0)
  }
}

/** `field` of the `CRYPTO_FAILED` that `rewrapEnvelope` throws when the payload does not open. */
export const CORRUPT_PAYLOAD_FIELD = 'envelope.payload'

/**
 * Re-wraps the data key under the KeyPort's current primary key; the payload stays byte-identical.
 * The payload is opened (AEAD-authenticated, then wiped) first, so a corrupt envelope is never
 * re-wrapped as if it were sound.
 * @throws CredentialsError `CRYPTO_FAILED` when the envelope is malformed or the old key cannot
 *   unwrap it; with `field: 'envelope.payload'` when the data key unwraps but the payload does not open.
 */
export async function rewrapEnvelope(
  keys: KeyPort,
  binding: EnvelopeBinding,
  envelope: Uint8Array,
): Promise<SealedEnvelope> {
  const aad = encodeBinding(binding)
  const parts = decodeEnvelope(envelope)
  const dataKey = await unwrapDataKey(keys, parts, aad)
  try {
    try {
      xchacha20poly1305(dataKey, parts.nonce, aad).decrypt(parts.ciphertext).fill(0)
    } catch (cause) {
      throw new CredentialsError('CRYPTO_FAILED', 'Payload failed authentication (tampered or corrupt)', {
        cause,
        field: CORRUPT_PAYLOAD_FIELD,
      })
    }
    const { keyId, wrapped } = await wrapDataKey(keys, dataKey, aad)
    return { envelope: encodeEnvelope(keyId, wrapped, parts.payload), keyId }
  } finally {
    dataKey.fill(0)
  }
}

/**
 * The id of the key that wrapped this envelope's data key, read from the header.
 * @throws CredentialsError `CRYPTO_FAILED` when the envelope is malformed.
 */
export function envelopeKeyId(envelope: Uint8Array): string {
  return decodeEnvelope(envelope).keyId
}

/**
 * Hex SHA-256 of the payload (nonce + ciphertext): a content fingerprint that survives re-wrapping
 * and reveals nothing about the plaintext.
 * @throws CredentialsError `CRYPTO_FAILED` when the envelope is malformed.
 */
export function payloadDigest(envelope: Uint8Array): string {
  return digest('sha256', decodeEnvelope(envelope).payload, 'hex')
}
