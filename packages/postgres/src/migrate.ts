import type { PgClientLike, PgConnection } from './client.js'
import { MIGRATIONS, type Migration } from './migrations/index.js'
import { sqlStateOf, storageFailed } from './storage-error.js'

/** Key of the transaction-level advisory lock that serialises migrations ('cred' in ASCII). */
export const MIGRATION_LOCK_KEY = 0x63726564

const LEDGER_SQL = `CREATE TABLE IF NOT EXISTS credkit_migrations (
  version     integer PRIMARY KEY,
  name        text NOT NULL,
  applied_at  timestamptz NOT NULL DEFAULT now()
)`

export interface MigrateResult {
  /** Versions this call applied (empty when the schema was up to date). */
  readonly applied: ReadonlyArray<number>
  /** The schema version after the call. */
  readonly version: number
}

/**
 * Brings the credkit schema up to date. Each pending migration runs in its own transaction under
 * `pg_advisory_xact_lock` and is recorded in `credkit_migrations`; idempotent, and safe from
 * several processes at once (the others wait, then find nothing left to do).
 * @throws CredentialsError STORAGE_FAILED when a migration fails (that migration is rolled back)
 */
export async function migrate(
  client: PgClientLike,
  migrations: ReadonlyArray<Migration> = MIGRATIONS,
): Promise<MigrateResult> {
  const applied: number[] = []
  let version = 0
  for (const migration of migrations) {
    const ran = await inTransaction(client, `migration ${migration.version}`, async (conn) => {
      await conn.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY])
      await conn.query(LEDGER_SQL)
      const done = await conn.query('SELECT 1 FROM credkit_migrations WHERE version = $1', [
        migration.version,
      ])
      if (done.rows.length > 0) return false
      await conn.query(migration.sql)
      await conn.query('INSERT INTO credkit_migrations (version, name) VALUES ($1, $2)', [
        migration.version,
        migration.name,
      ])
      return true
    })
    if (ran) applied.push(migration.version)
    version = migration.version
  }
  return { applied, version }
}

async function inTransaction<T>(
  client: PgClientLike,
  operation: string,
  fn: (conn: PgConnection) => Promise<T>,
): Promise<T> {
  let conn: PgConnection
  try {
    conn = await client.connect()
  } catch (error) {
    throw storageFailed('Could not get a database connection', { cause: error })
  }
  // A checked-out pg client emits `error` when its connection dies; unhandled, that would crash.
  const onError = () => {}
  conn.on?.('error', onError)
  const release = (error?: unknown) => {
    conn.removeListener?.('error', onError)
    conn.release(error === undefined ? undefined : (error as Error))
  }
  try {
    await conn.query('BEGIN')
    const result = await fn(conn)
    await conn.query('COMMIT')
    release()
    return result
  } catch (error) {
    release(
      await conn.query('ROLLBACK').then(
        () => undefined,
        (rollbackError: unknown) => rollbackError,
      ),
    )
    const sqlState = sqlStateOf(error)
    throw storageFailed(`${operation} failed (${sqlState ? `SQLSTATE ${sqlState}` : 'no SQLSTATE'})`, {
      cause: error,
    })
  }
}
