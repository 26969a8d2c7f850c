import { createHash } from 'node:crypto'
import type { AcmeIssuance, CertificateMetadata, MaterializedCredential } from '@credkit/core'

const NINETY_DAYS_MS = 90 * 24 * 60 * 60 * 1000

/** Metadata of a simulated certificate for an ACME credential, issued at `now` for 90 days. */
export function simulatedCertificate(
  credential: MaterializedCredential,
  now: Date,
  overrides: Partial<CertificateMetadata> = {},
): CertificateMetadata {
  const names =
    credential.type === 'acme-wildcard'
      ? { commonName: credential.payload.commonName, altNames: [...credential.payload.altNames] }
      : { commonName: null, altNames: [] }
  const digest = createHash('sha256').update(`${credential.credentialId}:${now.toISOString()}`).digest('hex')
  return {
    ...names,
    notBefore: now.toISOString(),
    notAfter: new Date(now.getTime() + NINETY_DAYS_MS).toISOString(),
    issuer: 'CN=credkit memory ACME',
    serialNumber: digest.slice(0, 16),
    fingerprintSha256: digest,
    keyAlgorithm: 'ECDSA-P256',
    ...overrides,
  }
}

/** Issuance right after a write: `pending` until a test issues it, or issued at once. */
export function initialIssuance(
  credential: MaterializedCredential,
  mode: 'manual' | 'instant',
  now: Date,
): AcmeIssuance | null {
  if (credential.type !== 'acme-wildcard') return null
  return mode === 'instant'
    ? { state: 'issued', certificate: simulatedCertificate(credential, now) }
    : { state: 'pending' }
}
