import { CredentialsError } from '../errors.js'
import type { KeyPort } from '../ports/key-port.js'
import type { Random } from '../ports/random.js'
import type { EnvelopeBinding } from './binding.js'
import { openEnvelope, type SealedEnvelope, sealEnvelope } from './envelope.js'

const encoder = new TextEncoder()
const decoder = new TextDecoder('utf-8', { fatal: true })

/**
 * Seals `value` as UTF-8 JSON (see `sealEnvelope`).
 * @throws CredentialsError `VALIDATION_FAILED` when `value` is not JSON-serialisable; `CRYPTO_FAILED`.
 */
export async function sealJson(
  keys: KeyPort,
  random: Random,
  binding: EnvelopeBinding,
  value: unknown,
): Promise<SealedEnvelope> {
  let json: string | undefined
  try {
    json = JSON.stringify(value)
  } catch (cause) {
    throw new CredentialsError('VALIDATION_FAILED', 'Expected a JSON-serialisable value', { cause })
  }
  if (json === undefined)
    throw new CredentialsError('VALIDATION_FAILED', 'Expected a JSON-serialisable value')
  const plaintext = encoder.encode(json)
  try {
    return await sealEnvelope(keys, random, binding, plaintext)
  } finally {
    plaintext.fill(0)
  }
}

/**
 * Opens an envelope made by `sealJson` and parses it. `T` is not checked: validate the result.
 * @throws CredentialsError `CRYPTO_FAILED` on any failure to open or parse.
 */
export async function openJson<T>(keys: KeyPort, binding: EnvelopeBinding, envelope: Uint8Array): Promise<T> {
  const plaintext = await openEnvelope(keys, binding, envelope)
  try {
    return JSON.parse(decoder.decode(plaintext)) as T
  } catch (cause) {
    throw new CredentialsError('CRYPTO_FAILED', 'Payload is not UTF-8 JSON', { cause })
  } finally {
    plaintext.fill(0)
  }
}
