import type { AuditChainKey, AuditEvent, RegionStatusRecord, StoragePort } from '@credkit/core'

/**
 * Reads an adapter's physical store directly (its maps, its tables), bypassing the adapter's own
 * read methods, so the conformance suite checks where a write landed.
 */
export interface StorageReader {
  /** The stored row of a credential, or null. */
  credential(id: string): Promise<{
    accountId: string
    name: string
    version: number
    isDefault: boolean
    keyId: string
    envelope: Uint8Array
  } | null>
  /** Number of credential rows of the account. */
  countCredentials(accountId: string): Promise<number>
  /** Stored audit events of the account, by seq (`keyId` and `mac` null on legacy events). */
  auditEvents(accountId: string): Promise<AuditEvent[]>
  /** Stored audit chain keys of the account, by firstSeq. */
  auditChainKeys(accountId: string): Promise<AuditChainKey[]>
  /** Stored jobs of the account as (credentialId, region, token, leaseOwner). */
  jobs(
    accountId: string,
  ): Promise<Array<{ credentialId: string; region: string; token: string; leaseOwner: string | null }>>
  /** Status rows of the account, by (credential id, region). */
  statuses(accountId: string): Promise<RegionStatusRecord[]>
  /** Number of status rows of the account. */
  countStatuses(accountId: string): Promise<number>
  /** Optional: number of history rows (earlier versions) of the account's credentials. */
  countVersions?(accountId: string): Promise<number>
  /** Number of reference rows of the account. */
  countReferences(accountId: string): Promise<number>
  /** Everything stored, as text (byte columns as hex and base64), for leak checks. */
  dump(): Promise<string>
  /** Tampers with the stored audit log behind the adapter's back. */
  tamperAudit(accountId: string, seq: number, change: 'remove' | 'edit-message'): Promise<void>
}

/** What the suite's `setup` returns; `teardown` runs after each test. */
export interface StorageFixture {
  readonly storage: StoragePort
  /**
   * Optional: a direct reader of the physical store, for the cross-checks of where writes landed.
   * Without it every case still runs, through the public port only.
   */
  readonly reader?: StorageReader | undefined
  readonly teardown?: () => Promise<void>
}

/** Accessor the case files use to reach the current test's fixture. */
export type FixtureRef = () => StorageFixture
