import { makeJob, storesOf } from '@credkit/testing'
import { afterEach, expect, it } from 'vitest'
import { createPostgresStorage } from '../src/postgres-storage.js'
import { createTestDatabase, type TestDatabase } from './databases.js'
import { enqueue, settleDone } from './jobs.js'

let database: TestDatabase | undefined
afterEach(async () => {
  await database?.drop()
  database = undefined
})

it('never hands the same job to workers of two pools claiming concurrently', async () => {
  database = await createTestDatabase()
  const pools = [database.pool({ max: 4 }), database.pool({ max: 4 })]
  const storages = pools.map(createPostgresStorage)
  const accountId = 'acct-claims'
  const T0 = Date.parse('2026-01-01T00:00:00.000Z')
  await storesOf(storages[0]!).sync.putJobs(
    Array.from({ length: 200 }, (_, i) => ({
      ...makeJob({ accountId, credentialId: `c${String(i).padStart(3, '0')}`, region: 'eu-1' }),
      runAt: new Date(T0 + i),
      token: `t${i}`,
      leaseOwner: null,
      leaseExpiresAt: null,
    })),
  )
  const now = new Date(T0 + 1000)
  const worker = async (owner: string, storage: (typeof storages)[number]) => {
    const got: string[] = []
    for (;;) {
      const batch = await storesOf(storage).sync.claim(now, { owner, leaseMs: 60_000, limit: 7 })
      if (batch.length === 0) return got
      for (const job of batch) {
        expect(job.leaseOwner).toBe(owner)
        got.push(job.credentialId)
      }
    }
  }
  const claims = await Promise.all(Array.from({ length: 8 }, (_, w) => worker(`w${w}`, storages[w % 2]!)))
  const all = claims.flat()
  expect(new Set(all).size).toBe(all.length)
  expect(all).toHaveLength(200)
  // Both pools did part of the work, and the stored lease owners match what each worker got.
  expect(claims.filter((c) => c.length > 0).length).toBeGreaterThan(1)
  const { rows } = await pools[0]!.query('SELECT credential_id, lease_owner FROM credkit_sync_jobs')
  const owners = new Map(rows.map((r) => [r['credential_id'] as string, r['lease_owner'] as string]))
  claims.forEach((ids, w) => {
    for (const id of ids) expect(owners.get(id)).toBe(`w${w}`)
  })
})

it('gives each job of a claimed batch a new token, and only the current lease settles', async () => {
  database = await createTestDatabase()
  const storage = createPostgresStorage(database.pool({ max: 2 }))
  const stores = storesOf(storage)
  const accountId = 'acct-tokens'
  const T0 = Date.parse('2026-01-01T00:00:00.000Z')
  for (const credentialId of ['c1', 'c2', 'c3']) {
    await enqueue(storage, makeJob({ accountId, credentialId, region: 'eu-1', runAt: new Date(T0) }))
  }
  const enqueued = await Promise.all(['c1', 'c2', 'c3'].map((id) => stores.sync.listJobs(accountId, [id])))
  const first = await stores.sync.claim(new Date(T0), { owner: 'w1', leaseMs: 1000, limit: 10 })
  const second = await stores.sync.claim(new Date(T0 + 1000), { owner: 'w1', leaseMs: 1000, limit: 10 })
  const tokens = [...enqueued.flat(), ...first, ...second].map((job) => job.token)
  expect(new Set(tokens).size).toBe(9)
  // Same owner, expired lease: the stale settle neither settles nor releases the new lease.
  expect(await settleDone(storage, first[0]!)).toBe(false)
  expect(await stores.sync.listJobs(accountId, [first[0]!.credentialId])).toMatchObject([
    { token: second[0]!.token, leaseOwner: 'w1', leaseExpiresAt: new Date(T0 + 2000) },
  ])
  expect(await settleDone(storage, second[0]!)).toBe(true)
  expect(await stores.sync.listJobs(accountId, [second[0]!.credentialId])).toEqual([])
})
