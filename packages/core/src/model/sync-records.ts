import type { CertificateMetadata } from './credential-records.js'
import type { CredentialType } from './credential-type.js'

export const SYNC_STATES = ['not-synced', 'syncing', 'synced', 'error'] as const
export type SyncState = (typeof SYNC_STATES)[number]

/** cert-manager issuance of an ACME wildcard credential in one region. */
export type AcmeIssuance =
  | { readonly state: 'pending' }
  | { readonly state: 'issuing' }
  | { readonly state: 'issued'; readonly certificate: CertificateMetadata }
  | { readonly state: 'failed'; readonly message: string }

/**
 * The last failed region call of a (credential, region), as stored, audited and shown. `status` and
 * `reason` come from a `RegionError` the adapter threw (null for any other thrown value), or name
 * the engine's own failures (`Timeout`, `ContentHashMismatch`, `AuditFailed`); `message` is one
 * line of at most 200 characters with every secret of the credential redacted.
 */
export interface RegionFailure {
  /** HTTP status the region's API answered with (100–599), or null. */
  readonly status: number | null
  /** Short machine-readable reason (letters, digits, `.`, `_`, `-`; at most 64), or null. */
  readonly reason: string | null
  readonly message: string
  readonly at: Date
}

/** Where one credential stands in one region. */
export interface RegionStatusRecord {
  readonly accountId: string
  readonly credentialId: string
  readonly region: string
  readonly state: SyncState
  /** Credential version the region holds (null: nothing pushed yet). */
  readonly version: number | null
  /** Credential version the region should hold. */
  readonly targetVersion: number
  /** Content hash of what the region holds. */
  readonly contentHash: string | null
  /** Last success; kept through later errors. */
  readonly lastSyncedAt: Date | null
  /** Last failure, sanitised. Cleared on success. */
  readonly error: RegionFailure | null
  /** Failed attempts since the last success or the last `syncNow`. */
  readonly attempts: number
  readonly nextAttemptAt: Date | null
  /** ACME only: the certificate's issuance in this region. */
  readonly issuance: AcmeIssuance | null
}

export type SyncAction = 'apply' | 'remove'

/**
 * One unit of work in the transactional outbox: bring `region` to `version` of a credential
 * (`apply`) or take the credential out of it (`remove`). There is at most one job per
 * (credential, region); enqueueing again replaces it and gives it a new `token`.
 */
export interface SyncJob {
  readonly accountId: string
  readonly credentialId: string
  readonly region: string
  /** The credential's type: a removal still needs it (`RegionObjectRef`) once the row is gone. */
  readonly credentialType: CredentialType
  /** The credential's name when the job was enqueued, for the audit event of a removal. */
  readonly credentialName: string
  /** Changes on every enqueue: a worker holding an older token holds a stale job. */
  readonly token: string
  readonly action: SyncAction
  readonly version: number
  readonly attempts: number
  readonly runAt: Date
  /** Why the job exists, for the audit trail (`created`, `updated`, `sync-now`, `region-prepared`, ...). */
  readonly reason: string
  readonly leaseOwner: string | null
  readonly leaseExpiresAt: Date | null
}

export type SyncJobInput = Omit<SyncJob, 'token' | 'leaseOwner' | 'leaseExpiresAt'>
