import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { StoragePort } from '@credkit/core'
import { createPostgresStorage, migrate, type PgQueryable, pgliteClient } from '@credkit/postgres'
import { PGlite } from '@electric-sql/pglite'
import pg from 'pg'

export interface PlatformStorage {
  readonly storage: StoragePort
  /** The same database, for the platform's own tables (app and host settings). */
  readonly db: PgQueryable
  /** Where the data lives, for the start-up banner (no password). */
  readonly where: string
  close(): Promise<void>
}

/**
 * `databaseUrl` set: a PostgreSQL server through a `pg.Pool`. Otherwise the embedded default:
 * PGlite with its data under `<dataDir>/pglite`, so what you create survives a restart. Either
 * way credkit's migrations run first.
 */
export async function openStorage(
  dataDir: string,
  databaseUrl: string | undefined,
): Promise<PlatformStorage> {
  if (databaseUrl) {
    const pool = new pg.Pool({ connectionString: databaseUrl })
    try {
      await migrate(pool)
    } catch (error) {
      await pool.end()
      throw error
    }
    const url = new URL(databaseUrl)
    return {
      storage: createPostgresStorage(pool),
      db: pool,
      where: `PostgreSQL at ${url.hostname}${url.port ? `:${url.port}` : ''}${url.pathname} (DATABASE_URL)`,
      close: () => pool.end(),
    }
  }
  const directory = join(dataDir, 'pglite')
  mkdirSync(directory, { recursive: true })
  const pglite = await PGlite.create(directory)
  const client = pgliteClient(pglite)
  await migrate(client)
  return {
    storage: createPostgresStorage(client),
    db: client,
    where: `PGlite in ${directory}`,
    close: () => pglite.close(),
  }
}
