import { hash as digest } from 'node:crypto'
import { canonicalJson } from '../audit/hash-chain.js'
import { payloadDigest } from '../crypto/envelope.js'
import type { CredentialRecord } from '../model/credential-records.js'

/** The fields of a row that decide what a region receives. */
export type PushedContent = Pick<
  CredentialRecord,
  'accountId' | 'id' | 'type' | 'publicData' | 'secretVersion' | 'envelope'
>

/**
 * Hex SHA-256 of what a push writes: identity, public fields, and the secret fields through the
 * digest of their ciphertext (which survives key rotation and reveals nothing). Name, description,
 * the default flag and `version` are left out: a version bump that changes nothing pushed (a
 * rename, a default flip) keeps the hash, so the region can skip the write.
 * @throws CredentialsError CRYPTO_FAILED when the envelope is malformed
 */
export function contentHash(record: PushedContent): string {
  const content = {
    accountId: record.accountId,
    id: record.id,
    type: record.type,
    publicData: record.publicData,
    secretVersion: record.secretVersion,
    payload: payloadDigest(record.envelope),
  }
  return digest('sha256', canonicalJson(content), 'hex')
}
