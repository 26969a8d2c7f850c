import {
  CredentialsError,
  createTransactionScope,
  offerLastStatementsIssued,
  type ReadAhead,
  type StoragePort,
  type StorageTx,
  type TransactionOptions,
} from '@credkit/core'
import { createAccountQueue } from './account-queue.js'
import { postgresAuditStore } from './audit-store.js'
import { isPgClientLike, type PgClientLike } from './client.js'
import { postgresCredentialStore } from './credential-store.js'
import { type Db, poolDb, runTransaction } from './db.js'
import { planReadAhead } from './read-ahead.js'
import { postgresReferenceStore } from './reference-store.js'
import { postgresSyncStore } from './sync-store.js'
import { postgresVersionStore } from './version-store.js'

function stores(db: Db, readAhead?: ReadAhead): StorageTx {
  const tx: StorageTx = {
    credentials: Object.freeze(postgresCredentialStore(db)),
    references: Object.freeze(postgresReferenceStore(db)),
    sync: Object.freeze(postgresSyncStore(db)),
    audit: Object.freeze(postgresAuditStore(db)),
    versions: Object.freeze(postgresVersionStore(db)),
    ...(readAhead ? { readAhead } : {}),
  }
  return Object.freeze(db.lastStatementsIssued ? offerLastStatementsIssued(tx, db.lastStatementsIssued) : tx)
}

/**
 * The read-ahead of a transaction on `account`, when asked for: sent with its `BEGIN`. Not on an
 * exclusive client (PGlite), whose statements cost no round trip.
 */
function readAheadPlan(client: PgClientLike, options: TransactionOptions | undefined) {
  const request = options?.readAhead
  if (client.exclusive || request === undefined || request.accountId !== options?.account) return undefined
  return planReadAhead((db) => stores(db), request)
}

/**
 * A `StoragePort` on PostgreSQL (13+, or PGlite through `pgliteClient`). Run `migrate(client)`
 * first. `withTransaction` takes one connection and runs `fn` in a SERIALIZABLE transaction,
 * after a session advisory lock on the account when one is given, so writers of one account
 * queue instead of failing (in this process they queue before taking a connection, so a busy
 * account cannot hold the whole pool); unique rules and serialisation failures surface as `CONFLICT`
 * (retryable: the core checked the rule first, so running again reports it). With
 * `atomic: false` each call runs as its own statement on the pool. On a client whose connections
 * are `exclusive` (PGlite) no account lock is taken: nothing can run beside a transaction there.
 * @throws CredentialsError VALIDATION_FAILED when `client` cannot hand out connections
 */
export function createPostgresStorage(client: PgClientLike): StoragePort {
  if (!isPgClientLike(client)) {
    // Without dedicated connections there are no transactions: refuse rather than fall back.
    throw new CredentialsError(
      'VALIDATION_FAILED',
      'client: expected a pg.Pool-like client with query() and connect()',
      {
        issues: [{ path: ['client'], message: 'expected a pg.Pool-like client with query() and connect()' }],
      },
    )
  }
  const queue = createAccountQueue()
  const scope = createTransactionScope()
  const direct = stores(poolDb(client))
  return Object.freeze({
    withTransaction: <T>(fn: (tx: StorageTx) => Promise<T>, options?: TransactionOptions) =>
      scope.run(() =>
        options?.atomic === false
          ? fn(direct)
          : queue.run(options?.account, () =>
              runTransaction(
                client,
                (db, readAhead) => fn(stores(db, readAhead)),
                client.exclusive ? undefined : options?.account,
                readAheadPlan(client, options),
              ),
            ),
      ),
  })
}
