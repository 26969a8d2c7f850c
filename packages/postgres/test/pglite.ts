import type { StorageFixture } from '@credkit/testing'
import { PGlite } from '@electric-sql/pglite'
import { migrate } from '../src/migrate.js'
import { pgliteClient } from '../src/pglite-client.js'
import { createPostgresStorage } from '../src/postgres-storage.js'
import { createPostgresReader } from './reader.js'

let shared: Promise<PGlite> | undefined

/**
 * A conformance fixture on PGlite: one in-memory instance per test file (starting one takes
 * seconds), its schema dropped and migrated again before every test.
 */
export async function pgliteFixture(): Promise<StorageFixture> {
  shared ??= PGlite.create()
  const client = pgliteClient(await shared)
  await client.query('DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public')
  await migrate(client)
  return { storage: createPostgresStorage(client), reader: createPostgresReader(client) }
}

/** Closes the shared instance (afterAll). */
export async function closePglite(): Promise<void> {
  const pglite = await shared
  shared = undefined
  await pglite?.close()
}
