import type { PgClientLike, PgConnection, PgResult, Row } from './client.js'

/** The part of a PGlite instance (`@electric-sql/pglite`) this adapter uses. */
export interface PGliteLike {
  query(text: string, params?: unknown[]): Promise<{ rows: Row[]; affectedRows?: number; command?: string }>
  exec(text: string): Promise<Array<{ rows: Row[]; affectedRows?: number; command?: string }>>
}

function toResult(result: { rows: Row[]; affectedRows?: number; command?: string } | undefined): PgResult {
  return { rows: result?.rows ?? [], rowCount: result?.affectedRows ?? 0, command: result?.command ?? '' }
}

/**
 * The tail of each PGlite instance's queue. It lives with the instance, not with a wrapper: two
 * `pgliteClient(pglite)` (two storages, or `migrate` and a storage) share the one session, and
 * must not run statements inside each other's transaction.
 */
const queues = new WeakMap<PGliteLike, { tail: Promise<unknown> }>()

/**
 * A `PgClientLike` over one PGlite instance, for `createPostgresStorage` and `migrate`. PGlite is a
 * single session, so a checked-out connection holds it exclusively until released, and pool-level
 * statements wait their turn, whichever wrapper of the instance they come from. (PGlite's own
 * `node-postgres` bridge is not used: in 0.5.x it drops the connection on the second SQL error,
 * and a `CONFLICT` is an SQL error.)
 */
export function pgliteClient(pglite: PGliteLike): PgClientLike {
  let queue = queues.get(pglite)
  if (queue === undefined) {
    queue = { tail: Promise.resolve() }
    queues.set(pglite, queue)
  }
  const shared = queue
  const acquire = (): Promise<() => void> => {
    let release!: () => void
    const held = new Promise<void>((resolve) => {
      release = resolve
    })
    const ready = shared.tail.then(() => release)
    shared.tail = held
    return ready
  }
  const run = async (text: string, values?: unknown[]): Promise<PgResult> =>
    values && values.length > 0
      ? toResult(await pglite.query(text, values))
      : toResult((await pglite.exec(text)).at(-1))

  return {
    exclusive: true,
    async query(text, values) {
      const release = await acquire()
      try {
        return await run(text, values)
      } finally {
        release()
      }
    },
    async connect(): Promise<PgConnection> {
      const release = await acquire()
      let released = false
      return {
        query: (text, values) =>
          released ? Promise.reject(new Error('connection already released')) : run(text, values),
        release() {
          if (released) return
          released = true
          release()
        },
      }
    },
  }
}
