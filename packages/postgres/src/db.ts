import type { ReadAhead } from '@credkit/core'
import type { PgClientLike, PgConnection, PgResult, Row } from './client.js'
import { translateError } from './errors.js'
import { quoteLiteral } from './literal.js'
import type { ReadAheadPlan } from './read-ahead.js'
import { createStatementQueue } from './statement-queue.js'
import { storageFailed } from './storage-error.js'

/** Statement runner the stores use: the pool, or the connection of one transaction. */
export interface Db {
  /** Runs one statement; driver errors come back translated. */
  query<R = Row>(operation: string, text: string, values?: unknown[]): Promise<PgResult<R>>
  /** In a transaction: the statements issued so far are its last (`StorageTx.lastStatementsIssued`). */
  readonly lastStatementsIssued?: () => void
}

const asError = (error: unknown) => (error instanceof Error ? error : new Error('database connection failed'))

/** Statements straight on the pool, each its own implicit transaction. */
export function poolDb(client: PgClientLike): Db {
  const db: Db = {
    async query<R>(operation: string, text: string, values?: unknown[]) {
      try {
        return (await client.query(text, values)) as unknown as PgResult<R>
      } catch (error) {
        throw translateError(error, operation, 'direct')
      }
    },
  }
  return db
}

/**
 * Runs `fn` on one connection between BEGIN and COMMIT; rolls back and rejects with `fn`'s error
 * when it rejects. A statement that failed aborts the transaction: it is rolled back and that
 * failure rethrown even if `fn` swallowed it.
 */
export async function runTransaction<T>(
  client: PgClientLike,
  fn: (db: Db, readAhead: ReadAhead | undefined) => Promise<T>,
  account?: string,
  plan?: ReadAheadPlan,
): Promise<T> {
  let conn: PgConnection
  try {
    conn = await client.connect()
  } catch (error) {
    throw storageFailed('Could not get a database connection', { cause: error })
  }
  const tx = openTransaction(conn, !client.exclusive)
  const readAhead = await tx.begin(account, plan)
  let result: T
  try {
    result = await fn(tx.db, readAhead)
    await tx.settled()
  } catch (error) {
    await tx.finish('ROLLBACK')
    throw error
  }
  const failure = tx.failure()
  if (failure !== undefined) {
    await tx.finish('ROLLBACK')
    throw failure
  }
  await tx.finish('COMMIT')
  return result
}

/**
 * The account's advisory lock key as SQL, the account id inlined as a quoted literal: the lock is
 * sent in one simple query with `BEGIN`, which takes no parameters.
 */
const lockKey = (account: string) => `hashtextextended(${quoteLiteral(`credkit:account:${account}`)}, 0)`

/**
 * Takes the account's session lock, then opens the SERIALIZABLE transaction, in one round trip:
 * the lock is taken in a transaction of its own, committed before the SERIALIZABLE one begins, so
 * that one's snapshot starts after the previous writer of the account committed.
 */
const lockThenBegin = (account: string) => [
  'BEGIN',
  `SELECT pg_advisory_lock(${lockKey(account)})`,
  'COMMIT',
  'BEGIN ISOLATION LEVEL SERIALIZABLE',
]
const ACCOUNT_UNLOCK = `SELECT pg_advisory_unlock(hashtextextended('credkit:account:' || $1, 0))`

function openTransaction(conn: PgConnection, batch: boolean) {
  let locked: string | undefined
  let broken: Error | undefined
  /** Whether the connection answered the opening query of several statements with a result each. */
  let resultPerStatement = false
  const statements = createStatementQueue(conn, { batch, commitInBatch: () => resultPerStatement })
  const onError = (error: Error) => {
    broken = error
  }
  conn.on?.('error', onError)

  const db: Db = { query: statements.query, lastStatementsIssued: statements.commitWithQueued }

  return {
    db,
    failure: statements.failure,
    settled: statements.settled,
    /**
     * Opens the transaction; with a plan, its reads go in the same round trip, after `BEGIN`
     * (in the transaction's snapshot), and their results come back.
     */
    async begin(account: string | undefined, plan?: ReadAheadPlan): Promise<ReadAhead | undefined> {
      // Taken before BEGIN so the SERIALIZABLE snapshot starts after the previous writer of the
      // account committed; a session lock, released in finish() or with a dropped connection.
      const opening = account === undefined ? ['BEGIN ISOLATION LEVEL SERIALIZABLE'] : lockThenBegin(account)
      const reads = plan?.statements ?? []
      try {
        const result = await conn.query([...opening, ...reads].join('; '))
        if (account !== undefined) locked = account
        const sent = opening.length + reads.length
        resultPerStatement = sent > 1 && Array.isArray(result) && result.length === sent
        if (!plan) return undefined
        const results = (Array.isArray(result) ? result : [result]) as PgResult<Row>[]
        return await plan.settle(results.slice(results.length - reads.length))
      } catch (error) {
        plan?.fail(error)
        conn.removeListener?.('error', onError)
        conn.release(asError(error))
        throw translateError(error, 'BEGIN', 'transaction')
      }
    },
    /**
     * Ends the transaction once queued statements ran; only a failed COMMIT rejects. A connection
     * that failed (or could not drop the account lock) is released with the error, so the pool
     * destroys it and the server ends the session, its lock with it. The unlock is not waited for:
     * the next transaction of the account waits for it on the server (its lock), not here.
     */
    async finish(command: 'COMMIT' | 'ROLLBACK') {
      statements.close()
      await statements.settled()
      // Sent with the last statements, and answered: not again (a connection lost since changes nothing).
      const committed = command === 'COMMIT' ? statements.committed() : undefined
      let error: unknown = committed === undefined ? broken : undefined
      let rolledBack = committed === 'ROLLBACK'
      if (committed === undefined && error === undefined) {
        try {
          rolledBack = (await conn.query(command)).command === 'ROLLBACK' && command === 'COMMIT'
        } catch (cause) {
          error = cause
        }
      }
      conn.removeListener?.('error', onError)
      if (error === undefined && locked !== undefined) {
        // The transaction has ended: the caller goes on while the unlock runs, and the connection
        // goes back to the pool after it. A failed unlock only makes the connection unusable.
        conn.query(ACCOUNT_UNLOCK, [locked]).then(
          () => conn.release(),
          (cause: unknown) => conn.release(asError(cause)),
        )
      } else conn.release(error === undefined ? undefined : asError(error))
      if (command === 'ROLLBACK') return
      if (error !== undefined) throw translateError(error, 'COMMIT', broken ? 'transaction' : 'commit')
      if (rolledBack) throw storageFailed('The database rolled the transaction back instead of committing')
    },
  }
}
