import type { PgConnection, PgResult, Row } from './client.js'
import { isConnectionError, transactionEnded, translateError } from './errors.js'
import { inlineParams } from './literal.js'
import { sqlStateOf, storageFailed } from './storage-error.js'

/** One statement waiting for its turn on the transaction's connection. */
interface Queued {
  readonly operation: string
  readonly text: string
  readonly values: unknown[] | undefined
  resolve(result: PgResult<Row>): void
  reject(error: unknown): void
}

/** The statements of one transaction, run in call order on its connection. */
export interface StatementQueue {
  /** Queues one statement; it settles with its own result or its own (translated) error. */
  query<R = Row>(operation: string, text: string, values?: unknown[]): Promise<PgResult<R>>
  /** Resolves once every statement queued so far has settled. */
  settled(): Promise<void>
  /** The first statement failure: the transaction is aborted and must roll back. */
  failure(): Error | undefined
  /**
   * The statements queued so far are the transaction's last (`StorageTx.lastStatementsIssued`):
   * `COMMIT` may go in their round trip. Refuses statements from now on.
   */
  commitWithQueued(): void
  /** The command tag of a `COMMIT` sent with the last statements (`COMMIT`, or `ROLLBACK`), if it was. */
  committed(): string | undefined
  /** Refuses statements from now on (the transaction is ending). */
  close(): void
}

export interface StatementQueueOptions {
  /** Statements issued together go in one round trip (not on PGlite). */
  readonly batch: boolean
  /**
   * Whether `COMMIT` may go with the last statements: only when the connection answered a query
   * of several statements with one result each (a batch's results then tell what ran).
   */
  readonly commitInBatch: () => boolean
}

const SAVEPOINT = 'credkit_batch'
/** SQLSTATE `no_active_sql_transaction`: what `ROLLBACK TO SAVEPOINT` gets once the `COMMIT` of its batch failed. */
const NO_TRANSACTION = '25P01'

/**
 * Runs a transaction's statements one round trip at a time, in call order. Statements issued
 * together (before the connection is free again, as `Promise.all` does) go out in one simple query
 * behind a savepoint, their values inlined as literals: one round trip instead of one each. Each
 * still settles with its own result. When such a batch fails, the batch is rolled back to the
 * savepoint and its statements run again one by one, so the error lands on the statement that
 * caused it, exactly as if they had been sent one at a time. After a failure every later
 * statement rejects with that failure (the transaction is aborted).
 *
 * The transaction's last statements may carry its `COMMIT` (`commitWithQueued`). If one of them
 * fails, the `COMMIT` did not run: they are taken apart as above and the transaction ends as it
 * would have. If the `COMMIT` itself fails (a serialisation failure), every one of them rejects
 * with its error and nothing was written.
 *
 * `batch: false` sends every statement on its own (PGlite, where a statement costs no round trip).
 */
