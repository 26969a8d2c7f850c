import { type ValidationIssue, validationFailed } from '../errors.js'
import { encodeLengthPrefixed } from './length-prefixed.js'

/**
 * What a sealed secret belongs to; authenticated as AEAD associated data, never encrypted. Crypto
 * binds the strings it is given: which `type` values are valid is the caller's rule (the domain
 * checks the credential type before it seals or opens).
 */
export interface EnvelopeBinding {
  accountId: string
  credentialId: string
  type: string
  secretVersion: number
}

const DOMAIN_TAG = 'credkit/envelope/v1'

/**
 * Encodes a binding as associated data: each of the domain tag, accountId, credentialId, type
 * (UTF-8) and secretVersion (uint64 big-endian) is prefixed with its byte length as uint32
 * big-endian, so no two bindings share an encoding.
 * @throws CredentialsError `VALIDATION_FAILED` for a malformed binding.
 */
export function encodeBinding(b: EnvelopeBinding): Uint8Array {
  const issues: ValidationIssue[] = []
  for (const field of ['accountId', 'credentialId', 'type'] as const) {
    const value: unknown = b[field]
    // A lone surrogate would become U+FFFD in UTF-8, so two different ids would encode the same.
    if (typeof value !== 'string' || !value.isWellFormed()) {
      issues.push({ path: [field], message: 'expected a well-formed string' })
    }
  }
  if (!Number.isSafeInteger(b.secretVersion) || b.secretVersion < 0) {
    issues.push({ path: ['secretVersion'], message: 'expected a non-negative safe integer' })
  }
  if (issues.length > 0) throw validationFailed(issues)

  return encodeLengthPrefixed([DOMAIN_TAG, b.accountId, b.credentialId, b.type, b.secretVersion])
}
