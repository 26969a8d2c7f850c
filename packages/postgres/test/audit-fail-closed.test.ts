import { isCredentialsError } from '@credkit/core'
import { storesOf } from '@credkit/testing'
import { afterEach, expect, it } from 'vitest'
import { createPostgresStorage } from '../src/postgres-storage.js'
import { createTestDatabase, type TestDatabase } from './databases.js'
import { credentialsOn, manager, registry } from './service.js'

let database: TestDatabase | undefined
afterEach(async () => {
  await database?.drop()
  database = undefined
})

const BREAK_AUDIT = `
CREATE FUNCTION test_refuse_audit() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION 'audit storage offline'; END $$;
CREATE TRIGGER test_refuse_audit BEFORE INSERT ON credkit_audit_events
  FOR EACH ROW EXECUTE FUNCTION test_refuse_audit();`

it('fails closed: when the audit event cannot be written, create rejects and writes nothing', async () => {
  database = await createTestDatabase()
  const pool = database.pool()
  const storage = createPostgresStorage(pool)
  const credentials = credentialsOn(storage)
  const actor = manager('acct-audit')
  await storesOf(storage).sync.addRegion(actor.accountId, 'eu-1')
  const counts = async () => {
    const { rows } = await pool.query(
      `SELECT (SELECT count(*) FROM credkit_credentials)::int AS credentials,
              (SELECT count(*) FROM credkit_sync_jobs)::int AS jobs,
              (SELECT count(*) FROM credkit_region_statuses)::int AS statuses,
              (SELECT count(*) FROM credkit_audit_events)::int AS events`,
    )
    return rows[0]
  }

  await pool.query(BREAK_AUDIT)
  const error = await credentials.create(actor, registry('ghcr')).then(
    () => null,
    (e: unknown) => e,
  )
  expect(isCredentialsError(error, 'AUDIT_FAILED')).toBe(true)
  expect(JSON.stringify(error)).not.toContain('audit storage offline')
  expect(await counts()).toEqual({ credentials: 0, jobs: 0, statuses: 0, events: 0 })

  await pool.query('DROP TRIGGER test_refuse_audit ON credkit_audit_events')
  await credentials.create(actor, registry('ghcr'))
  // created + default-set (the first registry of the account becomes the default)
  expect(await counts()).toEqual({ credentials: 1, jobs: 1, statuses: 1, events: 2 })
})

it('keeps the audit log append-only: UPDATE, DELETE and TRUNCATE are refused', async () => {
  database = await createTestDatabase()
  const pool = database.pool()
  const actor = manager('acct-append-only')
  await credentialsOn(createPostgresStorage(pool)).create(actor, registry('ghcr'))
  for (const statement of [
    "UPDATE credkit_audit_events SET message = 'rewritten'",
    'DELETE FROM credkit_audit_events',
    'TRUNCATE credkit_audit_events',
  ]) {
    await expect(pool.query(statement)).rejects.toMatchObject({ code: '42501' })
  }
  const { rows } = await pool.query('SELECT count(*)::int AS n FROM credkit_audit_events')
  expect(rows[0]?.['n']).toBe(2)
})
