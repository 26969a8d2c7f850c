import type { StorageFixture } from '@credkit/testing'
import { createPostgresStorage } from '../src/postgres-storage.js'
import { createTestDatabase } from './databases.js'
import { createPostgresReader } from './reader.js'

/** A conformance fixture on the test server: a fresh migrated database per test. */
export async function serverFixture(): Promise<StorageFixture> {
  const database = await createTestDatabase()
  const pool = database.pool({ max: 10 })
  return {
    storage: createPostgresStorage(pool),
    reader: createPostgresReader(database.pool({ max: 2 })),
    teardown: () => database.drop(),
  }
}
