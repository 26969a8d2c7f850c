/** One row as the driver returns it. */
export type Row = Record<string, unknown>

/** What a statement returns; `pg.QueryResult` fits. */
export interface PgResult<R = Row> {
  readonly rows: R[]
  readonly rowCount: number | null
  readonly command?: string
}

/** Anything that runs one parameterised statement: a `pg.Pool`, a `pg.PoolClient`. */
export interface PgQueryable {
  query(text: string, values?: unknown[]): Promise<PgResult<Row>>
}

/** A connection checked out of a pool; `release(error)` discards a broken one. */
export interface PgConnection extends PgQueryable {
  release(error?: Error | boolean): void
  /** `pg` emits `error` on a checked-out client whose connection dies between statements. */
  on?(event: 'error', listener: (error: Error) => void): unknown
  removeListener?(event: 'error', listener: (error: Error) => void): unknown
}

/**
 * The client `createPostgresStorage` and `migrate` take: a `pg.Pool` (on a server, or on PGlite
 * through `@electric-sql/pglite/node-postgres`), or anything with the same `query` and `connect`.
 * Default `pg` type parsers are expected (timestamptz as Date, bytea as Buffer, jsonb parsed).
 */
export interface PgClientLike extends PgQueryable {
  connect(): Promise<PgConnection>
  /**
   * True when a connection holds the whole database exclusively until released (one PGlite
   * session): transactions cannot interleave, so no account lock is taken.
   */
  readonly exclusive?: boolean
}

/** True when `client` can hand out a dedicated connection, which transactions need. */
export function isPgClientLike(client: unknown): client is PgClientLike {
  const candidate = client as Partial<PgClientLike> | null
  return typeof candidate?.query === 'function' && typeof candidate.connect === 'function'
}
