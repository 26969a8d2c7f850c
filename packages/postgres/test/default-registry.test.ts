import { afterEach, expect, it } from 'vitest'
import { createPostgresStorage } from '../src/postgres-storage.js'
import { createTestDatabase, type TestDatabase } from './databases.js'
import { credentialsOn, manager, registry } from './service.js'

let database: TestDatabase | undefined
afterEach(async () => {
  await database?.drop()
  database = undefined
})

it('leaves exactly one default after 50 concurrent setDefault / create-as-default calls from 3 pools', async () => {
  database = await createTestDatabase()
  const db = database
  const services = [1, 2, 3].map(() => credentialsOn(createPostgresStorage(db.pool({ max: 5 }))))
  const actor = manager('acct-defaults')
  const seeded: Array<{ id: string }> = []
  for (let i = 0; i < 10; i++) seeded.push(await services[0]!.create(actor, registry(`seed-${i}`)))

  const calls = Array.from({ length: 50 }, (_, i) => {
    const service = services[i % services.length]!
    return i % 2 === 0
      ? service.setDefault(actor, seeded[i % seeded.length]!.id)
      : service.create(actor, registry(`new-${i}`, 'pw', true))
  })
  const results = await Promise.allSettled(calls)
  // Writers of one account queue on the account's advisory lock instead of failing.
  const failures = results.flatMap((r) => (r.status === 'rejected' ? [r.reason] : []))
  expect(failures).toEqual([])

  const pool = db.pool({ max: 1 })
  const defaults = await pool.query(
    'SELECT id FROM credkit_credentials WHERE account_id = $1 AND is_default',
    [actor.accountId],
  )
  expect(defaults.rows).toHaveLength(1)
  // The audit chain is intact, and its last promotion names the default that won.
  expect(await services[0]!.verifyAuditChain(actor.accountId)).toMatchObject({ ok: true })
  const { rows } = await pool.query(
    `SELECT credential->>'id' AS id FROM credkit_audit_events
     WHERE account_id = $1 AND action = 'credential.default-set' ORDER BY seq DESC LIMIT 1`,
    [actor.accountId],
  )
  expect(rows[0]?.['id']).toBe(defaults.rows[0]?.['id'])
})
