import type { AuditStore } from './audit-store.js'
import type { CredentialStore } from './credential-store.js'
import type { ReferenceStore } from './reference-store.js'
import type { SyncStore } from './sync-store.js'

/** What a transaction can touch. It has no `withTransaction`: nesting cannot type-check. */
export interface StorageTx {
  readonly credentials: CredentialStore
  readonly references: ReferenceStore
  readonly sync: SyncStore
  readonly audit: AuditStore
}

/**
 * Persistence for credkit. The stores on the port itself run each call on its own; inside
 * `withTransaction` they share one atomic unit.
 *
 * Contract:
 * - `withTransaction(fn)` commits when `fn` resolves and rolls back everything `fn` wrote when it
 *   rejects, then rejects with the same error.
 * - Concurrent transactions behave as if run one after the other on what they both touch; when
 *   the adapter detects a lost race it rejects with a retryable `CONFLICT` (the core retries).
 * - Never call the outer port's stores from inside `fn`: use `tx`.
 * - An adapter that cannot be atomic must refuse to construct rather than fall back.
 */
export interface StoragePort extends StorageTx {
  withTransaction<T>(fn: (tx: StorageTx) => Promise<T>, options?: TransactionOptions): Promise<T>
}

export interface TransactionOptions {
  /**
   * The account whose data the transaction reads and writes. An adapter may use it to run the
   * transactions of one account one after the other (the Postgres adapter takes an advisory lock
   * before BEGIN), so concurrent writers on an account queue instead of failing and retrying.
   * Correctness never depends on it: without it the unique rules still hold.
   */
  readonly account?: string | undefined
}
