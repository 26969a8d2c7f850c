import type { CredentialRecord } from '../model/credential-records.js'
import type { CredentialType } from '../model/credential-type.js'
import type { CredentialPosition } from '../model/list-order.js'

export interface CredentialListQuery {
  readonly type?: CredentialType | undefined
  /** Keyset cursor: the position of the last row of the previous page; rows strictly after it. */
  readonly after?: CredentialPosition | undefined
  readonly limit?: number | undefined
  /** true: the soft-deleted rows instead of the live ones, in the same order. */
  readonly deleted?: boolean | undefined
}

/**
 * Credential rows. Every method is scoped by `accountId`: a row of another account is "not found"
 * (`null`, absent from lists), never an error. Rows are stored and returned as given; the core
 * has checked every rule before it writes (see docs/storage-adapters.md for the constraints that
 * back them up).
 *
 * A row with `deletedAt` set is soft-deleted: `list` (unless asked for deleted rows),
 * `getDefault` and `findByHostNames` leave it out, and their indexes should not hold it, so
 * deleted rows cost live pages nothing. `get`, `findByName` and `listNotUnderKey` return it.
 */
export interface CredentialStore {
  /**
   * Inserts a new row. Backstop constraints, each a retryable `CONFLICT`: the id is new; no other
   * row of the account has the same (`type`, `credentialNameKey(name)`); at most one
   * `container-registry` row of an account has `isDefault`.
   */
  insert(record: CredentialRecord): Promise<void>
  /** Replaces the row `record.id`, which this transaction has read. Same backstops as `insert`. */
  update(record: CredentialRecord): Promise<void>
  /**
   * Deletes the row (statuses, jobs, references and history are the core's to remove first).
   * Backstop: a row that still has history rows is refused (a PostgreSQL foreign key).
   */
  delete(accountId: string, id: string): Promise<void>
  get(accountId: string, id: string): Promise<CredentialRecord | null>
  /** The rows of the given ids that exist, as `get` finds them, ordered by id: one lookup per id. */
  getMany(accountId: string, ids: ReadonlyArray<string>): Promise<CredentialRecord[]>
  /**
   * The row of this type whose `credentialNameKey(name)` is `nameKey`, live or deleted (a deleted
   * row keeps its name until purged): one index lookup.
   */
  findByName(accountId: string, type: CredentialType, nameKey: string): Promise<CredentialRecord | null>
  /**
   * Rows in list order, at most `limit` (default: all): by type in `CREDENTIAL_TYPES` order, then
   * by `credentialNameKey(name)`, then by `id`, both by Unicode code point (`comparePositions`).
   * Must use an ordered index: the cost follows `limit`, not the size of the account.
   */
  list(accountId: string, query?: CredentialListQuery): Promise<CredentialRecord[]>
  /** The account's live `container-registry` row with `isDefault`, if any: one index lookup. */
  getDefault(accountId: string): Promise<CredentialRecord | null>
  /**
   * Rows whose `hostNames` contain at least one of `names` (already normalised), ordered by id.
   * Must use an index: the cost follows the number of matches, not the size of the account.
   */
  findByHostNames(accountId: string, names: ReadonlyArray<string>): Promise<CredentialRecord[]>
  /**
   * Key rotation's work list, across all accounts: up to `limit` rows whose `keyId` is not
   * `primaryKeyId`, ordered by (`accountId`, `id`) by code point, strictly after `after`.
   */
  listNotUnderKey(
    primaryKeyId: string,
    after: { accountId: string; id: string } | null,
    limit: number,
  ): Promise<CredentialRecord[]>
  /**
   * The purge pass's work list, across all accounts: up to `limit` deleted rows whose
   * `purgeAfter` is at or before `now`, ordered by (`purgeAfter`, `accountId`, `id`). Must use an
   * index on `purgeAfter` of deleted rows: the cost follows `limit`.
   */
  listPurgeable(now: Date, limit: number): Promise<CredentialRecord[]>
}
