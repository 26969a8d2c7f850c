import type { CredentialVersionRecord } from '../model/credential-versions.js'

/** Where a history row sits in key rotation's work list. */
export interface VersionPosition {
  readonly accountId: string
  readonly credentialId: string
  readonly version: number
}

/**
 * Earlier versions of credentials: one row per (account, credential, version). The core writes
 * the version a change replaces, in the transaction of that change, and trims what is past the
 * retention; rows are stored and returned as given (see docs/storage-adapters.md).
 */
export interface VersionStore {
  /**
   * Inserts or replaces the row (`accountId`, `credentialId`, `version`). Backstop: the
   * credential row exists in that account (a PostgreSQL foreign key); history is never orphaned.
   */
  put(record: CredentialVersionRecord): Promise<void>
  /** The row of that version, or null (another account's row is null): one index lookup. */
  get(accountId: string, credentialId: string, version: number): Promise<CredentialVersionRecord | null>
  /**
   * A credential's rows, newest first, strictly below `before` when given, at most `limit`
   * (default: all). An ordered index range: the cost follows `limit`.
   */
  list(
    accountId: string,
    credentialId: string,
    query?: { readonly before?: number | undefined; readonly limit?: number | undefined },
  ): Promise<CredentialVersionRecord[]>
  /** Removes the credential's rows whose version is below `version` (retention, purge). */
  deleteBelow(accountId: string, credentialId: string, version: number): Promise<void>
  /**
   * Key rotation's work list, across all accounts: up to `limit` rows whose `keyId` is not
   * `primaryKeyId`, ordered by (`accountId`, `credentialId`, `version`) (ids by code point),
   * strictly after `after`.
   */
  listNotUnderKey(
    primaryKeyId: string,
    after: VersionPosition | null,
    limit: number,
  ): Promise<CredentialVersionRecord[]>
}
