import { afterEach, expect, it } from 'vitest'
import { migrate } from '../src/migrate.js'
import { MIGRATIONS } from '../src/migrations/index.js'
import { createTestDatabase, type TestDatabase } from './databases.js'

let database: TestDatabase | undefined
afterEach(async () => {
  await database?.drop()
  database = undefined
})

it('applies each migration once when three pools race, and is a no-op afterwards', async () => {
  database = await createTestDatabase({ migrated: false })
  const pools = [database.pool(), database.pool(), database.pool()]
  const results = await Promise.all(pools.map((pool) => migrate(pool)))
  const latest = MIGRATIONS.at(-1)!.version
  expect(results.flatMap((r) => r.applied).sort()).toEqual(MIGRATIONS.map((m) => m.version))
  for (const result of results) expect(result.version).toBe(latest)
  expect(await migrate(pools[0]!)).toEqual({ applied: [], version: latest })

  const ledger = await pools[0]!.query('SELECT version, name FROM credkit_migrations ORDER BY version')
  expect(ledger.rows).toEqual(MIGRATIONS.map(({ version, name }) => ({ version, name })))
  const tables = await pools[0]!.query(
    "SELECT tablename FROM pg_tables WHERE tablename LIKE 'credkit\\_%' ORDER BY tablename",
  )
  expect(tables.rows.map((r) => r['tablename'])).toEqual([
    'credkit_active_regions',
    'credkit_audit_events',
    'credkit_audit_keys',
    'credkit_credential_versions',
    'credkit_credentials',
    'credkit_migrations',
    'credkit_references',
    'credkit_region_statuses',
    'credkit_sync_jobs',
  ])
})

it('rolls back a failing migration whole and reports it without SQL or values', async () => {
  database = await createTestDatabase({ migrated: false })
  const pool = database.pool()
  const broken = [
    ...MIGRATIONS,
    {
      version: 99,
      name: 'broken',
      sql: "CREATE TABLE credkit_probe (x int); SELECT 1 / 0 WHERE 'secret-ish' <> ''",
    },
  ]
  const error = await migrate(pool, broken).then(
    () => null,
    (e: unknown) => e as Error,
  )
  expect(error).toMatchObject({ name: 'CredentialsError', code: 'STORAGE_FAILED' })
  expect(error?.message).toBe('migration 99 failed (SQLSTATE 22012)')
  const probe = await pool.query("SELECT to_regclass('credkit_probe') AS t")
  expect(probe.rows[0]?.['t']).toBeNull()
  expect((await pool.query('SELECT max(version) AS v FROM credkit_migrations')).rows[0]?.['v']).toBe(
    MIGRATIONS.at(-1)!.version,
  )
})
