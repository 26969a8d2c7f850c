import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { StoragePort } from '@credkit/core'
import {
  createPostgresStorage,
  MIGRATIONS,
  type PgClientLike,
  pgliteClient,
  schemaVersion,
} from '@credkit/postgres'
import pg from 'pg'
import { CliError } from './cli-error.js'
import { EXIT } from './exit-codes.js'

/** An open database: the client for operator queries, the StoragePort over it, and how to close it. */
export interface Database {
  readonly client: PgClientLike
  readonly storage: StoragePort
  /** Where the data lives, for messages (never the connection string). */
  readonly where: string
  close(): Promise<void>
}

export interface DatabaseOptions {
  /** `--pglite <dir>`: an embedded PGlite database in this directory. */
  readonly pglite?: string | undefined
  /** `migrate` may create a PGlite directory; every other command needs an existing one. */
  readonly create?: boolean
}

/**
 * `--pglite <dir>` when given, else `DATABASE_URL` (a `pg.Pool`). Neither: a `CONFIG` error before
 * anything is opened.
 * @throws CliError CONFIG
 */
export async function openDatabase(
  options: DatabaseOptions,
  env: Readonly<Record<string, string | undefined>>,
): Promise<Database> {
  if (options.pglite !== undefined) return openPglite(resolve(options.pglite), options.create ?? false)
  const url = env['DATABASE_URL']
  if (!url) {
    throw new CliError(
      'CONFIG',
      'DATABASE_URL is not set: point it at the PostgreSQL database, or pass --pglite <dir>',
      EXIT.CONFIG,
    )
  }
  let pool: pg.Pool
  try {
    pool = new pg.Pool({ connectionString: url, max: 4 })
  } catch (error) {
    throw new CliError('CONFIG', 'DATABASE_URL is not a valid connection string', EXIT.CONFIG, {
      cause: error,
    })
  }
  // An idle client whose server went away must not crash the process; the next query reports it.
  pool.on('error', () => undefined)
  return {
    client: pool,
    storage: createPostgresStorage(pool),
    where: 'PostgreSQL (DATABASE_URL)',
    close: () => pool.end(),
  }
}

async function openPglite(dir: string, create: boolean): Promise<Database> {
  if (!create && !existsSync(join(dir, 'PG_VERSION'))) {
    throw new CliError(
      'CONFIG',
      `No PGlite database in ${dir}: create it with credkit migrate --pglite <dir>`,
      EXIT.CONFIG,
    )
  }
  let PGlite: typeof import('@electric-sql/pglite').PGlite
  try {
    ;({ PGlite } = await import('@electric-sql/pglite'))
  } catch (error) {
    throw new CliError('CONFIG', '--pglite needs the @electric-sql/pglite package installed', EXIT.CONFIG, {
      cause: error,
    })
  }
  const db = await PGlite.create(dir)
  const client = pgliteClient(db)
  return {
    client,
    storage: createPostgresStorage(client),
    where: `PGlite in ${dir}`,
    close: () => db.close(),
  }
}

/**
 * Refuses to work on a schema older than this CLI's migrations (or newer: an older CLI must not
 * touch tables it does not know).
 * @throws CliError CONFIG
 */
export async function requireCurrentSchema(database: Database): Promise<void> {
  const version = await schemaVersion(database.client)
  const latest = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0
  if (version < latest) {
    throw new CliError(
      'CONFIG',
      version === 0
        ? `${database.where} has no credkit schema: run credkit migrate first`
        : `${database.where} is at schema version ${version}, this CLI needs ${latest}: run credkit migrate first`,
      EXIT.CONFIG,
    )
  }
  if (version > latest) {
    throw new CliError(
      'CONFIG',
      `${database.where} is at schema version ${version}, newer than this CLI knows (${latest}): upgrade @credkit/cli`,
      EXIT.CONFIG,
    )
  }
}
