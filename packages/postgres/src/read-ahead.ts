import type { ReadAhead, ReadAheadRequest, StorageTx } from '@credkit/core'
import type { PgResult, Row } from './client.js'
import type { Db } from './db.js'
import { inlineParams } from './literal.js'

/** The statements of a read-ahead, and how their results become the `ReadAhead`. */
export interface ReadAheadPlan {
  /** Statements without parameters (their values inlined), to send after `BEGIN` in one query. */
  readonly statements: ReadonlyArray<string>
  /** Takes the results of `statements`, in order. */
  settle(results: ReadonlyArray<PgResult<Row>>): Promise<ReadAhead>
  /** The query failed: nothing to settle. */
  fail(error: unknown): void
}

/**
 * Plans the reads of `request` as the stores themselves make them: the stores run on a `Db` that
 * records each statement instead of sending it, so the SQL and the row mapping stay the stores'
 * own; the values are inlined as literals so the statements can follow `BEGIN` in one simple
 * query (which takes no parameters). Undefined when a value cannot be inlined (see `toLiteral`).
 */
export function planReadAhead(
  stores: (db: Db) => StorageTx,
  request: ReadAheadRequest,
): ReadAheadPlan | undefined {
  const recorded: { text: string; values: unknown[]; settle: (result: PgResult<Row>) => void }[] = []
  let fail: (error: unknown) => void = () => undefined
  const failed = new Promise<never>((_, reject) => {
    fail = reject
  })
  failed.catch(() => undefined)
  let planned = false
  const recorder: Db = {
    query: <R>(operation: string, text: string, values: unknown[] = []) =>
      planned
        ? // A store that awaited before its statement: refuse rather than wait for ever.
          Promise.reject(new Error(`read-ahead: ${operation} was not sent before its first await`))
        : Promise.race([
            new Promise<PgResult<R>>((resolve) => {
              recorded.push({ text, values, settle: (result) => resolve(result as unknown as PgResult<R>) })
            }),
            failed,
          ]),
  }
  const { credentials, sync, audit } = stores(recorder)
  const { accountId, credentialIds, keys } = request
  // Each store method records its statement before its first await (an empty list sends none).
  const reads = Promise.all([
    credentials.getMany(accountId, credentialIds),
    sync.getStatuses(accountId, keys),
    sync.getJobs(accountId, keys),
    audit.head(accountId),
    sync.listRegions(accountId),
  ])
  reads.catch(() => undefined)
  planned = true
  let statements: string[]
  try {
    statements = recorded.map(({ text, values }) => inlineParams(text, values))
  } catch (error) {
    // A value that cannot be a literal (text holding NUL): no read-ahead, the reads run as usual.
    fail(error)
    return undefined
  }
  return {
    statements,
    async settle(results) {
      for (const [i, statement] of recorded.entries()) statement.settle(results[i]!)
      const [rows, statuses, jobs, head, regions] = await reads
      return { rows, statuses, jobs, head, regions }
    },
    fail,
  }
}
