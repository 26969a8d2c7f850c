import type { AuditStore } from './audit-store.js'
import type { CredentialStore } from './credential-store.js'
import type { ReferenceStore } from './reference-store.js'
import type { SyncStore } from './sync-store.js'
import type { VersionStore } from './version-store.js'

/** What a transaction can touch. It has no `withTransaction`: nesting cannot type-check. */
export interface StorageTx {
  readonly credentials: CredentialStore
  readonly references: ReferenceStore
  readonly sync: SyncStore
  readonly audit: AuditStore
  readonly versions: VersionStore
}

/**
 * Persistence for credkit: rows, indexes and transactions. Every rule (unique names, one default
 * registry, optimistic versions, job tokens and leases, the audit chain) is decided by the core
 * inside a transaction; an adapter stores what it is given and reads it back, with constraints as
 * a backstop, and leases jobs in `SyncStore.claim`. The stores are reachable only through
 * `withTransaction`. The full contract, method by method: docs/storage-adapters.md.
 *
 * Contract:
 * - `withTransaction(fn)` commits when `fn` resolves and rolls back everything `fn` wrote when it
 *   rejects, then rejects with the same error. Once it has settled, `tx` rejects every call.
 * - Concurrent transactions behave as if run one after the other on what they both touch. When the
 *   adapter detects a lost race (a serialisation failure, or a unique constraint the core checked
 *   just before), it rejects with a retryable `CONFLICT`; the core runs the transaction again.
 * - `withTransaction` called from inside `fn` rejects with `STORAGE_FAILED` (it could deadlock).
 * - An adapter that cannot be atomic must refuse to construct rather than fall back.
 */
export interface StoragePort {
  withTransaction<T>(fn: (tx: StorageTx) => Promise<T>, options?: TransactionOptions): Promise<T>
}

export interface TransactionOptions {
  /**
   * The account whose data the transaction reads and writes. An adapter may use it to run the
   * transactions of one account one after the other (the Postgres adapter queues them in process),
   * so concurrent writers on an account wait instead of failing and retrying. Correctness never
   * depends on it.
   */
  readonly account?: string | undefined
  /**
   * `false`: the calls of `fn` need not be atomic together, only each on its own (reads, one
   * claim). An adapter may then run each call as its own statement, without BEGIN and COMMIT.
   * Default `true`.
   */
  readonly atomic?: boolean | undefined
}
