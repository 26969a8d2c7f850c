import type pg from 'pg'
import { afterEach, expect, it } from 'vitest'
import { migrate } from '../src/migrate.js'
import { MIGRATIONS } from '../src/migrations/index.js'
import { createPostgresStorage } from '../src/postgres-storage.js'
import { createTestDatabase, type TestDatabase } from './databases.js'
import { credentialsOn, manager, registry } from './service.js'

const databases: TestDatabase[] = []
afterEach(async () => {
  await Promise.all(databases.splice(0).map((database) => database.drop()))
})

const ACCOUNT = 'acct-upgrade'
const TABLES = [
  'credkit_credentials',
  'credkit_references',
  'credkit_active_regions',
  'credkit_region_statuses',
  'credkit_sync_jobs',
  'credkit_audit_keys',
  'credkit_audit_events',
]

/**
 * Copies every row of the credkit_ tables `to` has from `from`, in the columns `to` has (what a
 * database of that schema would hold): bytea, arrays and jsonb go through JSON as they are.
 */
async function copyRows(from: pg.Pool, to: pg.Pool): Promise<void> {
  for (const table of TABLES) {
    const { rows: columns } = await to.query(
      `SELECT column_name FROM information_schema.columns
       WHERE table_name = $1 AND is_generated = 'NEVER' ORDER BY ordinal_position`,
      [table],
    )
    const list = columns.map((c) => c['column_name'] as string).join(', ')
    const { rows } = await from.query(
      `SELECT json_agg(t)::text AS rows FROM (SELECT ${list} FROM ${table}) t`,
    )
    if (rows[0]?.['rows'] === null) continue
    await to.query(
      `INSERT INTO ${table} (${list}) SELECT ${list} FROM json_populate_recordset(NULL::${table}, $1::json)`,
      [rows[0]?.['rows']],
    )
  }
}

it('0005 upgrades a database made by 0001-0004: everything opens, then history and soft delete work on it', async () => {
  // Rows as credkit wrote them, copied into a database that stopped at migration 4.
  const source = await createTestDatabase()
  const target = await createTestDatabase({ migrated: false })
  databases.push(source, target)
  const sourcePool = source.pool()
  const targetPool = target.pool()
  const before = credentialsOn(createPostgresStorage(sourcePool))
  const admin = manager(ACCOUNT)
  const hub = await before.create(admin, registry('hub', 'hub-password'))
  const gate = await before.create(admin, {
    type: 'basic-auth',
    name: 'gate',
    data: { username: 'staging', password: 'gate-password-1' },
  })
  await before.update(admin, gate.id, { data: { password: 'gate-password-2' } })
  await before.attach(ACCOUNT, hub.id, { kind: 'app', id: 'app-1' })
  await migrate(
    targetPool,
    MIGRATIONS.filter((m) => m.version < 5),
  )
  await copyRows(sourcePool, targetPool)

  // 0005 brings the lifecycle; the migrations after it apply in the same run.
  expect((await migrate(targetPool)).applied[0]).toBe(5)
  const after = credentialsOn(createPostgresStorage(targetPool))
  expect((await after.list(admin)).items.map((v) => [v.name, v.version])).toEqual([
    ['hub', 1],
    ['gate', 2],
  ])
  expect(await after.resolveRegistry(admin, { purpose: 'runtime' })).toMatchObject({
    source: 'default',
    credential: { id: hub.id },
  })
  const revealed = await after.reveal(admin, gate.id)
  expect('password' in revealed && revealed.password.reveal()).toBe('gate-password-2')
  expect(await after.verifyAuditChain(ACCOUNT)).toMatchObject({ ok: true })
  // Versions written before 0005 have no recorded field names and no kept history.
  expect((await after.history(admin, gate.id)).items).toEqual([
    expect.objectContaining({ version: 2, fields: [], current: true }),
  ])

  await after.update(admin, gate.id, { data: { password: 'gate-password-3' } })
  const old = await after.reveal(admin, gate.id, { version: 2 })
  expect('password' in old && old.password.reveal()).toBe('gate-password-2')
  await after.rollback(admin, gate.id, { toVersion: 2 })
  expect(
    (await after.history(admin, gate.id)).items.map((e) => [e.version, e.fields.includes('data.password')]),
  ).toEqual([
    [4, true],
    [3, true],
    [2, false],
  ])

  await after.delete(admin, hub.id, { force: true })
  expect((await after.listDeleted(admin)).items.map((v) => v.id)).toEqual([hub.id])
  expect((await after.list(admin)).items.map((v) => v.name)).toEqual(['gate'])
  await after.restore(admin, hub.id, { name: 'hub again' })
  await after.delete(admin, gate.id)
  await after.purge(admin, gate.id)
  const left = await targetPool.query(
    'SELECT count(*)::int AS n FROM credkit_credential_versions WHERE credential_id = $1',
    [gate.id],
  )
  expect(left.rows[0]?.['n']).toBe(0)
  expect(await after.verifyAuditChain(ACCOUNT)).toMatchObject({ ok: true })
})
