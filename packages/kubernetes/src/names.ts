import { createHash } from 'node:crypto'
import type { CredentialType, RegionObjectRef } from '@credkit/core'

export const MANAGED_BY = 'app.kubernetes.io/managed-by'
export const LABEL_ACCOUNT = 'credkit.dev/account'
export const LABEL_CREDENTIAL = 'credkit.dev/credential'
export const LABEL_TYPE = 'credkit.dev/type'
export const ANNOTATION_VERSION = 'credkit.dev/version'
export const ANNOTATION_CONTENT_HASH = 'credkit.dev/content-hash'
/** The data keys credkit wrote into a Secret, comma-separated (names only: a key removed by hand leaves no trace in `managedFields`). */
export const ANNOTATION_DATA_KEYS = 'credkit.dev/data-keys'
/** The exact ids (a label value holds at most 63 characters of a restricted alphabet). */
export const ANNOTATION_ACCOUNT_ID = 'credkit.dev/account-id'
export const ANNOTATION_CREDENTIAL_ID = 'credkit.dev/credential-id'

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/
const LABEL_VALUE = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/

const digest = (value: string, length: number) =>
  createHash('sha256').update(value, 'utf8').digest('hex').slice(0, length)

/**
 * The base name of a credential's objects: `credkit-<id>` when the id is a short DNS label (UUIDs
 * are), else `credkit-<digest of the id>`. Never the display name.
 */
export function baseName(credentialId: string): string {
  return DNS_LABEL.test(credentialId) && credentialId.length <= 40
    ? `credkit-${credentialId}`
    : `credkit-${digest(credentialId, 32)}`
}

/** An id as a label value: itself when it fits the label syntax, else a digest of it. */
export function labelValue(id: string): string {
  return LABEL_VALUE.test(id) && id.length <= 63 ? id : `sha256-${digest(id, 40)}`
}

/** The label selector of every credkit object of an account. */
export function accountSelector(accountId: string): string {
  return `${MANAGED_BY}=credkit,${LABEL_ACCOUNT}=${labelValue(accountId)}`
}

/** The labels every object of the credential carries. */
export function labelsOf(ref: RegionObjectRef): Record<string, string> {
  return {
    [MANAGED_BY]: 'credkit',
    [LABEL_ACCOUNT]: labelValue(ref.accountId),
    [LABEL_CREDENTIAL]: labelValue(ref.credentialId),
    [LABEL_TYPE]: ref.type,
  }
}

/** Names of a credential's objects (the ACME ones only matter for `acme-wildcard`). */
export function objectNames(credentialId: string, type: CredentialType) {
  const base = baseName(credentialId)
  return {
    secret: type === 'acme-wildcard' ? `${base}-dns` : base,
    issuer: base,
    certificate: base,
    issuedSecret: `${base}-tls`,
    accountKey: `${base}-acme-account`,
  }
}
