import { storesOf } from '@credkit/testing'
import { afterEach, expect, it } from 'vitest'
import { migrate } from '../src/migrate.js'
import { MIGRATIONS } from '../src/migrations/index.js'
import { createPostgresStorage } from '../src/postgres-storage.js'
import { createTestDatabase, type TestDatabase } from './databases.js'

let database: TestDatabase | undefined
afterEach(async () => {
  await database?.drop()
  database = undefined
})

const AT = new Date('2026-03-01T12:00:00.000Z')

it('0003 adds status and reason to region failures; failures stored before keep their message', async () => {
  database = await createTestDatabase({ migrated: false })
  const pool = database.pool()
  await migrate(
    pool,
    MIGRATIONS.filter((m) => m.version < 3),
  )
  await pool.query(
    `INSERT INTO credkit_region_statuses (account_id, credential_id, region, state, version, target_version,
       error_message, error_at, attempts)
     VALUES ('acct', 'c1', 'eu-1', 'error', NULL, 1, 'connection refused', $1, 2),
            ('acct', 'c2', 'eu-1', 'synced', 1, 1, NULL, NULL, 0)`,
    [AT],
  )

  expect((await migrate(pool)).applied).toContain(3)
  const storage = createPostgresStorage(pool)
  const stores = storesOf(storage)
  const [c1, c2] = await stores.sync.listStatuses('acct', ['c1', 'c2'])
  expect(c1).toMatchObject({
    state: 'error',
    attempts: 2,
    error: { status: null, reason: null, message: 'connection refused', at: AT },
  })
  expect(c2).toMatchObject({ state: 'synced', error: null })

  const forbidden = { status: 403, reason: 'Forbidden', message: 'secrets is forbidden', at: AT }
  await stores.sync.putStatuses([{ ...c1!, error: forbidden, attempts: 3 }])
  expect((await stores.sync.listStatuses('acct', ['c1']))[0]?.error).toEqual(forbidden)
  await stores.sync.putStatuses([{ ...c1!, state: 'synced', error: null }])
  const cleared = await pool.query(
    "SELECT error_status, error_reason, error_message FROM credkit_region_statuses WHERE credential_id = 'c1'",
  )
  expect(cleared.rows).toEqual([{ error_status: null, error_reason: null, error_message: null }])

  // a status or reason never exists without its failure, and a status is an HTTP status
  for (const columns of [
    'error_status = 500',
    "error_reason = 'Forbidden'",
    "error_status = 42, error_at = now(), error_message = 'x'",
  ]) {
    const refused = await pool
      .query(`UPDATE credkit_region_statuses SET ${columns} WHERE credential_id = 'c2'`)
      .then(
        () => null,
        (error: { code?: string }) => error.code,
      )
    expect(refused, columns).toBe('23514')
  }
})
