import type { CredentialRecord } from '../model/credential-records.js'
import type { CredentialType } from '../model/credential-type.js'
import type { CredentialPosition } from '../model/list-order.js'

export interface CredentialListQuery {
  readonly type?: CredentialType | undefined
  /** Keyset cursor: the position of the last row of the previous page; rows strictly after it. */
  readonly after?: CredentialPosition | undefined
  readonly limit?: number | undefined
}

/**
 * Credential rows. Every method is scoped by `accountId`: a row of another account is "not
 * found" (`null`, `false`, absent from lists), never an error.
 */
export interface CredentialStore {
  /**
   * Inserts a new row. Rejects with `CONFLICT` (field `name`) when the account already has a
   * credential of that type with the same `credentialNameKey(name)`, and with a retryable `CONFLICT`
   * (field `isDefault`) when `isDefault` is set and the account already has a default registry.
   */
  insert(record: CredentialRecord): Promise<void>
  /**
   * Replaces the row `record.id` if its stored version is `expectedVersion`; returns false when
   * the row is missing or its version differs (a concurrent writer won). Same `CONFLICT`s as insert.
   */
  update(record: CredentialRecord, expectedVersion: number): Promise<boolean>
  /** Deletes the row and everything keyed by it (statuses stay: removal jobs still need them). */
  delete(accountId: string, id: string): Promise<boolean>
  get(accountId: string, id: string): Promise<CredentialRecord | null>
  /**
   * Rows in list order, at most `limit` (default: all): by type in `CREDENTIAL_TYPES` order, then
   * by `credentialNameKey(name)`, then by `id`, both by Unicode code point (`comparePositions`).
   * Must use an index: the cost follows `limit`, not the size of the account.
   */
  list(accountId: string, query?: CredentialListQuery): Promise<CredentialRecord[]>
  /** The account's default `container-registry` row, if any. */
  getDefault(accountId: string): Promise<CredentialRecord | null>
  /**
   * Rows whose `hostNames` contain at least one of `names` (already normalised). Must use an
   * index: the cost follows the number of matches, not the size of the account.
   */
  findByHostNames(accountId: string, names: ReadonlyArray<string>): Promise<CredentialRecord[]>
  /**
   * Key rotation support, across all accounts: up to `limit` rows whose `keyId` is not
   * `primaryKeyId`, ordered by (`accountId`, `id`) after the `after` position.
   */
  listNotUnderKey(
    primaryKeyId: string,
    after: { accountId: string; id: string } | null,
    limit: number,
  ): Promise<CredentialRecord[]>
  /**
   * Swaps the envelope of a row whose `keyId` and `secretVersion` are still the expected ones
   * (version untouched). Returns false when the row changed meanwhile (re-sealed by an update, or
   * rotated by someone else); the caller skips it.
   */
  replaceEnvelope(
    accountId: string,
    id: string,
    expected: { keyId: string; secretVersion: number },
    next: { envelope: Uint8Array; keyId: string },
  ): Promise<boolean>
}
