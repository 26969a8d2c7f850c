import { type CredentialType, CredentialType as CredentialTypeSchema } from '../domain/credential-type.js'
import { type ValidationIssue, validationFailed } from '../errors.js'

/** What a sealed secret belongs to; authenticated as AEAD associated data, never encrypted. */
export interface EnvelopeBinding {
  accountId: string
  credentialId: string
  type: CredentialType
  secretVersion: number
}

const DOMAIN_TAG = 'credkit/envelope/v1'
const encoder = new TextEncoder()
// In a `u` regex a surrogate pair is one code point, so this only matches lone surrogates, which
// TextEncoder would turn into U+FFFD and thereby make two different ids encode the same.
const LONE_SURROGATE = /\p{Cs}/u

/**
 * Encodes a binding as associated data: each of the domain tag, accountId, credentialId, type
 * (UTF-8) and secretVersion (uint64 big-endian) is prefixed with its byte length as uint32
 * big-endian, so no two bindings share an encoding.
 * @throws CredentialsError `VALIDATION_FAILED` for a malformed binding.
 */
export function encodeBinding(b: EnvelopeBinding): Uint8Array {
  const issues: ValidationIssue[] = []
  for (const field of ['accountId', 'credentialId'] as const) {
    const value: unknown = b[field]
    if (typeof value !== 'string' || LONE_SURROGATE.test(value)) {
      issues.push({ path: [field], message: 'expected a well-formed string' })
    }
  }
  if (!CredentialTypeSchema.safeParse(b.type).success) {
    issues.push({ path: ['type'], message: 'expected a credential type' })
  }
  if (!Number.isSafeInteger(b.secretVersion) || b.secretVersion < 0) {
    issues.push({ path: ['secretVersion'], message: 'expected a non-negative safe integer' })
  }
  if (issues.length > 0) throw validationFailed(issues)

  const version = new Uint8Array(8)
  new DataView(version.buffer).setBigUint64(0, BigInt(b.secretVersion))
  const fields = [DOMAIN_TAG, b.accountId, b.credentialId, b.type].map((s) => encoder.encode(s))
  fields.push(version)

  const out = new Uint8Array(fields.reduce((n, f) => n + 4 + f.length, 0))
  const view = new DataView(out.buffer)
  let offset = 0
  for (const field of fields) {
    view.setUint32(offset, field.length)
    out.set(field, offset + 4)
    offset += 4 + field.length
  }
  return out
}
