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
 * A `PgClientLike` over one PGlite instance, for `createPostgresStorage` and `migrate`. PGlite is a
 * single session, so a checked-out connection holds it exclusively until released, and pool-level
 * statements wait their turn. (PGlite's own `node-postgres` bridge is not used: in 0.5.x it drops
 * the connection on the second SQL error, and a `CONFLICT` is an SQL error.)
 */
export function pgliteClient(pglite: PGliteLike): PgClientLike {
  let tail: Promise<unknown> = Promise.resolve()
  const acquire = (): Promise<() => void> => {
    let release!: () => void
    const held = new Promise<void>((resolve) => {
      release = resolve
    })
    const ready = tail.then(() => release)
    tail = held
    return ready
  }
  const run = async (text: string, values?: unknown[]): Promise<PgResult> =>
    values && values.length > 0
      ? toResult(await pglite.query(text, values))
      : toResult((await pglite.exec(text)).at(-1))

  return {
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
