import type { CredentialRecord } from '../model/credential-records.js'
import type { RegionStatusRecord, SyncJob } from '../model/sync-records.js'
import type { AuditStore } from './audit-store.js'
import type { CredentialStore } from './credential-store.js'
import type { ReferenceStore } from './reference-store.js'
import type { RegionKey, SyncStore } from './sync-store.js'
import type { VersionStore } from './version-store.js'

/** What a transaction can touch. It has no `withTransaction`: nesting cannot type-check. */
export interface StorageTx {
  readonly credentials: CredentialStore
  readonly references: ReferenceStore
  readonly sync: SyncStore
  readonly audit: AuditStore
  readonly versions: VersionStore
  /**
   * What the adapter read with the transaction's first round trip, when it was asked to
   * (`TransactionOptions.readAhead`) and chose to; absent otherwise (the core then reads it).
   */
  readonly readAhead?: ReadAhead | undefined
  /**
   * Present when the adapter can send `COMMIT` in the round trip of `fn`'s last statements
   * (PostgreSQL). `fn` calls it in the turn that issues them, right after issuing them, and then
   * only awaits them and returns. When they all succeed the transaction may be committed as they
   * resolve; when one fails nothing is committed and each rejects as it would have. A statement
   * issued after the call rejects: the transaction is ending. Adapters offer it not enumerable
   * (`offerLastStatementsIssued`), so a wrapper that spreads the tx does not pass it on.
   */
  readonly lastStatementsIssued?: (() => void) | undefined
}

/** Reads a transaction will make first (`TransactionOptions.readAhead`). */
export interface ReadAheadRequest {
  readonly accountId: string
  /** For `credentials.getMany`. */
  readonly credentialIds: ReadonlyArray<string>
  /** For `sync.getStatuses` and `sync.getJobs`. */
  readonly keys: ReadonlyArray<RegionKey>
}

/**
 * Exactly what `credentials.getMany`, `sync.getStatuses`, `sync.getJobs`, `audit.head` and
 * `sync.listRegions` give for a `ReadAheadRequest` (the account's head and regions always), read
 * inside the transaction (its snapshot) before `fn` runs.
 */
export interface ReadAhead {
  readonly rows: ReadonlyArray<CredentialRecord>
  readonly statuses: ReadonlyArray<RegionStatusRecord>
  readonly jobs: ReadonlyArray<SyncJob>
  readonly head: Awaited<ReturnType<AuditStore['head']>>
  readonly regions: ReadonlyArray<string>
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
  /**
   * The reads `fn` will make first. An adapter may make them with the transaction's first round
   * trip (PostgreSQL sends them with `BEGIN`) and hand them over as `tx.readAhead`; one that does
   * not simply ignores this. Only with `account`, and only for that account.
   */
  readonly readAhead?: ReadAheadRequest | undefined
}
