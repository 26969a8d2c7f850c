import type { ValidationIssue } from '../errors.js'
import type { CertificateMetadata } from '../model/credential-records.js'

/** Why a certificate bundle was refused. */
export type CertificateProblem =
  | 'malformed-pem'
  | 'not-a-certificate'
  | 'not-a-private-key'
  | 'multiple-certificates'
  | 'multiple-keys'
  | 'encrypted-key'
  | 'unsupported-key'
  | 'key-mismatch'
  | 'chain-out-of-order'
  | 'expired'
  | 'not-yet-valid'

/** The input box a problem was found in. */
export type CertificateField = 'certificate' | 'privateKey' | 'chain'

/** A bundle that parsed and passed every check, in normalised PEM. */
export interface CertificateBundle {
  readonly ok: true
  readonly metadata: CertificateMetadata
  /** The leaf certificate alone, re-encoded as PEM. */
  readonly certificatePem: string
  /** The chain certificates in order (leaf's issuer first), re-encoded, or `null` when none. */
  readonly chainPem: string | null
  /** The private key as unencrypted PKCS#8 PEM. */
  readonly privateKeyPem: string
  /** Index keys for host lookups (see `certificateHostNames`). */
  readonly hostNames: string[]
}

/** A refused bundle: the first problem found, in which box, and a message safe to show and log. */
export interface CertificateBundleFailure {
  readonly ok: false
  readonly problem: CertificateProblem
  readonly field: CertificateField
  /** Names the field and the problem; never contains PEM text or key material. */
  readonly message: string
}

/** Outcome of `parseCertificateBundle`. */
export type CertificateBundleResult = CertificateBundle | CertificateBundleFailure

/** Builds a failure outcome. */
export function bundleFailure(
  field: CertificateField,
  problem: CertificateProblem,
  message: string,
): CertificateBundleFailure {
  return { ok: false, problem, field, message }
}

/** The validation issues of a result (`[]` when it is ok), with paths under `data`. */
export function certificateIssues(result: CertificateBundleResult): ValidationIssue[] {
  return result.ok ? [] : [{ path: ['data', result.field], message: result.message }]
}
