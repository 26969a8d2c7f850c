import { storesOf } from '@credkit/testing'
import { afterEach, expect, it } from 'vitest'
import type { PgClientLike, PgResult } from '../src/client.js'
import { createPostgresStorage } from '../src/postgres-storage.js'
import { createTestDatabase, type TestDatabase } from './databases.js'

let database: TestDatabase | undefined
afterEach(async () => {
  await database?.drop()
  database = undefined
})

/** `client`, remembering the last statement and parameters it ran. */
function recording(client: PgClientLike) {
  const last: { text: string; values: unknown[] } = { text: '', values: [] }
  const wrapped: PgClientLike = {
    query(text, values) {
      Object.assign(last, { text, values: values ?? [] })
      return client.query(text, values) as Promise<PgResult>
    },
    connect: () => client.connect(),
  }
  return { client: wrapped, last }
}

it('answers findByHostNames from the GIN index on host_names, on its own (no enable_seqscan tricks)', async () => {
  database = await createTestDatabase()
  const pool = database.pool()
  // 5,000 credentials in one account (so the account index is no shortcut) plus 1,000 elsewhere.
  await pool.query(`
    INSERT INTO credkit_credentials (id, account_id, type, name, name_key, version, public_data, host_names,
      envelope, key_id, secret_version, created_at, created_by, updated_at, updated_by)
    SELECT 'c' || lpad(i::text, 5, '0'), CASE WHEN i <= 5000 THEN 'acct-big' ELSE 'acct-' || (i % 10) END,
      'tls-certificate', 'cert ' || i, 'cert ' || i, 1, '{}'::jsonb,
      ARRAY['h' || i || '.example.com', '*.zone' || (i % 500) || '.example.com'],
      '\\x00'::bytea, 'k1', 1, now(), 'u', now(), 'u'
    FROM generate_series(1, 6000) AS i`)
  await pool.query('ANALYZE credkit_credentials')
  const { client, last } = recording(pool)
  const storage = createPostgresStorage(client)

  const found = await storesOf(storage).credentials.findByHostNames('acct-big', [
    'h123.example.com',
    '*.zone7.example.com',
  ])
  expect(found.map((r) => r.id)).toEqual([
    'c00007',
    'c00123',
    'c00507',
    'c01007',
    'c01507',
    'c02007',
    'c02507',
    'c03007',
    'c03507',
    'c04007',
    'c04507',
  ])

  const { rows } = await pool.query(`EXPLAIN (FORMAT JSON) ${last.text}`, last.values)
  const plan = JSON.stringify(rows[0]?.['QUERY PLAN'])
  expect(plan).toContain('credkit_credentials_host_names_idx')
  expect(plan).not.toContain('"Seq Scan"')
})