export function createStatementQueue(conn: PgConnection, options: StatementQueueOptions): StatementQueue {
  let queue: Queued[] = []
  let busy = false
  let scheduled = false
  let open = true
  let failure: Error | undefined
  /** The statement the `COMMIT` goes after, until its batch is sent. */
  let commitAfter: Queued | undefined
  let commitTag: string | undefined
  const idle: (() => void)[] = []

  const fail = (error: unknown): Error => {
    failure ??= error as Error
    return error as Error
  }

  const rejectAll = (batch: Queued[], error: Error) => {
    for (const statement of batch) statement.reject(error)
  }

  /** One statement with its parameters; its error translated and recorded. */
  const runOne = async (statement: Queued) => {
    if (failure) return statement.reject(failure)
    try {
      statement.resolve((await conn.query(statement.text, statement.values)) as PgResult<Row>)
    } catch (error) {
      statement.reject(fail(translateError(error, statement.operation, 'transaction')))
    }
  }

  /**
   * Several statements in one round trip, with the `COMMIT` after them when `commit`; on a
   * statement's error, again one by one (without the `COMMIT`).
   */
  const runBatch = async (batch: Queued[], commit: boolean) => {
    if (failure) return rejectAll(batch, failure)
    let sql: string
    try {
      sql = [`SAVEPOINT ${SAVEPOINT}`, ...batch.map((s) => inlineParams(s.text, s.values))]
        .concat(commit ? ['COMMIT'] : [])
        .join('; ')
    } catch {
      // A value that cannot be written as a literal: send them with their parameters instead.
      for (const statement of batch) await runOne(statement)
      return
    }
    const operations = () => batch.map((s) => s.operation).join(', ')
    let results: PgResult<Row>[] | undefined
    let failed: unknown
    try {
      const answer = await conn.query(sql)
      // One result per statement, the savepoint's first (a `pg` client answers so).
      const expected = batch.length + 1 + (commit ? 1 : 0)
      if (Array.isArray(answer) && answer.length === expected) results = answer as PgResult<Row>[]
    } catch (error) {
      if (isConnectionError(error)) {
        // With the COMMIT sent, whether it ran is unknown.
        return rejectAll(batch, fail(translateError(error, operations(), commit ? 'commit' : 'transaction')))
      }
      // Which statement failed is not in the error: undo the batch and find out one at a time.
      failed = error
    }
    if (results) {
      if (commit) commitTag = results[results.length - 1]!.command
      for (const [i, statement] of batch.entries()) statement.resolve(results[i + 1]!)
      return
    }
    if (commit && failed === undefined) {
      // Answered without its results, the COMMIT included: nothing may run again (`commitInBatch`
      // keeps a driver that answers so from getting here).
      commitTag = 'COMMIT'
      return rejectAll(
        batch,
        fail(
          storageFailed(
            'The transaction committed, but the driver did not answer each of its last statements',
          ),
        ),
      )
    }
    // Failed, or answered without a result per statement: undone, then run one at a time.
    try {
      await conn.query(`ROLLBACK TO SAVEPOINT ${SAVEPOINT}`)
    } catch (cause) {
      // Every statement ran and the COMMIT failed: the transaction has ended, nothing written.
      if (commit && failed !== undefined && sqlStateOf(cause) === NO_TRANSACTION) {
        return rejectAll(batch, fail(translateError(failed, 'COMMIT', 'commit')))
      }
      return rejectAll(batch, fail(translateError(cause, 'ROLLBACK TO SAVEPOINT', 'transaction')))
    }
    for (const statement of batch) await runOne(statement)
  }

  const pump = async () => {
    scheduled = false
    if (busy) return
    while (queue.length > 0) {
      const batch = queue
      queue = []
      busy = true
      const commit = commitAfter !== undefined && batch[batch.length - 1] === commitAfter
      if (commit) commitAfter = undefined
      try {
        if (commit || (options.batch && batch.length > 1)) await runBatch(batch, commit)
        else for (const statement of batch) await runOne(statement)
      } finally {
        busy = false
      }
    }
    for (const resolve of idle.splice(0)) resolve()
  }

  return {
    query<R>(operation: string, text: string, values?: unknown[]) {
      if (!open) return Promise.reject(transactionEnded(operation))
      return new Promise<PgResult<R>>((resolve, reject) => {
        queue.push({ operation, text, values, resolve: resolve as Queued['resolve'], reject })
        // Sent once the current turn has issued what it issues together.
        if (!scheduled && !busy) {
          scheduled = true
          queueMicrotask(() => void pump())
        }
      })
    },
    settled() {
      if (!busy && !scheduled && queue.length === 0) return Promise.resolve()
      return new Promise((resolve) => idle.push(resolve))
    },
    failure: () => failure,
    commitWithQueued() {
      open = false
      // Only statements not sent yet can carry it, and only where a batch's answer tells what ran.
      if (options.batch && options.commitInBatch()) commitAfter = queue[queue.length - 1]
    },
    committed: () => commitTag,
    close() {
      open = false
    },
  }
}
